import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import {
  effectiveKulaToAtsRow,
  indexAtsToKula,
  indexKulaToAts,
  readBack,
} from '../../../shared/mapping/tables';
import type { DB } from '../db/database';
import { cachedApplicationState } from '../db/repos/mapping-cache';
import { reasonRef } from './catalog';
import { loadCurrentMapping, type CurrentMapping } from './current';
import { jobPlanIds, type CachedStage } from './snapshot';
import { mappingStatus } from './status';

/**
 * What the write-back engine asks the mapping, provider-neutral:
 * - Kula → ATS: "this candidate's application moved to Kula stage S in Kula: what ATS move
 *   applies?" → a move (ATS stage id and/or archive reason), none, or an error saying why;
 * - ATS → Kula: "the ATS reports this application in stage X: which Kula stage?" → a stage, or
 *   leave unchanged.
 * Open one per sync run (it reads the mapping once); it reads only the cache, so it works offline.
 *
 * How a move is sent is the provider's business: Ashby `application.changeStage` with `stageId`
 * (and `archiveReasonId` when given); Lever `PUT …/stage` when `stageId` is set, and
 * `PUT …/archived {reason}` when `archiveReasonId` is set (a Lever target never sets both; a
 * Lever move to a stage of an archived opportunity should also unarchive it).
 */

export type KulaToAtsDecision =
  | {
      kind: 'move';
      /** The ATS stage to move to; null when the move only archives (Lever). */
      stageId: string | null;
      archiveReasonId: string | null;
      /** The move archives the application (a rejection, or a Lever hire). */
      archives: boolean;
      /** For the sync log, e.g. `Kula "Hired" → Lever "Archive as hired" (reason: Hired)`. */
      rule: string;
    }
  | { kind: 'none'; rule: string }
  | {
      kind: 'error';
      code:
        | 'UNKNOWN_KULA_STAGE'
        | 'UNKNOWN_PLAN'
        | 'PLAN_LACKS_STAGE'
        | 'TARGET_GONE'
        | 'ARCHIVE_REASON_MISSING'
        | 'NOT_READY';
      message: string;
      action: string;
    };

export type AtsToKulaDecision =
  { kind: 'move'; kulaStageId: string; rule: string } | { kind: 'unchanged'; rule: string };

export interface KulaToAtsQuery {
  kulaStageId: string;
  /** The cached application (its current stage tells the plan). */
  applicationId?: string;
  /** For an application about to be created: the job it is for. */
  jobId?: string;
  /** When the caller knows the interview plan. */
  planId?: string;
}

export type AtsToKulaQuery =
  | { applicationId: string }
  | { stageId: string | null; archived: boolean; archiveReasonId: string | null };

export interface StageResolver {
  readonly connectionId: string;
  /** Whether the console may write to this ATS at all (Lever: only after a confirmed mapping). */
  readonly writeBack: { allowed: boolean; reason: string | null };
  kulaToAts(query: KulaToAtsQuery): KulaToAtsDecision;
  atsToKula(query: AtsToKulaQuery): AtsToKulaDecision;
}

export function openStageResolver(db: DB, connectionId: string, now: string): StageResolver {
  const current = loadCurrentMapping(db, connectionId, now);
  return new MappingResolver(db, current);
}

class MappingResolver implements StageResolver {
  readonly connectionId: string;
  readonly writeBack: { allowed: boolean; reason: string | null };
  private readonly ats: string;
  private readonly a2k;
  private readonly k2a;
  private readonly targets;
  private readonly stages: Map<string, CachedStage>;
  private readonly job;

  constructor(
    private readonly db: DB,
    private readonly current: CurrentMapping,
  ) {
    this.connectionId = current.connection.id;
    const status = mappingStatus(current.profile, current.stored.state);
    this.writeBack = { allowed: status.writeBackAllowed, reason: status.writeBackHeldReason };
    this.ats = PROVIDER_LABELS[current.connection.provider];
    this.a2k = indexAtsToKula(current.stored.tables);
    this.k2a = indexKulaToAts(current.stored.tables);
    this.targets = new Map(current.catalog.targets.map((target) => [target.ref, target]));
    this.stages = new Map(current.snapshot.stages.map((stage) => [stage.remoteId, stage]));
    this.job = new Map(current.snapshot.jobs.map((job) => [job.remoteId, job]));
  }

