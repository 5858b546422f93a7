import type { SyncRunSummary } from '../../../shared/domain/runs';
import { getConnectionRow } from '../../core/db/repos/connections';
import type { CommandSpec } from '../command';
import { printRun } from '../sync-output';
import { credentialFor } from './sync';

/**
 * `watch`: the app's scheduler without the app. Every connection syncs on its schedule (the
 * interval in settings or the connection's own) until Ctrl-C or SIGTERM; then a running sync stops
 * at its page boundary and the command exits 0. It shares the run lock with the app and other CLI
 * processes, so running both on one data folder never syncs a connection twice at once.
 */
export const watchCommand: CommandSpec = {
  name: 'watch',
  summary: 'Sync every connection on its schedule, in the foreground, until stopped (Ctrl-C)',
  usage:
    '\n\nKeys: $ASHBY_API_KEY and the like for each run, else the stored keys (needs $KULA_VAULT_PASSPHRASE).',
  processLabel: 'watch',
  async run(ctx) {
    const core = ctx.core();
    const { context } = core;
    const runs: SyncRunSummary[] = [];
    context.sync.onRunSettled((connectionId, run) => {
      runs.push(run);
      printRun(ctx.io, getConnectionRow(context.db, connectionId)?.label ?? connectionId, run);
    });
    // Failures the admin should see (a key this process cannot read, a failing ATS), once a streak.
    context.events.on('app:notice', (notice) => {
      if (!ctx.io.json) ctx.io.err(`${notice.title}: ${notice.body}`);
    });
    core.startBackground({
      startupDelayMs: 0,
      // Throws (the scheduler says why and waits an interval) when the key cannot be had here.
      credentialFor: (connectionId) => {
        const connection = context.connections.list().find((c) => c.id === connectionId);
        return connection ? credentialFor(ctx, core, connection) : undefined;
      },
    });
    // Listening before saying so: a Ctrl-C right after the first line still stops cleanly.
    const stopped = new Promise<void>((resolve) => {
      // Signals do not keep Node alive; this does until one arrives.
      const keepAlive = setInterval(() => undefined, 60_000);
      const stop = (signal: string) => {
        clearInterval(keepAlive);
        if (!ctx.io.json)
          ctx.io.err(`${signal}: stopping (a running sync stops at its page boundary)…`);
        resolve();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    if (!ctx.io.json) {
      const schedules = context.scheduler.status();
      ctx.io.out(
        schedules.length === 0
          ? 'No connections yet; waiting for one (connect an ATS in the app or with `connect`).'
          : `Watching ${schedules.length} connection${schedules.length === 1 ? '' : 's'}; Ctrl-C to stop.`,
      );
    }
    await stopped;
    return { runs };
  },
};
