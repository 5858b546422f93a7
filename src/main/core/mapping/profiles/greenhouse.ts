import type {
  AtsPlanInfo,
  AtsSource,
  AtsTarget,
  AtsToKulaTarget,
  KulaStageRole,
  KulaToAtsTarget,
  MappingTables,
  TargetResolution,
} from '../../../../shared/domain/mapping';
import { reasonRef } from '../catalog';
import type { CachedReason, CachedStage } from '../snapshot';
import type { DefaultsInput, MappingProfile } from './profile';
import { groupRef, stageGroups, stagesByPlan } from './stage-groups';

/**
 * Greenhouse: every job has its own interview plan, so the same stage name on ten jobs is ten
 * stages. Admins think of them as "Application Review" (first on every job), screens, interviews
 * and "Offer" (last on every job), so the rows are stage names grouped that way, with per-job
 * overrides. Rejecting is not a stage: the application is closed with a rejection reason, so
 * Kula → Greenhouse offers two "reject" targets by reason type, and a closed application reads
 * back through its reason (hired ones through the console's "Hired" reason). See
 * docs/greenhouse.md.
 */
const KIND_ORDER = ['ApplicationReview', 'Screen', 'Interview', 'Offer'];
const KIND_LABELS: Record<string, string> = {
  ApplicationReview: 'Application review',
  Screen: 'Screens',
  Interview: 'Interviews',
  Offer: 'Offer',
};
/**
 * "Application Review" is where every new application lands, the console's included: it leaves
 * the Kula candidate where they are (new, contacted, replied) rather than pulling them forward.
 */
const ROLE_BY_KIND: Record<string, KulaStageRole | 'unchanged'> = {
  ApplicationReview: 'unchanged',
  Screen: 'interested',
  Interview: 'interviewing',
  Offer: 'offer',
};
/** Rejection reason types: who ended it (Greenhouse's `type.key`). */
const ORG_SIDE = ['WE_REJECTED_THEM', 'NONE_SPECIFIED', 'SECURITY_CONCERN'];
const CANDIDATE_SIDE = ['THEY_REJECTED_US'];

const kindLabel = (type: string | null) => (type ? (KIND_LABELS[type] ?? type) : 'Other');
const kindRank = (type: string | null) => {
  const index = type ? KIND_ORDER.indexOf(type) : -1;
  return index === -1 ? KIND_ORDER.length : index;
};

const coverage = (count: number, total: number) =>
  count < total ? `on ${count} of ${total} jobs` : null;

const landing = (stage: CachedStage): TargetResolution => ({
  stageId: stage.remoteId,
  stageTitle: stage.title,
  sourceRef: groupRef(stage),
});

function stageTarget(
  fields: Pick<AtsTarget, 'ref' | 'label' | 'group' | 'detail' | 'planId'>,
  resolution: Record<string, TargetResolution>,
): AtsTarget {
  return { ...fields, archives: false, archiveReason: 'forbidden', reasonTypes: null, resolution };
}

function reasonRole(reason: CachedReason): KulaStageRole {
  if (reason.reasonType === 'HIRED') return 'hired';
  return CANDIDATE_SIDE.includes(reason.reasonType ?? '') ? 'not_interested' : 'rejected';
}

