import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type {
  AtsSource,
  AtsTarget,
  AtsToKulaTarget,
  KulaToAtsTarget,
  MappingTables,
} from '../../../shared/domain/mapping';
import { diffMappings, type MappingChange } from '../../../shared/mapping/diff';
import type { LintIssue } from '../../../shared/mapping/lint';
import { isoNow } from '../clock';
import { ConsoleError } from '../errors';
import { loadCurrentMapping, type CurrentMapping } from './current';
import { lintCurrent, requireReady, saveMapping, type MappingEditorDeps } from './service';

/**
 * One mapping row set from the command line (`mappings set`): stages, plans and archive reasons
 * are named by id or name, and only that row changes.
 */

export interface SetRowInput {
  connectionId: string;
  direction: 'ats-to-kula' | 'kula-to-ats';
  /** ATS stage (ref, id or name) for ats-to-kula; Kula stage (id or name) for kula-to-ats. */
  from: string;
  /** Kula stage or `unchanged`; ATS stage or `none`. */
  to: string;
  /** Interview plan (id or name) for a per-plan override. */
  plan?: string | undefined;
  /** Archive reason (id or name) for moves that archive. */
  archiveReason?: string | undefined;
}

/** One row, set from the command line (names or ids accepted). */
export function setMappingRow(
  ctx: MappingEditorDeps,
  input: SetRowInput,
): { changes: MappingChange[]; issues: LintIssue[] } {
  const current = loadCurrentMapping(ctx.db, input.connectionId, isoNow(ctx.clock));
  requireReady(current);
  const tables = {
    atsToKula: [] as MappingTables['atsToKula'],
    kulaToAts: [] as MappingTables['kulaToAts'],
  };
  const ats = PROVIDER_LABELS[current.connection.provider];
  if (input.direction === 'ats-to-kula') {
    if (input.plan || input.archiveReason) {
      throw new ConsoleError(
        'BAD_INPUT',
        '--plan and --archive-reason apply to --direction kula-to-ats only.',
        'Remove them, or set the Kula → ATS direction.',
      );
    }
    const sources = current.catalog.sources.filter((candidate) => candidate.exists);
    const keys = (candidate: AtsSource) => [
      candidate.ref,
      candidate.ref.replace(/^(stage|reason):/, ''),
      candidate.label,
    ];
    const source =
      findOne(sources, input.from, keys) ??
      sourceOfStageId(current, sources, input.from) ??
      pick(sources, input.from, keys, `${ats} stage or archive reason`);
    const target: AtsToKulaTarget = isWord(input.to, ['unchanged', 'leave unchanged'])
      ? { kind: 'unchanged' }
      : { kind: 'stage', kulaStageId: kulaStage(current, input.to) };
    tables.atsToKula.push({ atsRef: source.ref, target });
  } else {
    const kulaStageId = kulaStage(current, input.from);
    const planId = input.plan
      ? pick(
          current.catalog.plans.filter((plan) => plan.key !== ''),
          input.plan,
          (plan) => [plan.key, plan.title],
          'interview plan',
        ).key
      : null;
    let target: KulaToAtsTarget;
    let rowPlan = planId;
    if (isWord(input.to, ['none', "don't move", 'dont move'])) {
      if (input.archiveReason)
        throw new ConsoleError(
          'BAD_INPUT',
          '--archive-reason needs a target that archives.',
          'Remove it.',
        );
      target = { kind: 'none' };
    } else {
      // For a plan override, that plan's own stage first; then the options every plan shares;
      // then an ATS stage id, as the rule for every plan or, for a stage one plan alone has, as
      // that plan's override.
      const keys = (candidate: AtsTarget) => [
        candidate.ref,
        candidate.ref.replace(/^stage:/, ''),
        candidate.label,
      ];
      const own = current.catalog.targets.filter(
        (candidate) => planId !== null && candidate.planId === planId,
      );
      const shared = current.catalog.targets.filter((candidate) => candidate.planId === null);
      const byId =
        findOne(own, input.to, keys) || findOne(shared, input.to, keys)
          ? null
          : targetOfStageId(current, input.to, planId);
      const option = byId
        ? byId.target
        : (findOne(own, input.to, keys) ?? pick(shared, input.to, keys, `${ats} stage`));
      if (byId) rowPlan = byId.planId;
      const reason = input.archiveReason
        ? pick(
            current.catalog.archiveReasons,
            input.archiveReason,
            (candidate) => [candidate.id, candidate.title],
            'archive reason',
          ).id
        : null;
      target = { kind: 'move', atsRef: option.ref, archiveReasonId: reason };
    }
    tables.kulaToAts.push({ kulaStageId, planId: rowPlan, target });
  }
  saveMapping(ctx, {
    connectionId: input.connectionId,
    tables,
    baseRevision: null,
    source: 'cli',
    partial: true,
  });
  const after = loadCurrentMapping(ctx.db, input.connectionId, isoNow(ctx.clock));
  return {
    changes: diffMappings(current, current.stored.tables, after.stored.tables),
    issues: lintCurrent(after),
  };
}

