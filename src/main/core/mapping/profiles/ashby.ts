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
import type { CachedStage } from '../snapshot';
import type { DefaultsInput, MappingProfile } from './profile';
import {
  groupRef,
  normalizeTitle,
  stageGroups,
  stagesByPlan,
  type StageGroup,
} from './stage-groups';

/**
 * Ashby: stages belong to interview plans, and every stage has a type: `Lead` (New Lead, Reached
 * Out, Replied: fixed), `PreInterviewScreen`, `Active`, `Offer`, `Hired`, `Archived`. A move is
 * `application.changeStage` to a stage *of the application's plan*; moving to an `Archived` stage
 * needs an `archiveReasonId`, any other stage refuses one. See docs/ashby.md.
 *
 * So the mapping works on stage *groups* (type + title, the same in whichever plan) and, for
 * Kula → Ashby, on "the first stage of a type" patterns that resolve per plan, with per-plan
 * overrides to a concrete stage where a plan differs.
 */
const TYPE_ORDER = ['Lead', 'PreInterviewScreen', 'Active', 'Offer', 'Hired', 'Archived'];

const TYPE_LABELS: Record<string, string> = {
  Lead: 'Lead',
  PreInterviewScreen: 'Pre-interview screen',
  Active: 'Active',
  Offer: 'Offer',
  Hired: 'Hired',
  Archived: 'Archived',
};

/** Default ATS → Kula by stage type; Lead stages go by their fixed titles. */
const ROLE_BY_TYPE: Record<string, KulaStageRole> = {
  PreInterviewScreen: 'interested',
  Active: 'interviewing',
  Offer: 'offer',
  Hired: 'hired',
  Archived: 'rejected',
};

const LEAD_TITLES: Array<[RegExp, KulaStageRole]> = [
  [/^new( lead)?$/, 'new'],
  [/reached out|contacted|outreach/, 'contacted'],
  [/replied|responded|response/, 'replied'],
];

function typeLabel(type: string | null): string {
  return type ? (TYPE_LABELS[type] ?? type) : 'Other';
}

function typeRank(type: string | null): number {
  const index = type ? TYPE_ORDER.indexOf(type) : -1;
  return index === -1 ? TYPE_ORDER.length : index;
}

/** Said only where a stage is missing from some plans: that is what the admin must notice. */
function coverage(count: number, total: number): string | null {
  return count < total ? `in ${count} of ${total} plans` : null;
}

function landing(stage: CachedStage): TargetResolution {
  return { stageId: stage.remoteId, stageTitle: stage.title, sourceRef: groupRef(stage) };
}

function target(
  fields: Pick<AtsTarget, 'ref' | 'label' | 'group' | 'detail' | 'planId'>,
  type: string | null,
  resolution: Record<string, TargetResolution>,
): AtsTarget {
  const archives = type === 'Archived';
  return {
    ...fields,
    archives,
    archiveReason: archives ? 'required' : 'forbidden',
    reasonTypes: null,
    resolution,
  };
}

