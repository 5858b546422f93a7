import os from 'node:os';
import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { schemaVersion } from '../../db/database';

type AppHandlers = Pick<Handlers, 'app:get-info' | 'app:check-updates'>;

export function createAppHandlers(ctx: CoreContext): AppHandlers {
  return {
    'app:get-info': () => ({
      version: ctx.appVersion,
      dataDir: ctx.dataDir,
      schemaVersion: schemaVersion(ctx.db),
      platform: `${os.platform()}-${os.arch()}`,
      vault: ctx.vault.status(),
    }),
    'app:check-updates': () => ctx.updates.check(),
  };
}