  kulaToAts(query: KulaToAtsQuery): KulaToAtsDecision {
    const stage = this.current.kulaStages.find((candidate) => candidate.id === query.kulaStageId);
    if (!this.current.ready) {
      return this.error(
        'NOT_READY',
        `No ${this.ats} stages are in the cache yet, so no move can be worked out.`,
        'Run a sync first.',
      );
    }
    if (!stage) {
      return this.error(
        'UNKNOWN_KULA_STAGE',
        `Kula stage "${query.kulaStageId}" does not exist.`,
        'Move the candidate to an existing stage.',
      );
    }
    const planKey = this.planFor(query);
    if (planKey === null) {
      return this.error(
        'UNKNOWN_PLAN',
        `Cannot tell which ${this.ats} interview plan this application uses, so the stage for "${stage.name}" cannot be chosen.`,
        'Run a sync so the application and its job are in the cache, then try again.',
      );
    }
    const row = effectiveKulaToAtsRow(this.k2a, stage.id, planKey);
    const plan = this.current.catalog.plans.find((candidate) => candidate.key === planKey);
    const inPlan = row?.planId && plan ? ` (override for plan "${plan.title}")` : '';
    if (!row?.target) {
      return {
        kind: 'none',
        rule: `Kula "${stage.name}" is not mapped to ${this.ats}; nothing moves. Map it under Stage mapping.`,
      };
    }
    if (row.target.kind === 'none') {
      return { kind: 'none', rule: `Kula "${stage.name}" → ${this.ats}: don't move${inPlan}.` };
    }
    const target = this.targets.get(row.target.atsRef);
    if (!target) {
      return this.error(
        'TARGET_GONE',
        `Kula "${stage.name}" maps to a ${this.ats} stage that no longer exists (${this.current.catalog.formerLabels[row.target.atsRef] ?? row.target.atsRef}).`,
        'Choose another target under Stage mapping.',
      );
    }
    const landing = target.resolution[planKey];
    if (!landing) {
      return this.error(
        'PLAN_LACKS_STAGE',
        `Interview plan "${plan?.title ?? planKey}" has no stage matching "${target.label}", which Kula "${stage.name}" maps to.`,
        `Add a per-plan override for "${stage.name}" in that plan under Stage mapping.`,
      );
    }
    const reasonId = row.target.archiveReasonId;
    if (target.archiveReason === 'required' && !reasonId) {
      return this.error(
        'ARCHIVE_REASON_MISSING',
        `Kula "${stage.name}" archives the application in ${this.ats} but the mapping has no archive reason.`,
        'Choose an archive reason for it under Stage mapping.',
      );
    }
    if (reasonId && !this.current.catalog.archiveReasons.some((reason) => reason.id === reasonId)) {
      return this.error(
        'TARGET_GONE',
        `The archive reason mapped for Kula "${stage.name}" no longer exists in ${this.ats}.`,
        'Choose another archive reason under Stage mapping.',
      );
    }
    const reason = this.current.catalog.archiveReasons.find(
      (candidate) => candidate.id === reasonId,
    );
    return {
      kind: 'move',
      stageId: landing.stageId,
      archiveReasonId: target.archiveReason === 'required' ? reasonId : null,
      archives: target.archives,
      rule: `Kula "${stage.name}" → ${this.ats} "${landing.stageTitle ?? target.label}"${reason ? ` (reason: ${reason.title})` : ''}${inPlan}.`,
    };
  }

  atsToKula(query: AtsToKulaQuery): AtsToKulaDecision {
    let state: { stageId: string | null; archived: boolean; archiveReasonId: string | null };
    if ('applicationId' in query) {
      const row = cachedApplicationState(this.db, this.connectionId, query.applicationId);
      if (!row) {
        return {
          kind: 'unchanged',
          rule: `Application ${query.applicationId} is not in the cache.`,
        };
      }
      state = {
        stageId: row.stage_id,
        archived: row.archived === 1,
        archiveReasonId: row.archive_reason_id,
      };
    } else {
      state = query;
    }
    const refs: string[] = [];
    if (state.archived && state.archiveReasonId) refs.push(reasonRef(state.archiveReasonId));
    const stage = state.stageId ? this.stages.get(state.stageId) : undefined;
    if (stage && (!state.archived || this.current.catalog.archivedUsesStageRow)) {
      refs.push(this.current.profile.stageSourceRef(stage));
    }
    const back = readBack(this.a2k, refs);
    const what = stage ? `"${stage.title}"` : (state.stageId ?? 'no stage');
    if (!back) {
      return {
        kind: 'unchanged',
        rule: refs.length
          ? `${this.ats} ${what}${state.archived ? ' (archived)' : ''} is not mapped to Kula; the candidate stays.`
          : `${this.ats} stage ${what} is not in the cache; the candidate stays.`,
      };
    }
    const source = back.atsRef.startsWith('reason:')
      ? `archived (${this.current.catalog.archiveReasons.find((reason) => reasonRef(reason.id) === back.atsRef)?.title ?? back.atsRef})`
      : what;
    if (back.target.kind === 'unchanged') {
      return { kind: 'unchanged', rule: `${this.ats} ${source} → Kula: leave unchanged.` };
    }
    const kulaStageId = back.target.kulaStageId;
    const kula = this.current.kulaStages.find((candidate) => candidate.id === kulaStageId);
    if (!kula) {
      return {
        kind: 'unchanged',
        rule: `${this.ats} ${source} maps to a Kula stage that no longer exists; the candidate stays.`,
      };
    }
    return { kind: 'move', kulaStageId, rule: `${this.ats} ${source} → Kula "${kula.name}".` };
  }

  /** '' for a global pipeline; the application's plan, else its job's; null when unknown. */
  private planFor(query: KulaToAtsQuery): string | null {
    const plans = this.current.catalog.plans;
    if (plans.length === 1 && plans[0]?.key === '') return '';
    const known = new Set(plans.map((plan) => plan.key));
    if (query.planId && known.has(query.planId)) return query.planId;
    let jobId = query.jobId;
    if (query.applicationId) {
      const row = cachedApplicationState(this.db, this.connectionId, query.applicationId);
      const planId = row?.stage_id ? this.stages.get(row.stage_id)?.planId : null;
      if (planId && known.has(planId)) return planId;
      jobId ??= row?.job_id ?? undefined;
    }
    const job = jobId ? this.job.get(jobId) : undefined;
    const fromJob = job ? jobPlanIds(job).find((id) => known.has(id)) : undefined;
    if (fromJob) return fromJob;
    return plans.length === 1 ? (plans[0]?.key ?? null) : null;
  }

  private error(
    code: Extract<KulaToAtsDecision, { kind: 'error' }>['code'],
    message: string,
    action: string,
  ): KulaToAtsDecision {
    return { kind: 'error', code, message, action };
  }
}