export const ashbyProfile: MappingProfile = {
  provider: 'ashby',
  requiresConfirmation: false,
  perPlanOverrides: true,
  archivedUsesStageRow: true,

  stageSources(snapshot): AtsSource[] {
    const total = new Set(snapshot.stages.map((stage) => stage.planId ?? '')).size;
    return stageGroups(snapshot, typeRank).map((group) => ({
      ref: group.ref,
      label: group.label,
      kind: 'stage',
      group: typeLabel(group.type),
      detail: coverage(group.plans.size, total),
      exists: true,
    }));
  },

  targets(snapshot, plans: AtsPlanInfo[]): AtsTarget[] {
    const byPlan = stagesByPlan(snapshot);
    const total = byPlan.size;
    const targets: AtsTarget[] = [];
    const types = [...new Set(snapshot.stages.map((stage) => stage.type))].sort(
      (a, b) => typeRank(a) - typeRank(b),
    );
    for (const type of types) {
      const resolution: Record<string, TargetResolution> = {};
      for (const [plan, stages] of byPlan) {
        const first = stages.find((stage) => stage.type === type);
        if (first) resolution[plan] = landing(first);
      }
      targets.push(
        target(
          {
            ref: `first:${type ?? ''}`,
            label: `First ${typeLabel(type)} stage`,
            group: typeLabel(type),
            detail: coverage(Object.keys(resolution).length, total),
            planId: null,
          },
          type,
          resolution,
        ),
      );
    }
    for (const group of stageGroups(snapshot, typeRank)) {
      const resolution: Record<string, TargetResolution> = {};
      for (const [plan, stages] of byPlan) {
        const match = stages.find((stage) => groupRef(stage) === group.ref);
        if (match) resolution[plan] = landing(match);
      }
      targets.push(
        target(
          {
            ref: group.ref,
            label: group.label,
            group: typeLabel(group.type),
            detail: coverage(group.plans.size, total),
            planId: null,
          },
          group.type,
          resolution,
        ),
      );
    }
    const planTitles = new Map(plans.map((plan) => [plan.key, plan.title]));
    for (const [plan, stages] of byPlan) {
      for (const stage of stages) {
        targets.push(
          target(
            {
              ref: `stage:${stage.remoteId}`,
              label: stage.title,
              group: typeLabel(stage.type),
              detail: planTitles.get(plan) ?? null,
              planId: plan,
            },
            stage.type,
            { [plan]: landing(stage) },
          ),
        );
      }
    }
    return targets;
  },

  stageSourceRef: groupRef,

  defaults({ snapshot, catalog, kulaStages, roles }: DefaultsInput): MappingTables {
    const stageTarget = (role: KulaStageRole | 'unchanged' | null): AtsToKulaTarget | null => {
      if (role === 'unchanged') return { kind: 'unchanged' };
      const id = role ? roles.get(role) : undefined;
      return id ? { kind: 'stage', kulaStageId: id } : null;
    };
    const groups = new Map(stageGroups(snapshot, typeRank).map((group) => [group.ref, group]));
    const atsToKula = catalog.sources.map((source) => {
      if (source.kind === 'reason') {
        const reason = snapshot.reasons.find(
          (candidate) => reasonRef(candidate.remoteId) === source.ref,
        );
        return {
          atsRef: source.ref,
          target: stageTarget(
            reason?.reasonType === 'RejectedByCandidate' ? 'not_interested' : 'rejected',
          ),
        };
      }
      const group = groups.get(source.ref);
      return { atsRef: source.ref, target: stageTarget(group ? groupRole(group) : null) };
    });

    const livePlans = catalog.plans.filter((plan) => !plan.archived).map((plan) => plan.key);
    const targets = new Map(catalog.targets.map((candidate) => [candidate.ref, candidate]));
    const inEveryPlan = (ref: string) => {
      const found = targets.get(ref);
      return found !== undefined && livePlans.every((plan) => found.resolution[plan]);
    };
    const exists = (ref: string) => targets.has(ref);
    const leadGroup = (role: KulaStageRole) =>
      [...groups.values()].find(
        (group) => group.type === 'Lead' && groupRole(group) === role && inEveryPlan(group.ref),
      )?.ref;
    const activeReason = (types: string[]) =>
      snapshot.reasons.find((reason) => !reason.archived && types.includes(reason.reasonType ?? ''))
        ?.remoteId;
    const move = (ref: string | undefined, reason: string | null = null): KulaToAtsTarget =>
      ref ? { kind: 'move', atsRef: ref, archiveReasonId: reason } : { kind: 'none' };
    const archive = (reasonTypes: string[]): KulaToAtsTarget => {
      const reason = activeReason(reasonTypes);
      return exists('first:Archived') && reason ? move('first:Archived', reason) : { kind: 'none' };
    };

    const byRole: Record<KulaStageRole, () => KulaToAtsTarget> = {
      new: () => move(leadGroup('new') ?? (exists('first:Lead') ? 'first:Lead' : undefined)),
      contacted: () => move(leadGroup('contacted')),
      replied: () => move(leadGroup('replied')),
      // Only when every plan has one: otherwise an "Interested" candidate stays put in Ashby
      // rather than landing on an Active stage that reads back as "Interviewing".
      interested: () =>
        move(inEveryPlan('first:PreInterviewScreen') ? 'first:PreInterviewScreen' : undefined),
      not_interested: () => archive(['RejectedByCandidate']),
      interviewing: () => move(exists('first:Active') ? 'first:Active' : undefined),
      offer: () => move(exists('first:Offer') ? 'first:Offer' : undefined),
      hired: () => move(exists('first:Hired') ? 'first:Hired' : undefined),
      rejected: () => {
        const org = archive(['RejectedByOrg']);
        return org.kind === 'move' ? org : archive(['Other', '']);
      },
    };
    const kulaToAts = kulaStages.map((stage) => ({
      kulaStageId: stage.id,
      planId: null,
      target: stage.role ? byRole[stage.role]() : null,
    }));
    return { atsToKula, kulaToAts };
  },
};

function groupRole(group: Pick<StageGroup, 'type' | 'label'>): KulaStageRole | 'unchanged' | null {
  if (group.type === 'Lead') {
    const title = normalizeTitle(group.label);
    // A custom sourcing stage: keep the Kula candidate where they are until the admin decides.
    return LEAD_TITLES.find(([pattern]) => pattern.test(title))?.[1] ?? 'unchanged';
  }
  return group.type ? (ROLE_BY_TYPE[group.type] ?? null) : null;
}
