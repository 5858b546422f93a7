import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { allHealth } from '../../health/health';

type HealthHandlers = Pick<Handlers, 'health:list'>;

export function createHealthHandlers(ctx: CoreContext): HealthHandlers {
  return {
    'health:list': () => allHealth(ctx),
  };
}