/** The ATS → Kula row an application in the cached stage with this id is read through. */
function sourceOfStageId(
  current: CurrentMapping,
  sources: AtsSource[],
  stageId: string,
): AtsSource | undefined {
  const stage = current.snapshot.stages.find((candidate) => candidate.remoteId === stageId.trim());
  if (!stage) return undefined;
  const ref = current.profile.stageSourceRef(stage);
  return sources.find((source) => source.ref === ref);
}

/**
 * The Kula → ATS option that moves an application to the cached stage with this id: the option
 * every plan shares when the stage's group reaches beyond its own plan, else the stage itself as
 * an override of its plan. A `--plan` naming another plan than the stage's is refused.
 */
function targetOfStageId(
  current: CurrentMapping,
  stageId: string,
  planId: string | null,
): { target: AtsTarget; planId: string | null } | null {
  const stage = current.snapshot.stages.find((candidate) => candidate.remoteId === stageId.trim());
  if (!stage) return null;
  const stagePlan = stage.planId ?? '';
  const ats = PROVIDER_LABELS[current.connection.provider];
  if (planId !== null && planId !== stagePlan) {
    const title = (key: string) =>
      current.catalog.plans.find((plan) => plan.key === key)?.title ?? key;
    throw new ConsoleError(
      'BAD_INPUT',
      `${ats} stage "${stage.title}" (${stage.remoteId}) belongs to interview plan "${title(stagePlan)}", not "${title(planId)}".`,
      'Use a stage of that plan, or leave --plan out.',
    );
  }
  const lands = (target: AtsTarget) => target.resolution[stagePlan]?.stageId === stage.remoteId;
  const groupRef = current.profile.stageSourceRef(stage);
  const group = current.catalog.targets.find(
    (target) => target.planId === null && target.ref === groupRef && lands(target),
  );
  const reachesOtherPlans =
    group !== undefined && Object.keys(group.resolution).some((plan) => plan !== stagePlan);
  if (group && planId === null && (reachesOtherPlans || !current.catalog.perPlanOverrides))
    return { target: group, planId: null };
  const own = current.catalog.targets.find(
    (target) => target.planId === stagePlan && lands(target),
  );
  if (own && current.catalog.perPlanOverrides) return { target: own, planId: stagePlan };
  return group ? { target: group, planId: null } : null;
}

function isWord(value: string, words: string[]): boolean {
  return words.includes(value.trim().toLowerCase());
}

function kulaStage(current: CurrentMapping, idOrName: string): string {
  return pick(current.kulaStages, idOrName, (stage) => [stage.id, stage.name], 'Kula stage').id;
}

function findOne<T>(options: T[], wanted: string, keys: (option: T) => string[]): T | undefined {
  const exact = options.filter((option) => keys(option).includes(wanted));
  if (exact.length === 1) return exact[0];
  const lower = wanted.trim().toLowerCase();
  const loose = options.filter((option) => keys(option).some((key) => key.toLowerCase() === lower));
  return loose.length === 1 ? loose[0] : undefined;
}

/** Exact key first, then a unique case-insensitive match; otherwise a clear NOT_FOUND. */
function pick<T>(options: T[], wanted: string, keys: (option: T) => string[], what: string): T {
  const found = findOne(options, wanted, keys);
  if (found) return found;
  const lower = wanted.trim().toLowerCase();
  const loose = options.filter((option) => keys(option).some((key) => key.toLowerCase() === lower));
  throw new ConsoleError(
    'NOT_FOUND',
    loose.length > 1
      ? `"${wanted}" matches ${loose.length} of this connection's ${what}s.`
      : `There is no ${what} "${wanted}" in this connection.`,
    'Run `mappings show` to see the names and ids you can use.',
  );
}
