import type {
  AtsSource,
  AtsTarget,
  AtsToKulaRow,
  AtsToKulaTarget,
  KulaStageRole,
  KulaToAtsTarget,
  MappingTables,
} from '../../../../shared/domain/mapping';
import { reasonRef } from '../catalog';
import type { CachedReason, CachedStage, CacheSnapshot } from '../snapshot';
import type { DefaultsInput, MappingProfile } from './profile';

/**
 * Lever: one global pipeline. Five stages have fixed ids in every account; the rest are
 * account-specific. "Hired" is not a stage: hiring, like rejecting, is archiving the opportunity
 * with an archive reason of type `hired` or `non-hired`, and an archived opportunity keeps whatever
 * stage it was in. So an archived opportunity is read back through its archive reason only, and
 * Kula → Lever offers "archive" targets that carry the reason. The console writes to Lever only
 * after an admin has confirmed the mapping once. See docs/lever.md.
 */
const FIXED_ROLES: Record<string, KulaStageRole> = {
  'lead-new': 'new',
  'lead-reached-out': 'contacted',
  'lead-responded': 'replied',
  'applicant-new': 'interested',
  offer: 'offer',
};

const SECTION_LABELS: Record<string, string> = {
  lead: 'Lead',
  applicant: 'Applicant',
  interview: 'Interview',
  offer: 'Offer',
};

const ROLE_BY_SECTION: Record<string, KulaStageRole | 'unchanged'> = {
  // A custom lead stage: keep the Kula candidate where they are until the admin decides.
  lead: 'unchanged',
  applicant: 'interested',
  interview: 'interviewing',
  offer: 'offer',
};

/** Reasons that say the candidate, not the company, ended it: "Not interested" in Kula. */
const CANDIDATE_SIDE =
  /withdr|declin|not interested|no response|unresponsive|ghost|another offer|accepted (an)?other|went (elsewhere|with)|candidate/i;

function stageRef(stage: Pick<CachedStage, 'remoteId'>): string {
  return `stage:${stage.remoteId}`;
}

function ordered(snapshot: CacheSnapshot): CachedStage[] {
  return [...snapshot.stages].sort((a, b) => a.position - b.position);
}

/** The pipeline section: the cached type when the provider knew it, else from the fixed stages. */
function section(stage: CachedStage, stages: CachedStage[]): string {
  const type = stage.type?.toLowerCase();
  if (type && SECTION_LABELS[type]) return type;
  if (stage.remoteId.startsWith('lead-')) return 'lead';
  if (stage.remoteId === 'applicant-new') return 'applicant';
  if (stage.remoteId === 'offer') return 'offer';
  const applicant = stages.find((candidate) => candidate.remoteId === 'applicant-new');
  const offer = stages.find((candidate) => candidate.remoteId === 'offer');
  if (applicant && stage.position < applicant.position) return 'lead';
  if (offer && stage.position > offer.position) return 'offer';
  return 'interview';
}

function reasonRole(reason: CachedReason): KulaStageRole {
  if (reason.reasonType === 'hired') return 'hired';
  return CANDIDATE_SIDE.test(reason.title) ? 'not_interested' : 'rejected';
}

const NO_STAGE = { '': { stageId: null, stageTitle: null, sourceRef: null } };

