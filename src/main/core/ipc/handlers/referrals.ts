import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { createReferral } from '../../kula/activity';

export function createReferralsHandlers(ctx: CoreContext): Pick<Handlers, 'referrals:create'> {
  return {
    'referrals:create': (input) => createReferral(ctx, input),
  };
}
