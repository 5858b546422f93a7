import type { CoreBasics } from '../basics';
import { connectionsWithPendingWrites } from '../db/repos/kula-lookups';

/** The write-back engine's prompt to send what is queued for some connections soon. */
export interface WriteBackKick {
  kick(connectionIds: string[]): void;
}

/**
 * What a Kula change that queues ATS writes uses: the database, the time, `db:changed`, and the
 * write-back engine to prompt.
 */
export type KulaChangeDeps = Pick<CoreBasics, 'db' | 'clock' | 'events'> & {
  writeBack: WriteBackKick;
};

/** Every connection the candidate's writes go to gets a prompt to send them. */
export function kickApplications(
  deps: Pick<CoreBasics, 'db'> & { writeBack: WriteBackKick },
  candidateId: string,
): void {
  deps.writeBack.kick(connectionsWithPendingWrites(deps.db, candidateId));
}
