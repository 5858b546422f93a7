import os from 'node:os';
import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { schemaVersion } from '../../db/database';
import { createRendererErrorLog } from '../../logging/renderer-errors';

type AppHandlers = Pick<Handlers, 'app:get-info' | 'app:check-updates' | 'app:report-error'>;

export function createAppHandlers(ctx: CoreContext): AppHandlers {
  const logRendererError = createRendererErrorLog(ctx);
  return {
    'app:get-info': () => ({
      version: ctx.appVersion,
      dataDir: ctx.dataDir,
      schemaVersion: schemaVersion(ctx.db),
      platform: `${os.platform()}-${os.arch()}`,
      vault: ctx.vault.status(),
    }),
    'app:check-updates': () => ctx.updates.check(),
    'app:report-error': (report) => ({ logged: logRendererError(report) }),
  };
}
