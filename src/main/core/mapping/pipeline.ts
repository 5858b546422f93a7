import type { KulaStage } from '../../../shared/domain/mapping';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { inTransaction } from '../db/database';
import { deleteKulaStageRow, setKulaStagePositions } from '../db/repos/kula-stages';
import {
  atsToKulaRowsPointingAt,
  bumpRevision,
  connectionsMappingKulaStage,
  unmapKulaStageInAtsToKula,
} from '../db/repos/stage-mapping';
import { ConsoleError } from '../errors';
import {
  countUsage,
  insertKulaStage,
  listKulaStages,
  moveKulaStageRow,
  renameKulaStageRow,
  requireKulaStage,
} from './kula-stages';

/**
 * Changes to Kula's pipeline, as the editor and the CLI make them, each audited. Adding a stage
 * gives it an unmapped Kula → ATS row on every connection (the lint asks for a target); renaming
 * and reordering change no mapping. A stage can be removed only while nothing is in it.
 */

/** What a change to the pipeline uses: the database, the time, `db:changed` and the audit trail. */
export type PipelineDeps = Pick<CoreBasics, 'db' | 'clock' | 'events' | 'audit'>;

function changed(ctx: Pick<CoreBasics, 'events'>): void {
  ctx.events.changed('kula_stages', 'stage_mapping');
}

export function listPipeline(ctx: Pick<CoreBasics, 'db'>): KulaStage[] {
  return listKulaStages(ctx.db);
}

export function addKulaStage(
  ctx: PipelineDeps,
  input: { name: string; after?: string | null | undefined },
): KulaStage {
  const now = isoNow(ctx.clock);
  const stage = inTransaction(ctx.db, () => {
    const afterId = input.after ? requireKulaStage(ctx.db, input.after).id : null;
    return insertKulaStage(ctx.db, { name: input.name, afterId, now });
  });
  ctx.audit(
    'kula-stage.add',
    stage.id,
    `Added Kula stage "${stage.name}" at position ${stage.position + 1}; every connection's Kula → ATS table has a new row to map.`,
  );
  changed(ctx);
  return stage;
}

export function renameKulaStage(
  ctx: PipelineDeps,
  input: { stage: string; name: string },
): KulaStage {
  const now = isoNow(ctx.clock);
  const { before, after } = inTransaction(ctx.db, () => {
    const stage = requireKulaStage(ctx.db, input.stage);
    const name = renameKulaStageRow(ctx.db, stage.id, input.name, now);
    return { before: stage, after: { ...stage, name } };
  });
  if (before.name !== after.name) {
    ctx.audit(
      'kula-stage.rename',
      after.id,
      `Renamed Kula stage "${before.name}" to "${after.name}".`,
    );
    changed(ctx);
  }
  return after;
}

/** Moves a stage to a 1-based position. */
export function moveKulaStage(
  ctx: PipelineDeps,
  input: { stage: string; position: number },
): KulaStage[] {
  const now = isoNow(ctx.clock);
  const { stage, stages } = inTransaction(ctx.db, () => {
    const stage = requireKulaStage(ctx.db, input.stage);
    const count = listKulaStages(ctx.db).length;
    if (!Number.isInteger(input.position) || input.position < 1 || input.position > count) {
      throw new ConsoleError(
        'BAD_INPUT',
        `Position ${input.position} is outside the pipeline (1 to ${count}).`,
        `Use a position from 1 to ${count}.`,
      );
    }
    moveKulaStageRow(ctx.db, stage.id, input.position - 1, now);
    return { stage, stages: listKulaStages(ctx.db) };
  });
  if (stage.position !== input.position - 1) {
    ctx.audit(
      'kula-stage.reorder',
      stage.id,
      `Moved Kula stage "${stage.name}" from position ${stage.position + 1} to ${input.position}: ${stages.map((s) => s.name).join(' → ')}.`,
    );
    changed(ctx);
  }
  return stages;
}

/** Sets the whole order at once (the editor's drag and drop sends it). */
export function reorderKulaStages(ctx: PipelineDeps, ids: string[]): KulaStage[] {
  const now = isoNow(ctx.clock);
  const { before, stages } = inTransaction(ctx.db, () => {
    const before = listKulaStages(ctx.db);
    const known = before.map((stage) => stage.id);
    if (ids.length !== known.length || [...ids].sort().join() !== [...known].sort().join()) {
      throw new ConsoleError(
        'CONFLICT',
        'The pipeline changed while you were reordering it.',
        'Reload the Kula pipeline and move the stage again.',
      );
    }
    setKulaStagePositions(ctx.db, ids, now);
    return { before, stages: listKulaStages(ctx.db) };
  });
  if (before.map((stage) => stage.id).join() !== ids.join()) {
    ctx.audit(
      'kula-stage.reorder',
      null,
      `Reordered Kula's pipeline: ${stages.map((stage) => stage.name).join(' → ')}.`,
    );
    changed(ctx);
  }
  return stages;
}

/**
 * Removes an unused stage. Its Kula → ATS rows go with it; ATS → Kula rows that pointed at it
 * become "not mapped" (a candidate reaching that ATS stage stays where they are in Kula) and are
 * flagged for review, on every connection.
 */
export function removeKulaStage(
  ctx: PipelineDeps,
  input: { stage: string },
): { removed: KulaStage; unmappedRows: Array<{ connectionId: string; atsLabel: string }> } {
  const now = isoNow(ctx.clock);
  const result = inTransaction(ctx.db, () => {
    const stage = requireKulaStage(ctx.db, input.stage);
    const usage = countUsage(ctx.db, stage.id);
    if (usage.total > 0) {
      throw new ConsoleError(
        'CONFLICT',
        `Kula stage "${stage.name}" is in use (${usage.parts.join(', ')}) and cannot be removed.`,
        'Move those candidates to another stage first, or rename this stage instead.',
      );
    }
    if (listKulaStages(ctx.db).length <= 1) {
      throw new ConsoleError(
        'CONFLICT',
        'The pipeline needs at least one stage.',
        'Add another stage before removing this one.',
      );
    }
    const pointing = atsToKulaRowsPointingAt(ctx.db, stage.id);
    const touched = connectionsMappingKulaStage(ctx.db, stage.id);
    unmapKulaStageInAtsToKula(ctx.db, stage.id, now);
    deleteKulaStageRow(ctx.db, stage.id);
    const remaining = listKulaStages(ctx.db).map((candidate) => candidate.id);
    setKulaStagePositions(ctx.db, remaining, now);
    for (const connectionId of touched) bumpRevision(ctx.db, connectionId, now);
    return {
      removed: stage,
      unmappedRows: pointing.map((row) => ({
        connectionId: row.connection_id,
        atsLabel: row.ats_label,
      })),
    };
  });
  const rows = result.unmappedRows;
  ctx.audit(
    'kula-stage.remove',
    result.removed.id,
    `Removed Kula stage "${result.removed.name}".${
      rows.length
        ? ` ${rows.length} ATS → Kula row${rows.length === 1 ? '' : 's'} that pointed at it (${rows
            .slice(0, 5)
            .map((row) => `"${row.atsLabel}"`)
            .join(
              ', ',
            )}${rows.length > 5 ? ', …' : ''}) ${rows.length === 1 ? 'is' : 'are'} now not mapped (candidates reaching ${rows.length === 1 ? 'that ATS stage' : 'those ATS stages'} stay where they are in Kula) and flagged for review.`
        : ''
    }`,
  );
  changed(ctx);
  return result;
}
