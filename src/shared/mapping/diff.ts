import type { MappingTables } from '../domain/mapping';
import {
  describeAtsToKula,
  describeKulaToAts,
  kulaStageName,
  planLabel,
  sourceLabel,
  type MappingContext,
} from './labels';
import {
  atsToKulaKey,
  indexAtsToKula,
  indexKulaToAts,
  kulaToAtsKey,
  sameAtsToKulaTarget,
  sameKulaToAtsTarget,
} from './tables';

export interface MappingChange {
  key: string;
  direction: 'ats-to-kula' | 'kula-to-ats';
  /** The row: an ATS stage, or a Kula stage (with the plan for an override). */
  subject: string;
  before: string;
  after: string;
}

/** Row-by-row differences between the mapping in force and a draft, in table order. */
export function diffMappings(
  context: MappingContext,
  before: MappingTables,
  after: MappingTables,
): MappingChange[] {
  const changes: MappingChange[] = [];
  const a0 = indexAtsToKula(before);
  const a1 = indexAtsToKula(after);
  const sourceOrder = new Map(context.catalog.sources.map((source, index) => [source.ref, index]));
  const atsRefs = [...new Set([...a0.keys(), ...a1.keys()])].sort(
    (x, y) => (sourceOrder.get(x) ?? 1e9) - (sourceOrder.get(y) ?? 1e9) || x.localeCompare(y),
  );
  for (const ref of atsRefs) {
    const from = a0.get(ref)?.target;
    const to = a1.get(ref)?.target;
    if (a0.has(ref) && !a1.has(ref)) {
      changes.push({
        key: atsToKulaKey(ref),
        direction: 'ats-to-kula',
        subject: sourceLabel(context, ref),
        before: describeAtsToKula(context, from),
        after: 'Row removed',
      });
    } else if (!sameAtsToKulaTarget(from, to)) {
      changes.push({
        key: atsToKulaKey(ref),
        direction: 'ats-to-kula',
        subject: sourceLabel(context, ref),
        before: describeAtsToKula(context, from),
        after: describeAtsToKula(context, to),
      });
    }
  }
  const k0 = indexKulaToAts(before);
  const k1 = indexKulaToAts(after);
  const stageOrder = new Map(context.kulaStages.map((stage, index) => [stage.id, index]));
  const rows = [...new Map([...k0, ...k1]).values()].sort(
    (x, y) =>
      (stageOrder.get(x.kulaStageId) ?? 1e9) - (stageOrder.get(y.kulaStageId) ?? 1e9) ||
      (x.planId ?? '').localeCompare(y.planId ?? ''),
  );
  for (const row of rows) {
    const key = kulaToAtsKey(row.kulaStageId, row.planId);
    const from = k0.get(key);
    const to = k1.get(key);
    const plan = planLabel(context, row.planId);
    const subject = `${kulaStageName(context, row.kulaStageId)}${plan ? ` (plan ${plan})` : ''}`;
    const missingLabel = row.planId ? 'Uses the rule for every plan' : 'Row removed';
    if (from && to && sameKulaToAtsTarget(from.target, to.target)) continue;
    changes.push({
      key,
      direction: 'kula-to-ats',
      subject,
      before: from ? describeKulaToAts(context, from.target) : missingLabel,
      after: to ? describeKulaToAts(context, to.target) : missingLabel,
    });
  }
  return changes;
}
