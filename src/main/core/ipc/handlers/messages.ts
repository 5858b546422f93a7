import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { logMessage } from '../../kula/activity';

export function createMessagesHandlers(ctx: CoreContext): Pick<Handlers, 'messages:log'> {
  return {
    'messages:log': (input) => logMessage(ctx, { ...input, candidate: input.candidateId }),
  };
}
