import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type {
  MappingChangeSource,
  MappingExport,
  MappingImportPreview,
  MappingSaveResult,
  MappingStatus,
  MappingTables,
  MappingView,
} from '../../../shared/domain/mapping';
import { diffMappings } from '../../../shared/mapping/diff';
import { atsToKulaKey, kulaToAtsKey } from '../../../shared/mapping/tables';
import { lintCounts, lintMapping, type LintIssue } from '../../../shared/mapping/lint';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { inTransaction } from '../db/database';
import { getMappingState } from '../db/repos/stage-mapping';
import { ConsoleError } from '../errors';
import { applyTables, summarizeChanges } from './apply';
import { loadCurrentMapping, type CurrentMapping } from './current';
import { mappingFileName, mappingFileText, parseMappingFile, toMappingFile } from './file-format';
import { mappingStatus } from './status';

/**
 * The mapping's operations as the editor (IPC) and the CLI use them. Every change is one
 * transaction, is checked against the revision the caller saw, lands in the audit trail, and
 * emits `db:changed` for `stage_mapping`.
 */

/** What a change to the mapping uses: the database, the time, who acts, the audit trail, events. */
export type MappingEditorDeps = Pick<CoreBasics, 'db' | 'clock' | 'events' | 'audit' | 'actor'>;

function toView(current: CurrentMapping): MappingView {
  return {
    connection: {
      id: current.connection.id,
      provider: current.connection.provider,
      label: current.connection.label,
    },
    kulaStages: current.kulaStages,
    catalog: current.catalog,
    inForce: current.stored.tables,
    defaults: current.defaults,
    rowMeta: current.stored.rowMeta,
    revision: current.stored.state?.revision ?? 0,
    status: mappingStatus(current.profile, current.stored.state),
  };
}

export function getMappingView(
  ctx: Pick<CoreBasics, 'db' | 'clock' | 'events'>,
  connectionId: string,
): MappingView {
  const before = getMappingState(ctx.db, connectionId)?.revision;
  const current = loadCurrentMapping(ctx.db, connectionId, isoNow(ctx.clock));
  if (current.stored.state?.revision !== before) ctx.events.changed('stage_mapping');
  return toView(current);
}

export function lintCurrent(current: CurrentMapping): LintIssue[] {
  return lintMapping({
    kulaStages: current.kulaStages,
    catalog: current.catalog,
    draft: current.stored.tables,
    inForce: current.stored.tables,
    rowMeta: current.stored.rowMeta,
  });
}

export function requireReady(current: CurrentMapping): void {
  if (!current.ready) {
    const ats = PROVIDER_LABELS[current.connection.provider];
    throw new ConsoleError(
      'CONFLICT',
      `No ${ats} stages have been imported for "${current.connection.label}" yet, so there is nothing to map.`,
      'Run a sync first; the mapping appears with working defaults once the stages are in.',
    );
  }
}

function requireRevision(current: CurrentMapping, baseRevision: number): void {
  const revision = current.stored.state?.revision ?? 0;
  if (revision !== baseRevision) {
    throw new ConsoleError(
      'CONFLICT',
      'The mapping changed while you were editing it (another window, the command line, or a sync that found new ATS stages).',
      'Reload it: your edits are kept and applied over the latest version, then review and save again.',
    );
  }
}

function refuseConfirmWithErrors(current: CurrentMapping, issues: LintIssue[]): void {
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) {
    const ats = PROVIDER_LABELS[current.connection.provider];
    throw new ConsoleError(
      'CONFLICT',
      `The mapping has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${errors[0]?.message}) so it cannot be confirmed; writes to ${ats} stay on hold.`,
      'Fix the errors the lint lists, then confirm again.',
    );
  }
}

const AUDIT_ACTIONS: Record<MappingChangeSource | 'cli', string> = {
  editor: 'mapping.save',
  reset: 'mapping.reset',
  import: 'mapping.import',
  cli: 'mapping.set',
};

interface SaveInput {
  connectionId: string;
  tables: MappingTables;
  /** The revision the tables were based on; null to apply over whatever is current (CLI). */
  baseRevision: number | null;
  source: MappingChangeSource | 'cli';
  /** Also confirm the mapping (Lever: allows writes). Refused while the lint has errors. */
  confirm?: boolean;
  /** Only the given rows change (CLI `mappings set`); otherwise the whole mapping is reviewed. */
  partial?: boolean;
  /** e.g. the imported file's name, for the audit trail. */
  note?: string;
  /** Row keys that stay flagged "needs review" (an imported file's flags). */
  needsReview?: string[];
}

export function saveMapping(ctx: MappingEditorDeps, input: SaveInput): MappingSaveResult {
  const now = isoNow(ctx.clock);
  const result = inTransaction(ctx.db, () => {
    const current = loadCurrentMapping(ctx.db, input.connectionId, now);
    requireReady(current);
    if (input.baseRevision !== null) requireRevision(current, input.baseRevision);
    if (input.confirm) {
      refuseConfirmWithErrors(
        current,
        lintMapping({
          kulaStages: current.kulaStages,
          catalog: current.catalog,
          draft: input.tables,
        }),
      );
    }
    const changes = applyTables(ctx.db, current, input.tables, {
      source: input.source,
      actor: ctx.actor,
      now,
      wholeMapping: !input.partial,
      ...(input.needsReview?.length ? { flagged: new Set(input.needsReview) } : {}),
      ...(input.confirm ? { confirmedBy: ctx.actor } : {}),
    });
    return { current, changes, state: getMappingState(ctx.db, input.connectionId) };
  });
  const label = result.current.connection.label;
  ctx.audit(
    AUDIT_ACTIONS[input.source],
    input.connectionId,
    `${label}${input.note ? ` (${input.note})` : ''}: ${summarizeChanges(result.changes)}`,
  );
  if (input.confirm) {
    ctx.audit(
      'mapping.confirm',
      input.connectionId,
      `${label}: mapping confirmed; writes allowed.`,
    );
  }
  ctx.events.changed('stage_mapping');
  return {
    revision: result.state?.revision ?? 0,
    changes: result.changes.length,
    status: mappingStatus(result.current.profile, result.state),
  };
}

