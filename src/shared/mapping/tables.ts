import type {
  AtsCatalog,
  AtsTarget,
  AtsToKulaRow,
  AtsToKulaTarget,
  KulaToAtsRow,
  KulaToAtsTarget,
  MappingTables,
} from '../domain/mapping';

/**
 * Pure helpers over mapping tables, shared by the core (resolver, CLI, save) and the editor
 * (lint and diff while the admin drags), so both read a mapping the same way.
 */

export function atsToKulaKey(atsRef: string): string {
  return `ats-to-kula:${atsRef}`;
}

export function kulaToAtsKey(kulaStageId: string, planId: string | null): string {
  return `kula-to-ats:${kulaStageId}|${planId ?? ''}`;
}

export function sameAtsToKulaTarget(
  a: AtsToKulaTarget | null | undefined,
  b: AtsToKulaTarget | null | undefined,
): boolean {
  if (!a || !b) return !a && !b;
  if (a.kind === 'stage' && b.kind === 'stage') return a.kulaStageId === b.kulaStageId;
  return a.kind === b.kind;
}

export function sameKulaToAtsTarget(
  a: KulaToAtsTarget | null | undefined,
  b: KulaToAtsTarget | null | undefined,
): boolean {
  if (!a || !b) return !a && !b;
  if (a.kind === 'move' && b.kind === 'move')
    return a.atsRef === b.atsRef && a.archiveReasonId === b.archiveReasonId;
  return a.kind === b.kind;
}

/** Rows in a stable order (by key), so two tables compare and export identically. */
export function canonicalTables(tables: MappingTables): MappingTables {
  return {
    atsToKula: [...tables.atsToKula].sort((a, b) => compare(a.atsRef, b.atsRef)),
    kulaToAts: [...tables.kulaToAts].sort((a, b) =>
      compare(kulaToAtsKey(a.kulaStageId, a.planId), kulaToAtsKey(b.kulaStageId, b.planId)),
    ),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function indexAtsToKula(tables: MappingTables): Map<string, AtsToKulaRow> {
  return new Map(tables.atsToKula.map((row) => [row.atsRef, row]));
}

export function indexKulaToAts(tables: MappingTables): Map<string, KulaToAtsRow> {
  return new Map(tables.kulaToAts.map((row) => [kulaToAtsKey(row.kulaStageId, row.planId), row]));
}

/** The row that decides a Kula stage's move in one plan: the plan's override, else the rule. */
export function effectiveKulaToAtsRow(
  index: Map<string, KulaToAtsRow>,
  kulaStageId: string,
  planKey: string,
): KulaToAtsRow | undefined {
  return (
    (planKey ? index.get(kulaToAtsKey(kulaStageId, planKey)) : undefined) ??
    index.get(kulaToAtsKey(kulaStageId, null))
  );
}

/**
 * The ATS → Kula rows an application is read back through once a move to `target` has landed,
 * in priority order: an archived application's reason first, then its stage (where the ATS keeps
 * a meaningful stage on archived applications).
 */
export function landingRefs(
  catalog: Pick<AtsCatalog, 'archivedUsesStageRow'>,
  target: AtsTarget,
  planKey: string,
  archiveReasonId: string | null,
): string[] {
  const refs: string[] = [];
  if (target.archives && archiveReasonId) refs.push(`reason:${archiveReasonId}`);
  const sourceRef = target.resolution[planKey]?.sourceRef;
  if (sourceRef && (!target.archives || catalog.archivedUsesStageRow)) refs.push(sourceRef);
  return refs;
}

/** The first mapped ATS → Kula row among `refs`; unmapped rows are passed over. */
export function readBack(
  index: Map<string, AtsToKulaRow>,
  refs: readonly string[],
): { atsRef: string; target: AtsToKulaTarget } | null {
  for (const ref of refs) {
    const target = index.get(ref)?.target;
    if (target) return { atsRef: ref, target };
  }
  return null;
}

/**
 * Rebases a draft onto a newer mapping in force: the rows the admin changed (draft vs. the
 * version the draft started from) are reapplied over the newer mapping; everything else follows
 * the newer mapping.
 */
export function rebaseDraft(
  draft: MappingTables,
  startedFrom: MappingTables,
  latest: MappingTables,
): MappingTables {
  const base = { a: indexAtsToKula(startedFrom), k: indexKulaToAts(startedFrom) };
  const mine = { a: indexAtsToKula(draft), k: indexKulaToAts(draft) };
  const atsToKula = new Map(indexAtsToKula(latest));
  const kulaToAts = new Map(indexKulaToAts(latest));
  for (const [ref, row] of mine.a) {
    if (!sameAtsToKulaTarget(row.target, base.a.get(ref)?.target)) atsToKula.set(ref, row);
  }
  for (const [key, row] of mine.k) {
    if (!base.k.has(key) || !sameKulaToAtsTarget(row.target, base.k.get(key)?.target))
      kulaToAts.set(key, row);
  }
  for (const key of base.k.keys()) {
    // An override the admin removed in the draft stays removed.
    if (!mine.k.has(key) && base.k.get(key)?.planId) kulaToAts.delete(key);
  }
  return { atsToKula: [...atsToKula.values()], kulaToAts: [...kulaToAts.values()] };
}
