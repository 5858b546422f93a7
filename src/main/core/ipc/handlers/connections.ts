import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { listConnectionSummaries } from '../../db/repos/connections';
import { listRuns } from '../../db/repos/sync-runs';

type ConnectionHandlers = Pick<Handlers, 'connections:list' | 'runs:list'>;

export function createConnectionHandlers(ctx: CoreContext): ConnectionHandlers {
  return {
    'connections:list': () => listConnectionSummaries(ctx.db),
    'runs:list': (input) => listRuns(ctx.db, input),
  };
}
