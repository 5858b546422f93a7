import type {
  AtsToKulaRow,
  KulaToAtsRow,
  MappingChangeSource,
  MappingTables,
} from '../../../shared/domain/mapping';
import type { InputIssue } from '../../../shared/ipc/result';
import { diffMappings, type MappingChange } from '../../../shared/mapping/diff';
import {
  atsToKulaKey,
  indexAtsToKula,
  indexKulaToAts,
  kulaToAtsKey,
  sameAtsToKulaTarget,
  sameKulaToAtsTarget,
} from '../../../shared/mapping/tables';
import type { DB } from '../db/database';
import { bumpRevision, clearNeedsReview, deleteAtsToKulaRow } from '../db/repos/stage-mapping';
import { ConsoleError } from '../errors';
import type { CurrentMapping } from './current';
import { deleteKulaToAts, writeAtsToKula, writeKulaToAts } from './store';

export interface ApplyOptions {
  source: MappingChangeSource | 'cli';
  actor: string;
  now: string;
  /**
   * The whole mapping was reviewed (editor save, import, reset): every row is accepted, review
   * flags clear (but for the rows in `flagged`), rows of stages the ATS no longer has are dropped, and per-plan overrides become
   * exactly those in `tables`. Otherwise (one row set from the CLI) only the given rows change,
   * and they are accepted as they are.
   * Either way a person changed the mapping, which counts as a review: from then on the console
   * no longer recomputes its defaults, and stages the ATS adds later are flagged "needs review".
   */
  wholeMapping: boolean;
  /** Row keys that keep (or get) the "needs review" flag: an imported file's flags. */
  flagged?: ReadonlySet<string>;
  confirmedBy?: string;
}

/**
 * Checks that every row refers to something that exists (a Kula stage, an ATS row, an ATS target
 * valid for the row's plan, an archive reason), so nothing dangling is written. Targets that the
 * ATS dropped may stay as they are (the lint reports them); they cannot be newly chosen.
 */
export function validateTables(current: CurrentMapping, tables: MappingTables): InputIssue[] {
  const issues: InputIssue[] = [];
  const kulaIds = new Set(current.kulaStages.map((stage) => stage.id));
  const sources = new Set(current.catalog.sources.map((source) => source.ref));
  const targets = new Map(current.catalog.targets.map((target) => [target.ref, target]));
  const reasons = new Set(current.catalog.archiveReasons.map((reason) => reason.id));
  const plans = new Set(current.catalog.plans.map((plan) => plan.key));
  const inForce = indexKulaToAts(current.stored.tables);
  const seenA = new Set<string>();
  tables.atsToKula.forEach((row, index) => {
    const path = `atsToKula.${index}`;
    if (seenA.has(row.atsRef)) issues.push({ path, message: `"${row.atsRef}" appears twice.` });
    seenA.add(row.atsRef);
    if (!sources.has(row.atsRef))
      issues.push({ path, message: `"${row.atsRef}" is not an ATS stage of this connection.` });
    if (row.target?.kind === 'stage' && !kulaIds.has(row.target.kulaStageId))
      issues.push({ path, message: `There is no Kula stage "${row.target.kulaStageId}".` });
  });
  const seenK = new Set<string>();
  tables.kulaToAts.forEach((row, index) => {
    const path = `kulaToAts.${index}`;
    const key = kulaToAtsKey(row.kulaStageId, row.planId);
    if (seenK.has(key)) issues.push({ path, message: 'This row appears twice.' });
    seenK.add(key);
    if (!kulaIds.has(row.kulaStageId)) {
      issues.push({ path, message: `There is no Kula stage "${row.kulaStageId}".` });
      return;
    }
    if (row.planId !== null && (!current.catalog.perPlanOverrides || !plans.has(row.planId))) {
      const former = inForce.has(key);
      if (!former)
        issues.push({
          path,
          message: `"${row.planId}" is not an interview plan of this connection.`,
        });
      return;
    }
    if (row.target?.kind !== 'move') return;
    const kept = inForce.get(key)?.target;
    const keeps = (field: 'atsRef' | 'archiveReasonId') =>
      kept?.kind === 'move' && row.target?.kind === 'move' && kept[field] === row.target[field];
    const target = targets.get(row.target.atsRef);
    if (!target) {
      if (!keeps('atsRef'))
        issues.push({
          path,
          message: `"${row.target.atsRef}" is not an ATS stage of this connection.`,
        });
      return;
    }
    if (target.planId !== null && target.planId !== row.planId) {
      issues.push({
        path,
        message: `"${target.label}" belongs to one interview plan; use it as that plan's override only.`,
      });
    }
    const reason = row.target.archiveReasonId;
    if (reason !== null && !reasons.has(reason) && !keeps('archiveReasonId'))
      issues.push({ path, message: `"${reason}" is not an archive reason of this connection.` });
  });
  return issues;
}

