import type { DB } from '../db/database';
import { upsertBatch } from '../db/repos/ats-cache';
import type { AtsStageState } from '../db/repos/ats-links';
import { markCreatedByConsole } from '../db/repos/ats-records';
import type { AtsApplicationRecord, AtsCandidateRecord } from '../providers/records';

/**
 * The ATS cache as write-back uses it: what the console wrote goes into the cache at once (so the
 * UI, the preview and the next stage comparison see it before the next pull), and an application
 * the console created is marked so (`created_by_console`, which the import never sets).
 */

export { cachedApplication } from '../db/repos/ats-records';

export function cacheWritten(
  db: DB,
  connectionId: string,
  records: {
    candidates?: AtsCandidateRecord[];
    applications?: AtsApplicationRecord[];
    createdByConsole?: string[];
  },
): void {
  upsertBatch(
    db,
    connectionId,
    {
      ...(records.candidates ? { candidates: records.candidates } : {}),
      ...(records.applications ? { applications: records.applications } : {}),
    },
    null,
  );
  for (const id of records.createdByConsole ?? []) markCreatedByConsole(db, connectionId, id);
}

export function stateOf(application: AtsApplicationRecord): AtsStageState {
  return {
    stageId: application.stageRemoteId,
    archived: application.archived,
    archiveReasonId: application.archived ? application.archiveReasonId : null,
  };
}

/** Whether an application already is where a Kula → ATS move would put it. */
export function matchesMove(
  state: AtsStageState,
  move: { stageId: string | null; archiveReasonId: string | null; archives: boolean },
): boolean {
  if (move.archives) {
    return (
      state.archived &&
      (move.archiveReasonId === null || state.archiveReasonId === move.archiveReasonId) &&
      (move.stageId === null || state.stageId === move.stageId)
    );
  }
  return !state.archived && (move.stageId === null || state.stageId === move.stageId);
}
