import type { AtsPlanInfo, MappingTables, RowMeta } from '../domain/mapping';
import {
  atsName,
  describeAtsToKula,
  kulaStageName,
  reasonLabel,
  sourceLabel,
  targetLabel,
  type MappingContext,
} from './labels';
import {
  atsToKulaKey,
  effectiveKulaToAtsRow,
  indexAtsToKula,
  indexKulaToAts,
  kulaToAtsKey,
  landingRefs,
  readBack,
  sameAtsToKulaTarget,
  sameKulaToAtsTarget,
} from './tables';

export type LintSeverity = 'error' | 'warning' | 'info';

export type LintKind =
  | 'unmapped'
  | 'missing-target'
  | 'plan-lacks-stage'
  | 'round-trip'
  | 'missing-archive-reason'
  | 'archive-reason-not-allowed'
  | 'archive-reason-inactive'
  | 'needs-review'
  | 'stale-row';

export interface LintIssue {
  /** Stable, unique per issue. */
  id: string;
  severity: LintSeverity;
  kind: LintKind;
  direction: 'ats-to-kula' | 'kula-to-ats';
  /** The row to highlight (`atsToKulaKey` / `kulaToAtsKey`). */
  rowKey: string;
  /** What is wrong, in a sentence. */
  message: string;
  /** What to do about it. */
  fix: string;
}

export interface LintInput extends MappingContext {
  draft: MappingTables;
  /** The mapping in force and its row state, to tell which rows still need a review. */
  inForce?: MappingTables;
  rowMeta?: Record<string, RowMeta>;
}

const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Checks a mapping (a draft or the one in force) against Kula's pipeline and the ATS catalog:
 * unmapped stages, targets that no longer exist, interview plans that lack a mapped stage, round
 * trips that disagree (Kula A → ATS X → Kula B), archive reasons missing or not allowed, and new
 * stages that need a review. Errors mean a write would fail or go wrong; warnings need a look.
 */
