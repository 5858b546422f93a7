import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import {
  defaultCacheConnection,
  getCandidateDetail,
  listCandidates,
  listJobs,
  listStages,
} from '../../db/repos/ats-read';
import { ConsoleError } from '../../errors';

type AtsHandlers = Pick<
  Handlers,
  'ats:list-jobs' | 'ats:list-candidates' | 'ats:get-candidate' | 'ats:list-stages'
>;

export function createAtsHandlers(ctx: CoreContext): AtsHandlers {
  const pick = (connectionId: string | undefined) => {
    if (!connectionId) return defaultCacheConnection(ctx.db);
    ctx.connections.row(connectionId);
    return connectionId;
  };
  return {
    'ats:list-jobs': ({ connectionId, status, search }) =>
      listJobs(ctx.db, pick(connectionId), { status, search }),
    'ats:list-candidates': ({ connectionId, ...page }) =>
      listCandidates(ctx.db, pick(connectionId), page),
    'ats:get-candidate': ({ connectionId, candidateId }) => {
      const row = ctx.connections.row(connectionId);
      const detail = getCandidateDetail(ctx.db, connectionId, candidateId);
      if (!detail) {
        throw new ConsoleError(
          'NOT_FOUND',
          'This candidate is not in the local cache any more.',
          'Sync the connection; the candidate may have been deleted or merged in the ATS.',
        );
      }
      return { ...detail, provider: row.provider };
    },
    'ats:list-stages': ({ connectionId }) => {
      const id = pick(connectionId);
      return { connectionId: id, stages: listStages(ctx.db, id) };
    },
  };
}
