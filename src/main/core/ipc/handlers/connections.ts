import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { listAtsUsers } from '../../db/repos/ats-users';
import { listConnectionSummaries } from '../../db/repos/connections';
import { listRuns } from '../../db/repos/sync-runs';

type ConnectionHandlers = Pick<
  Handlers,
  'connections:list' | 'runs:list' | 'connections:users' | 'connections:set-write-user'
>;

export function createConnectionHandlers(ctx: CoreContext): ConnectionHandlers {
  return {
    'connections:list': () => listConnectionSummaries(ctx.db),
    'runs:list': (input) => listRuns(ctx.db, input),
    'connections:users': ({ connectionId }) => {
      ctx.connections.row(connectionId);
      return listAtsUsers(ctx.db, connectionId);
    },
    'connections:set-write-user': ({ connectionId, userId }) =>
      ctx.connections.setWriteUser(connectionId, userId),
  };
}