export const leverProfile: MappingProfile = {
  provider: 'lever',
  requiresConfirmation: true,
  perPlanOverrides: false,
  archivedUsesStageRow: false,

  stageSources(snapshot): AtsSource[] {
    const stages = ordered(snapshot);
    return stages.map((stage) => ({
      ref: stageRef(stage),
      label: stage.title,
      kind: 'stage',
      group: SECTION_LABELS[section(stage, stages)] ?? 'Interview',
      detail: null,
      exists: true,
    }));
  },

  targets(snapshot): AtsTarget[] {
    const stages = ordered(snapshot);
    const targets: AtsTarget[] = stages.map((stage) => ({
      ref: stageRef(stage),
      label: stage.title,
      group: SECTION_LABELS[section(stage, stages)] ?? 'Interview',
      detail: null,
      planId: null,
      archives: false,
      archiveReason: 'forbidden',
      reasonTypes: null,
      resolution: {
        '': { stageId: stage.remoteId, stageTitle: stage.title, sourceRef: stageRef(stage) },
      },
    }));
    targets.push(
      {
        ref: 'archive:hired',
        label: 'Archive as hired',
        group: 'Archive',
        detail: null,
        planId: null,
        archives: true,
        archiveReason: 'required',
        reasonTypes: ['hired'],
        resolution: NO_STAGE,
      },
      {
        ref: 'archive:non-hired',
        label: 'Archive (not hired)',
        group: 'Archive',
        detail: null,
        planId: null,
        archives: true,
        archiveReason: 'required',
        reasonTypes: ['non-hired'],
        resolution: NO_STAGE,
      },
    );
    return targets;
  },

  stageSourceRef: stageRef,

  defaults({ snapshot, catalog, kulaStages, roles }: DefaultsInput): MappingTables {
    const stages = ordered(snapshot);
    const toTarget = (role: KulaStageRole | 'unchanged' | null): AtsToKulaTarget | null => {
      if (role === 'unchanged') return { kind: 'unchanged' };
      const id = role ? roles.get(role) : undefined;
      return id ? { kind: 'stage', kulaStageId: id } : null;
    };
    const stageRoles = new Map(
      stages.map((stage) => [
        stageRef(stage),
        FIXED_ROLES[stage.remoteId] ?? ROLE_BY_SECTION[section(stage, stages)] ?? null,
      ]),
    );
    const reasons = new Map(snapshot.reasons.map((reason) => [reasonRef(reason.remoteId), reason]));
    const atsToKula: AtsToKulaRow[] = catalog.sources.map((source) => {
      const reason = reasons.get(source.ref);
      return {
        atsRef: source.ref,
        target: toTarget(reason ? reasonRole(reason) : (stageRoles.get(source.ref) ?? null)),
      };
    });

    // Kula → Lever: the first stage (or active reason) that reads back as the same Kula stage,
    // so no default round trip disagrees.
    const firstStage = (role: KulaStageRole): KulaToAtsTarget => {
      const stage = stages.find((candidate) => stageRoles.get(stageRef(candidate)) === role);
      return stage
        ? { kind: 'move', atsRef: stageRef(stage), archiveReasonId: null }
        : { kind: 'none' };
    };
    const archiveWith = (ref: 'archive:hired' | 'archive:non-hired', role: KulaStageRole) => {
      const type = ref === 'archive:hired' ? 'hired' : 'non-hired';
      const reason = snapshot.reasons.find(
        (candidate) =>
          !candidate.archived && candidate.reasonType === type && reasonRole(candidate) === role,
      );
      return reason
        ? ({ kind: 'move', atsRef: ref, archiveReasonId: reason.remoteId } as const)
        : ({ kind: 'none' } as const);
    };
    const byRole: Record<KulaStageRole, () => KulaToAtsTarget> = {
      new: () => firstStage('new'),
      contacted: () => firstStage('contacted'),
      replied: () => firstStage('replied'),
      interested: () => firstStage('interested'),
      interviewing: () => firstStage('interviewing'),
      offer: () => firstStage('offer'),
      hired: () => archiveWith('archive:hired', 'hired'),
      not_interested: () => archiveWith('archive:non-hired', 'not_interested'),
      rejected: () => archiveWith('archive:non-hired', 'rejected'),
    };
    const kulaToAts = kulaStages.map((stage) => ({
      kulaStageId: stage.id,
      planId: null,
      target: stage.role ? byRole[stage.role]() : null,
    }));
    return { atsToKula, kulaToAts };
  },
};
