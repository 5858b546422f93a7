/**
 * Child process for the refresh crash test: opens a data folder, renews the connection's OAuth
 * token, and kills itself with SIGKILL at the point named by the third argument:
 *   before-post    after taking the lease, before the token request
 *   before-persist after Lever answered with a rotated pair, before it is stored
 *   after-persist  right after the new pair is stored
 *   none           finish, print the access token
 */
import { isoNow } from '../../../../src/main/core/clock';
import { setConnectionStatus } from '../../../../src/main/core/db/repos/connections';
import { OAuthSession } from '../../../../src/main/core/oauth/oauth-session';
import { DbRefreshLease } from '../../../../src/main/core/oauth/refresh-lease';
import { openTestCore } from '../../../support/core';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';

const [dataDir, connectionId, tokenUrl, crashAt] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const { core } = openTestCore({ dataDir });
const ctx = core.context;
const die = (point: string) => {
  if (crashAt === point) process.kill(process.pid, 'SIGKILL');
};
const lease = new DbRefreshLease(ctx.db, connectionId, ctx.clock);
const session = new OAuthSession({
  credentials: {
    load: () => ctx.vault.load(connectionId),
    save: (secret) => {
      die('before-persist');
      ctx.vault.store(connectionId, secret, isoNow(ctx.clock));
      die('after-persist');
    },
    markNeedsReauth: () =>
      setConnectionStatus(ctx.db, connectionId, 'needs_reauth', isoNow(ctx.clock)),
  },
  tokenUrl,
  fetch: createNodeFetch(),
  providerLabel: 'Lever',
  clock: ctx.clock,
  lease: {
    acquire: async (signal) => {
      const release = await lease.acquire(signal);
      die('before-post');
      return release;
    },
  },
});
session.accessToken().then(
  (token) => {
    process.stdout.write(JSON.stringify({ ok: true, token }));
    core.close();
  },
  (error: { code?: string }) => {
    process.stdout.write(JSON.stringify({ ok: false, code: error.code ?? 'INTERNAL' }));
    core.close();
  },
);
