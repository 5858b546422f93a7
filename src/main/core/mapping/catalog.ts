import { PROVIDER_LABELS, type ProviderKind } from '../../../shared/domain/connections';
import type { AtsCatalog, AtsPlanInfo, AtsSource } from '../../../shared/domain/mapping';
import type { MappingProfile } from './profiles/profile';
import { jobPlanIds, type CacheSnapshot, type CachedReason } from './snapshot';

/**
 * The ATS side of the mapping, built from the cache: the rows of the ATS → Kula table (stages
 * from the provider's profile, then archive reasons) and the options of the Kula → ATS table.
 */
export function buildCatalog(profile: MappingProfile, snapshot: CacheSnapshot): AtsCatalog {
  const plans = planInfos(profile.provider, snapshot);
  return {
    provider: profile.provider,
    sources: [...profile.stageSources(snapshot), ...reasonSources(snapshot.reasons)],
    targets: profile.targets(snapshot, plans),
    plans,
    perPlanOverrides: profile.perPlanOverrides,
    archivedUsesStageRow: profile.archivedUsesStageRow,
    archiveReasons: snapshot.reasons.map((reason) => ({
      id: reason.remoteId,
      title: reason.title,
      reasonType: reason.reasonType,
      archived: reason.archived,
    })),
    formerLabels: {},
    refreshedAt: snapshot.refreshedAt,
  };
}

/** Whether the cache holds any stage yet (before the first import there is nothing to map). */
export function hasStages(snapshot: CacheSnapshot): boolean {
  return snapshot.stages.length > 0;
}

export function reasonRef(reasonId: string): string {
  return `reason:${reasonId}`;
}

function reasonSources(reasons: CachedReason[]): AtsSource[] {
  return reasons.map((reason) => ({
    ref: reasonRef(reason.remoteId),
    label: reason.title,
    kind: 'reason',
    group: 'Archive reasons',
    detail:
      [reason.reasonType, reason.archived ? 'inactive' : null].filter(Boolean).join(', ') || null,
    exists: true,
  }));
}

/**
 * One plan per interview plan when stages belong to plans (Ashby); otherwise one global pipeline
 * with key '' that every job uses (Lever).
 */
function planInfos(provider: ProviderKind, snapshot: CacheSnapshot): AtsPlanInfo[] {
  const planIds = new Set(
    snapshot.stages.map((stage) => stage.planId).filter((id): id is string => id !== null),
  );
  const jobs = (filter: (planIds: string[]) => boolean) =>
    snapshot.jobs
      .filter((job) => filter(jobPlanIds(job)))
      .map((job) => ({ id: job.remoteId, title: job.title, isOpen: job.isOpen }));
  if (planIds.size === 0) {
    return [
      {
        key: '',
        title: `${PROVIDER_LABELS[provider]} pipeline`,
        archived: false,
        jobs: jobs(() => true),
      },
    ];
  }
  const known = new Map(snapshot.plans.map((plan) => [plan.remoteId, plan]));
  const ids = [...new Set([...snapshot.plans.map((plan) => plan.remoteId), ...planIds])];
  return ids
    .map((id) => ({
      key: id,
      title: known.get(id)?.title ?? `Plan ${id.slice(0, 8)}`,
      archived: known.get(id)?.archived ?? false,
      jobs: jobs((ids) => ids.includes(id)),
    }))
    .sort((a, b) => a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
}
