import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { isAllowedExternalUrl } from '../../security/external-links';

type LinksHandlers = Pick<Handlers, 'links:open-external'>;

export function createLinksHandlers(ctx: CoreContext): LinksHandlers {
  return {
    'links:open-external': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) {
        ctx.log.warn('external link refused', { url: url.slice(0, 200) });
        return { opened: false };
      }
      await ctx.openExternal(url);
      return { opened: true };
    },
  };
}