/** Writes `tables` over the mapping in force; returns the row changes made. */
export function applyTables(
  db: DB,
  current: CurrentMapping,
  tables: MappingTables,
  options: ApplyOptions,
): MappingChange[] {
  const issues = validateTables(current, tables);
  if (issues.length > 0) {
    throw new ConsoleError(
      'BAD_INPUT',
      `The mapping was not saved: ${issues.length} row${issues.length === 1 ? '' : 's'} refer to stages that do not exist (${issues[0]?.path}: ${issues[0]?.message}).`,
      'Reload the mapping and make the change again.',
      issues,
    );
  }
  const connectionId = current.connection.id;
  const before = current.stored.tables;
  const isReset = options.source === 'reset';
  // A row named on its own (CLI) was chosen by a person even when its value stays the same.
  const origin = (changed: boolean, key: string) =>
    isReset
      ? 'default'
      : changed || !options.wholeMapping
        ? 'admin'
        : (current.stored.rowMeta[key]?.origin ?? 'default');
  const needsReview = (key: string) => options.flagged?.has(key) ?? false;
  // Every row of a whole mapping is written below with its own flag; rows it leaves out are
  // dropped, so none keeps an old flag.
  if (options.wholeMapping) clearNeedsReview(db, connectionId);

  const oldA = indexAtsToKula(before);
  const newA = indexAtsToKula(tables);
  const labels = new Map(current.catalog.sources.map((source) => [source.ref, source]));
  for (const source of current.catalog.sources) {
    if (!source.exists) {
      if (options.wholeMapping) deleteAtsToKulaRow(db, connectionId, source.ref);
      continue;
    }
    const row: AtsToKulaRow | undefined = newA.get(source.ref);
    if (!row) continue;
    const key = atsToKulaKey(source.ref);
    const changed = !sameAtsToKulaTarget(row.target, oldA.get(source.ref)?.target);
    writeAtsToKula(db, connectionId, row, labels.get(source.ref)?.label ?? source.ref, {
      origin: origin(changed, key),
      needsReview: needsReview(key),
      now: options.now,
    });
  }

  const oldK = indexKulaToAts(before);
  const newK = indexKulaToAts(tables);
  const targets = new Map(current.catalog.targets.map((target) => [target.ref, target]));
  const labelOf = (row: KulaToAtsRow) =>
    row.target?.kind === 'move'
      ? (targets.get(row.target.atsRef)?.label ??
        current.stored.targetLabels.get(kulaToAtsKey(row.kulaStageId, row.planId)) ??
        null)
      : null;
  const plans = new Set(current.catalog.plans.map((plan) => plan.key));
  for (const [key, row] of newK) {
    if (row.planId !== null && (!plans.has(row.planId) || row.target === null)) continue;
    const changed = !oldK.has(key) || !sameKulaToAtsTarget(row.target, oldK.get(key)?.target);
    writeKulaToAts(db, connectionId, row, labelOf(row), {
      origin: origin(changed, key),
      needsReview: needsReview(key),
      now: options.now,
    });
  }
  if (options.wholeMapping) {
    for (const [key, row] of oldK) {
      const replacement = newK.get(key);
      const dropped =
        row.planId !== null &&
        (!replacement || replacement.target === null || !plans.has(row.planId));
      if (dropped) deleteKulaToAts(db, connectionId, row.kulaStageId, row.planId);
    }
  }

  const after = indexKulaToAts(tables);
  const existing = new Set(
    current.catalog.sources.filter((source) => source.exists).map((source) => source.ref),
  );
  const effective: MappingTables = {
    atsToKula: before.atsToKula
      .filter((row) => !options.wholeMapping || existing.has(row.atsRef))
      .map((row) => newA.get(row.atsRef) ?? row),
    kulaToAts: options.wholeMapping
      ? tables.kulaToAts.filter(
          (row) => row.planId === null || (row.target !== null && plans.has(row.planId)),
        )
      : [
          ...before.kulaToAts.map(
            (row) => after.get(kulaToAtsKey(row.kulaStageId, row.planId)) ?? row,
          ),
          ...tables.kulaToAts.filter((row) => !oldK.has(kulaToAtsKey(row.kulaStageId, row.planId))),
        ],
  };
  const changes = diffMappings(current, before, effective);
  bumpRevision(db, connectionId, options.now, {
    reviewedBy: options.actor,
    ...(options.confirmedBy ? { confirmedBy: options.confirmedBy } : {}),
  });
  return changes;
}

/** "N changes: a: x → y; b: …" for the audit trail, kept short. */
export function summarizeChanges(changes: MappingChange[], limit = 8): string {
  if (changes.length === 0) return 'no row changed';
  const lines = changes
    .slice(0, limit)
    .map(
      (change) =>
        `${change.direction === 'ats-to-kula' ? 'ATS→Kula' : 'Kula→ATS'} "${change.subject}": ${change.before} → ${change.after}`,
    );
  const more = changes.length > limit ? `; and ${changes.length - limit} more` : '';
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${lines.join('; ')}${more}`;
}