export const greenhouseProfile: MappingProfile = {
  provider: 'greenhouse',
  requiresConfirmation: false,
  perPlanOverrides: true,
  archivedUsesStageRow: false,

  stageSources(snapshot): AtsSource[] {
    const total = new Set(snapshot.stages.map((stage) => stage.planId ?? '')).size;
    return stageGroups(snapshot, kindRank).map((group) => ({
      ref: group.ref,
      label: group.label,
      kind: 'stage',
      group: kindLabel(group.type),
      detail: coverage(group.plans.size, total),
      exists: true,
    }));
  },

  targets(snapshot, plans: AtsPlanInfo[]): AtsTarget[] {
    const byPlan = stagesByPlan(snapshot);
    const total = byPlan.size;
    const targets: AtsTarget[] = [];
    const kinds = [...new Set(snapshot.stages.map((stage) => stage.type))].sort(
      (a, b) => kindRank(a) - kindRank(b),
    );
    for (const kind of kinds) {
      const resolution: Record<string, TargetResolution> = {};
      for (const [plan, stages] of byPlan) {
        const first = stages.find((stage) => stage.type === kind);
        if (first) resolution[plan] = landing(first);
      }
      targets.push(
        stageTarget(
          {
            ref: `first:${kind ?? ''}`,
            label: `First ${kindLabel(kind).toLowerCase().replace(/s$/, '')} stage`,
            group: kindLabel(kind),
            detail: coverage(Object.keys(resolution).length, total),
            planId: null,
          },
          resolution,
        ),
      );
    }
    for (const group of stageGroups(snapshot, kindRank)) {
      const resolution: Record<string, TargetResolution> = {};
      for (const [plan, stages] of byPlan) {
        const match = stages.find((stage) => groupRef(stage) === group.ref);
        if (match) resolution[plan] = landing(match);
      }
      targets.push(
        stageTarget(
          {
            ref: group.ref,
            label: group.label,
            group: kindLabel(group.type),
            detail: coverage(group.plans.size, total),
            planId: null,
          },
          resolution,
        ),
      );
    }
    const titles = new Map(plans.map((plan) => [plan.key, plan.title]));
    for (const [plan, stages] of byPlan) {
      for (const stage of stages) {
        targets.push(
          stageTarget(
            {
              ref: `stage:${stage.remoteId}`,
              label: stage.title,
              group: kindLabel(stage.type),
              detail: titles.get(plan) ?? null,
              planId: plan,
            },
            { [plan]: landing(stage) },
          ),
        );
      }
    }
    const closed: Record<string, TargetResolution> = {};
    for (const plan of new Set([...byPlan.keys(), ...plans.map((p) => p.key)])) {
      closed[plan] = { stageId: null, stageTitle: null, sourceRef: null };
    }
    const reject = (ref: string, label: string, reasonTypes: string[]): AtsTarget => ({
      ref,
      label,
      group: 'Reject',
      detail: null,
      planId: null,
      archives: true,
      archiveReason: 'required',
      reasonTypes,
      resolution: closed,
    });
    targets.push(
      reject('reject:org', 'Reject (we rejected them)', ORG_SIDE),
      reject('reject:candidate', 'Reject (they rejected us)', CANDIDATE_SIDE),
    );
    return targets;
  },

  stageSourceRef: groupRef,

  defaults({ snapshot, catalog, kulaStages, roles }: DefaultsInput): MappingTables {
    const toKula = (role: KulaStageRole | 'unchanged' | null): AtsToKulaTarget | null => {
      if (role === 'unchanged') return { kind: 'unchanged' };
      const id = role ? roles.get(role) : undefined;
      return id ? { kind: 'stage', kulaStageId: id } : null;
    };
    const groups = new Map(stageGroups(snapshot, kindRank).map((group) => [group.ref, group]));
    const reasons = new Map(snapshot.reasons.map((reason) => [reasonRef(reason.remoteId), reason]));
    const atsToKula = catalog.sources.map((source) => {
      const reason = reasons.get(source.ref);
      const group = groups.get(source.ref);
      return {
        atsRef: source.ref,
        target: toKula(
          reason ? reasonRole(reason) : group?.type ? (ROLE_BY_KIND[group.type] ?? null) : null,
        ),
      };
    });

    const livePlans = catalog.plans.filter((plan) => !plan.archived).map((plan) => plan.key);
    const targets = new Map(catalog.targets.map((target) => [target.ref, target]));
    const reach = (ref: string) =>
      livePlans.filter((plan) => targets.get(ref)?.resolution[plan]).length;
    const move = (ref: string | undefined): KulaToAtsTarget =>
      ref && targets.has(ref)
        ? { kind: 'move', atsRef: ref, archiveReasonId: null }
        : { kind: 'none' };
    const rejectWith = (ref: string, types: string[]): KulaToAtsTarget => {
      const reason = snapshot.reasons.find(
        (candidate) => !candidate.archived && types.includes(candidate.reasonType ?? ''),
      );
      return reason
        ? { kind: 'move', atsRef: ref, archiveReasonId: reason.remoteId }
        : { kind: 'none' };
    };
    // Only where every open job has a screen: otherwise "Interested" stays put in Greenhouse
    // rather than landing on an interview that reads back as "Interviewing".
    const everywhere = (ref: string) => targets.has(ref) && reach(ref) === livePlans.length;
    const byRole: Record<KulaStageRole, () => KulaToAtsTarget> = {
      // Greenhouse has no sourcing stages: an outreach stays put until the candidate is interested.
      new: () => ({ kind: 'none' }),
      contacted: () => ({ kind: 'none' }),
      replied: () => ({ kind: 'none' }),
      interested: () => move(everywhere('first:Screen') ? 'first:Screen' : undefined),
      interviewing: () => move('first:Interview'),
      offer: () => move('first:Offer'),
      // Hiring goes through an offer in Greenhouse; the console only reads it.
      hired: () => ({ kind: 'none' }),
      not_interested: () => rejectWith('reject:candidate', CANDIDATE_SIDE),
      rejected: () => rejectWith('reject:org', ORG_SIDE),
    };
    const kulaToAts = kulaStages.map((stage) => ({
      kulaStageId: stage.id,
      planId: null,
      target: stage.role ? byRole[stage.role]() : null,
    }));
    return { atsToKula, kulaToAts };
  },
};