/** Replaces the whole mapping with the defaults for the ATS's current stages. */
export function resetMapping(ctx: MappingEditorDeps, connectionId: string): MappingSaveResult {
  const current = loadCurrentMapping(ctx.db, connectionId, isoNow(ctx.clock));
  requireReady(current);
  return saveMapping(ctx, {
    connectionId,
    tables: current.defaults,
    baseRevision: current.stored.state?.revision ?? 0,
    source: 'reset',
  });
}

export function confirmMapping(ctx: MappingEditorDeps, connectionId: string): MappingStatus {
  const now = isoNow(ctx.clock);
  const current = loadCurrentMapping(ctx.db, connectionId, now);
  requireReady(current);
  return saveMapping(ctx, {
    connectionId,
    tables: current.stored.tables,
    baseRevision: current.stored.state?.revision ?? 0,
    source: 'editor',
    confirm: true,
    note: 'confirmed as it stands',
  }).status;
}

export function exportMapping(
  ctx: Pick<CoreBasics, 'db' | 'clock' | 'actor'>,
  connectionId: string,
): MappingExport {
  const now = isoNow(ctx.clock);
  const current = loadCurrentMapping(ctx.db, connectionId, now);
  requireReady(current);
  const file = toMappingFile(current, { exportedAt: now, exportedBy: ctx.actor });
  return { fileName: mappingFileName(current, now), text: mappingFileText(file) };
}

/** Validates a mapping file against this connection without changing anything. */
export function previewMappingImport(
  ctx: Pick<CoreBasics, 'db' | 'clock'>,
  connectionId: string,
  text: string,
): MappingImportPreview {
  const current = loadCurrentMapping(ctx.db, connectionId, isoNow(ctx.clock));
  requireReady(current);
  const parsed = parseMappingFile(current, text);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new ConsoleError(
      'BAD_INPUT',
      `The mapping file was refused and nothing was changed: ${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'}${first ? ` (first: ${first.path ? `${first.path}: ` : ''}${first.message})` : ''}.`,
      'Fix the rows listed, or export a fresh file from the source workspace, then import again.',
      parsed.issues,
    );
  }
  const merged = mergeOver(current.stored.tables, parsed.tables);
  const flagged = parsed.needsReview.length;
  return {
    tables: merged,
    notes: [
      ...parsed.notes,
      ...(flagged
        ? [
            `${flagged} row${flagged === 1 ? ' is' : 's are'} flagged "needs review" in the file and stay${flagged === 1 ? 's' : ''} flagged.`,
          ]
        : []),
    ],
    changes: diffMappings(current, current.stored.tables, merged).length,
    baseRevision: current.stored.state?.revision ?? 0,
    needsReview: [...new Set([...keptFlags(current, parsed.tables), ...parsed.needsReview])],
  };
}

/** Imports and applies a mapping file (the CLI; the editor previews, then saves). */
export function importMapping(
  ctx: MappingEditorDeps,
  connectionId: string,
  text: string,
  fileName: string,
): MappingSaveResult & { notes: string[] } {
  const preview = previewMappingImport(ctx, connectionId, text);
  const saved = saveMapping(ctx, {
    connectionId,
    tables: preview.tables,
    baseRevision: preview.baseRevision,
    source: 'import',
    note: `from ${fileName}`,
    needsReview: preview.needsReview,
  });
  return { ...saved, notes: preview.notes };
}

/** Flagged rows of the mapping in force that the file leaves out: nobody reviewed them. */
function keptFlags(current: CurrentMapping, file: MappingTables): string[] {
  const inFile = new Set([
    ...file.atsToKula.map((row) => atsToKulaKey(row.atsRef)),
    ...file.kulaToAts.map((row) => kulaToAtsKey(row.kulaStageId, row.planId)),
  ]);
  return Object.entries(current.stored.rowMeta)
    .filter(([key, meta]) => meta.needsReview && !inFile.has(key))
    .map(([key]) => key);
}

/** The file's rows over the mapping in force: rows the file leaves out keep their value. */
function mergeOver(inForce: MappingTables, file: MappingTables): MappingTables {
  const fileSources = new Set(file.atsToKula.map((row) => row.atsRef));
  const fileRules = new Set(
    file.kulaToAts.filter((row) => row.planId === null).map((row) => row.kulaStageId),
  );
  return {
    atsToKula: [
      ...inForce.atsToKula.filter((row) => !fileSources.has(row.atsRef)),
      ...file.atsToKula,
    ],
    kulaToAts: [
      ...inForce.kulaToAts.filter((row) => row.planId === null && !fileRules.has(row.kulaStageId)),
      ...file.kulaToAts,
    ],
  };
}

export { lintCounts };
