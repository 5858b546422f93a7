import type { CachedStage, CacheSnapshot } from '../snapshot';

/**
 * For an ATS whose stages belong to plans (Ashby's interview plans, Greenhouse's jobs): the
 * mapping's rows are stage *groups*, the stages of the same kind and title in whichever plan, so
 * an admin maps "Phone Screen" once rather than once per plan.
 */
export interface StageGroup {
  ref: string;
  type: string | null;
  label: string;
  /** The plans that have a stage of this group. */
  plans: Set<string>;
  /** The earliest position of its stages in any plan. */
  position: number;
}

export function normalizeTitle(title: string): string {
  return title.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A stage's group: its kind and its title, case and spacing aside. */
export function groupRef(stage: Pick<CachedStage, 'type' | 'title'>): string {
  return `group:${stage.type ?? ''}/${normalizeTitle(stage.title)}`;
}

/** The groups of the cached stages, ordered by kind (`rank`), then position, then name. */
export function stageGroups(
  snapshot: CacheSnapshot,
  rank: (type: string | null) => number,
): StageGroup[] {
  const groups = new Map<string, StageGroup>();
  for (const stage of snapshot.stages) {
    const ref = groupRef(stage);
    const group = groups.get(ref);
    if (group) {
      group.plans.add(stage.planId ?? '');
      group.position = Math.min(group.position, stage.position);
    } else {
      groups.set(ref, {
        ref,
        type: stage.type,
        label: stage.title.trim(),
        plans: new Set([stage.planId ?? '']),
        position: stage.position,
      });
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      rank(a.type) - rank(b.type) || a.position - b.position || a.label.localeCompare(b.label),
  );
}

/** Each plan's stages in their order. */
export function stagesByPlan(snapshot: CacheSnapshot): Map<string, CachedStage[]> {
  const byPlan = new Map<string, CachedStage[]>();
  for (const stage of snapshot.stages) {
    const key = stage.planId ?? '';
    const list = byPlan.get(key) ?? [];
    list.push(stage);
    byPlan.set(key, list);
  }
  for (const list of byPlan.values()) list.sort((a, b) => a.position - b.position);
  return byPlan;
}