export function lintMapping(input: LintInput): LintIssue[] {
  const issues: LintIssue[] = [];
  const ats = atsName(input);
  const kulaIds = new Set(input.kulaStages.map((stage) => stage.id));
  const a2k = indexAtsToKula(input.draft);
  const k2a = indexKulaToAts(input.draft);
  const forceA = input.inForce ? indexAtsToKula(input.inForce) : null;
  const forceK = input.inForce ? indexKulaToAts(input.inForce) : null;
  const targets = new Map(input.catalog.targets.map((target) => [target.ref, target]));
  const reasons = new Map(input.catalog.archiveReasons.map((reason) => [reason.id, reason]));
  const add = (issue: Omit<LintIssue, 'id'>) =>
    issues.push({ ...issue, id: `${issue.kind}:${issue.rowKey}:${issues.length}` });

  // ATS → Kula
  for (const source of input.catalog.sources) {
    const rowKey = atsToKulaKey(source.ref);
    const row = a2k.get(source.ref);
    const name = sourceLabel(input, source.ref);
    if (!source.exists) {
      add({
        severity: 'info',
        kind: 'stale-row',
        direction: 'ats-to-kula',
        rowKey,
        message: `"${name}" is no longer in ${ats}.`,
        fix: 'Nothing to do: the row is dropped when you save.',
      });
      continue;
    }
    if (!row?.target) {
      add({
        severity: 'warning',
        kind: 'unmapped',
        direction: 'ats-to-kula',
        rowKey,
        message: `${ats} ${source.kind === 'reason' ? 'archive reason' : 'stage'} "${source.label}" is not mapped: candidates who reach it stay where they are in Kula.`,
        fix: 'Drop a Kula stage on it, or choose "Leave unchanged".',
      });
    } else if (row.target.kind === 'stage' && !kulaIds.has(row.target.kulaStageId)) {
      add({
        severity: 'error',
        kind: 'missing-target',
        direction: 'ats-to-kula',
        rowKey,
        message: `"${name}" points at a Kula stage that no longer exists (${row.target.kulaStageId}).`,
        fix: 'Choose another Kula stage for it.',
      });
    }
    const meta = input.rowMeta?.[rowKey];
    if (
      meta?.needsReview &&
      (!forceA || sameAtsToKulaTarget(row?.target, forceA.get(source.ref)?.target))
    ) {
      add({
        severity: 'warning',
        kind: 'needs-review',
        direction: 'ats-to-kula',
        rowKey,
        message: `New in ${ats} since your last review: "${name}" (now: ${describeAtsToKula(input, row?.target)}).`,
        fix: 'Check where it should land in Kula, then save.',
      });
    }
  }

  // Kula → ATS
  const activePlans = plansToCheck(input.catalog.plans);
  const roundTrips = new Map<string, { rowKey: string; message: string; plans: string[] }>();
  for (const stage of input.kulaStages) {
    const ruleKey = kulaToAtsKey(stage.id, null);
    const rule = k2a.get(ruleKey);
    if (!rule?.target) {
      add({
        severity: 'warning',
        kind: 'unmapped',
        direction: 'kula-to-ats',
        rowKey: ruleKey,
        message: `Kula stage "${stage.name}" is not mapped: moving a candidate there changes nothing in ${ats}.`,
        fix: `Drop a ${ats} stage on it, or choose "Don't move".`,
      });
    }
    const meta = input.rowMeta?.[ruleKey];
    if (
      meta?.needsReview &&
      (!forceK || sameKulaToAtsTarget(rule?.target, forceK.get(ruleKey)?.target))
    ) {
      add({
        severity: 'warning',
        kind: 'needs-review',
        direction: 'kula-to-ats',
        rowKey: ruleKey,
        message: `Kula stage "${stage.name}" has a new default in ${ats} since your last review.`,
        fix: 'Check where it should move the application, then save.',
      });
    }
  }

  for (const row of input.draft.kulaToAts) {
    const rowKey = kulaToAtsKey(row.kulaStageId, row.planId);
    const stage = kulaStageName(input, row.kulaStageId);
    if (!kulaIds.has(row.kulaStageId)) continue;
    if (row.planId && !input.catalog.plans.some((plan) => plan.key === row.planId)) {
      add({
        severity: 'info',
        kind: 'stale-row',
        direction: 'kula-to-ats',
        rowKey,
        message: `The override of "${stage}" is for an interview plan ${ats} no longer has.`,
        fix: 'Nothing to do: the override is dropped when you save.',
      });
      continue;
    }
    if (row.target?.kind !== 'move') continue;
    const where = row.planId ? ` in plan "${planTitle(input.catalog.plans, row.planId)}"` : '';
    const target = targets.get(row.target.atsRef);
    if (!target) {
      add({
        severity: 'error',
        kind: 'missing-target',
        direction: 'kula-to-ats',
        rowKey,
        message: `"${stage}"${where} moves to ${ats} stage "${targetLabel(input, row.target.atsRef)}", which no longer exists.`,
        fix: `Choose another ${ats} stage for it.`,
      });
      continue;
    }
    const reasonId = row.target.archiveReasonId;
    if (target.archiveReason === 'required' && !reasonId) {
      add({
        severity: 'error',
        kind: 'missing-archive-reason',
        direction: 'kula-to-ats',
        rowKey,
        message: `"${stage}"${where} archives the application in ${ats} ("${target.label}") but has no archive reason; ${ats} refuses the move without one.`,
        fix: 'Choose an archive reason for this row.',
      });
    } else if (target.archiveReason === 'forbidden' && reasonId) {
      add({
        severity: 'error',
        kind: 'archive-reason-not-allowed',
        direction: 'kula-to-ats',
        rowKey,
        message: `"${stage}"${where} moves to "${target.label}", which does not archive, yet carries an archive reason; ${ats} refuses that.`,
        fix: 'Remove the archive reason, or choose an archiving stage.',
      });
    } else if (reasonId) {
      const reason = reasons.get(reasonId);
      if (!reason) {
        add({
          severity: 'error',
          kind: 'missing-target',
          direction: 'kula-to-ats',
          rowKey,
          message: `"${stage}"${where} uses an archive reason ${ats} no longer has (${reasonId}).`,
          fix: 'Choose another archive reason.',
        });
      } else if (target.reasonTypes && !target.reasonTypes.includes(reason.reasonType ?? '')) {
        add({
          severity: 'error',
          kind: 'archive-reason-not-allowed',
          direction: 'kula-to-ats',
          rowKey,
          message: `"${stage}"${where}: "${target.label}" needs a reason of type ${target.reasonTypes.join(' or ')}, but "${reason.title}" is ${reason.reasonType ?? 'untyped'}.`,
          fix: `Choose a ${target.reasonTypes.join(' or ')} archive reason.`,
        });
      } else if (reason.archived) {
        add({
          severity: 'warning',
          kind: 'archive-reason-inactive',
          direction: 'kula-to-ats',
          rowKey,
          message: `"${stage}"${where} uses the archive reason "${reason.title}", which is inactive in ${ats}; ${ats} may refuse it.`,
          fix: 'Choose an active archive reason.',
        });
      }
    }
  }

  for (const stage of input.kulaStages) {
    for (const plan of activePlans) {
      const row = effectiveKulaToAtsRow(k2a, stage.id, plan.key);
      if (row?.target?.kind !== 'move') continue;
      const target = targets.get(row.target.atsRef);
      if (!target) continue;
      const rowKey = kulaToAtsKey(stage.id, row.planId);
      if (!target.resolution[plan.key]) {
        const jobs = plan.jobs.map((job) => job.title);
        const jobText = jobs.length
          ? ` ${jobs.length} job${jobs.length === 1 ? ' uses' : 's use'} it (${jobs.slice(0, 3).join(', ')}${jobs.length > 3 ? `, +${jobs.length - 3} more` : ''});`
          : '';
        add({
          severity: jobs.length ? 'error' : 'warning',
          kind: 'plan-lacks-stage',
          direction: 'kula-to-ats',
          rowKey,
          message: `Interview plan "${plan.title}" has no stage matching "${target.label}".${jobText} moving a candidate to "${stage.name}" cannot move their application there.`,
          fix: `Add a per-plan override for "${stage.name}" in plan "${plan.title}", or choose a stage every plan has.`,
        });
        continue;
      }
      const back = readBack(
        a2k,
        landingRefs(input.catalog, target, plan.key, row.target.archiveReasonId),
      );
      if (
        back?.target.kind === 'stage' &&
        back.target.kulaStageId !== stage.id &&
        kulaIds.has(back.target.kulaStageId)
      ) {
        const landed = target.resolution[plan.key]?.stageTitle ?? target.label;
        const id = `${stage.id}>${back.atsRef}>${back.target.kulaStageId}`;
        const existing = roundTrips.get(id);
        if (existing) existing.plans.push(plan.title);
        else
          roundTrips.set(id, {
            rowKey,
            plans: [plan.title],
            message: `Round trip disagrees: Kula "${stage.name}" → ${ats} "${back.atsRef.startsWith('reason:') ? `archived (${reasonLabel(input, back.atsRef.slice(7))})` : landed}" → back to Kula "${kulaStageName(input, back.target.kulaStageId)}".`,
          });
      }
    }
  }
  for (const [id, trip] of roundTrips) {
    const plans = input.catalog.perPlanOverrides ? ` (plans: ${trip.plans.join(', ')})` : '';
    issues.push({
      id: `round-trip:${id}`,
      severity: 'warning',
      kind: 'round-trip',
      direction: 'kula-to-ats',
      rowKey: trip.rowKey,
      message: `${trip.message}${plans} A change the ATS reports back would move the candidate on in Kula.`,
      fix: 'Map the two directions consistently, or set the ATS → Kula row to "Leave unchanged".',
    });
  }
  return issues.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** Plans that jobs use; all live plans when no job names one (e.g. jobs not imported yet). */
function plansToCheck(plans: AtsPlanInfo[]): AtsPlanInfo[] {
  const live = plans.filter((plan) => !plan.archived || plan.jobs.length > 0);
  const used = live.filter((plan) => plan.jobs.length > 0);
  return used.length > 0 ? used : live;
}

function planTitle(plans: AtsPlanInfo[], key: string): string {
  return plans.find((plan) => plan.key === key)?.title ?? key;
}

export function lintCounts(issues: LintIssue[]): Record<LintSeverity, number> {
  const counts: Record<LintSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity] += 1;
  return counts;
}
