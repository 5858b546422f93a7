import type { GreenhouseTenant } from './model';

/**
 * Changes an admin makes in Greenhouse's own screens, which Harvest v3 never reports: no deleted
 * list, no `deleted_at` (see docs/greenhouse.md). A client learns of them only by reading
 * everything again and finding records gone or moved.
 */

/** Deletes a candidate and their applications. */
export function deleteCandidate(tenant: GreenhouseTenant, id: number): void {
  tenant.candidates.delete(id);
  for (const [appId, application] of tenant.applications) {
    if (application.candidate_id === id) tenant.applications.delete(appId);
  }
}

/** Merges `loser` into `winner`: the loser vanishes and its applications move to the winner. */
export function mergeCandidates(
  tenant: GreenhouseTenant,
  loser: number,
  winner: number,
  at: string,
): void {
  const survivor = tenant.candidates.get(winner);
  if (!survivor || !tenant.candidates.has(loser)) throw new Error('unknown candidate');
  for (const application of tenant.applications.values()) {
    if (application.candidate_id === loser) {
      application.candidate_id = winner;
      application.updated_at = at;
    }
  }
  tenant.candidates.delete(loser);
  survivor.updated_at = at;
}
