import os from 'node:os';
import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { schemaVersion } from '../../db/database';
import { listAudit, listAuditActions } from '../../db/repos/audit';
import { isAllowedExternalUrl } from '../../security/external-links';

type AppHandlers = Pick<
  Handlers,
  | 'app:get-info'
  | 'settings:get'
  | 'settings:update'
  | 'audit:list'
  | 'audit:actions'
  | 'links:open-external'
>;

export function createAppHandlers(ctx: CoreContext): AppHandlers {
  return {
    'app:get-info': () => ({
      version: ctx.appVersion,
      dataDir: ctx.dataDir,
      schemaVersion: schemaVersion(ctx.db),
      platform: `${os.platform()}-${os.arch()}`,
      vault: ctx.vault.status(),
    }),
    'settings:get': () => ctx.settings.get(),
    'settings:update': (patch) => {
      const before = ctx.settings.get();
      const after = ctx.settings.update(patch);
      const changed = (Object.keys(patch) as Array<keyof typeof patch>)
        .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .filter((key) => key !== 'windowBounds');
      if (changed.length > 0) {
        ctx.audit(
          'settings.update',
          null,
          changed
            .map((key) => `${key}: ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`)
            .join(', '),
        );
      }
      // The scheduler and the log's upkeep act on the new values now, not at their next tick.
      if (changed.includes('syncIntervalMinutes')) ctx.scheduler.reconcile();
      if (changed.includes('logRetentionMb')) ctx.logMaintenance.scheduleTrim();
      return after;
    },
    'audit:list': (input) => listAudit(ctx.db, input),
    'audit:actions': () => listAuditActions(ctx.db),
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
