import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';

type OAuthHandlers = Pick<
  Handlers,
  'oauth:describe' | 'oauth:begin' | 'oauth:complete' | 'oauth:cancel'
>;

export function createOAuthHandlers(ctx: CoreContext): OAuthHandlers {
  return {
    'oauth:describe': ({ provider }) => ctx.oauth.describe(provider),
    'oauth:begin': (input) => ctx.oauth.begin(input),
    'oauth:complete': ({ flowId }) => ctx.tasks.run((signal) => ctx.oauth.complete(flowId, signal)),
    'oauth:cancel': ({ flowId }) => {
      ctx.oauth.cancel(flowId);
      return { cancelled: true };
    },
  };
}
