import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { listRuns } from '../../db/repos/sync-runs';

type RunsHandlers = Pick<Handlers, 'runs:list'>;

export function createRunsHandlers(ctx: CoreContext): RunsHandlers {
  return {
    'runs:list': (input) => listRuns(ctx.db, input),
  };
}
