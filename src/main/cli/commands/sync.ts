import type { SyncRunSummary } from '../../../shared/domain/runs';
import type { ConnectionSummary } from '../../../shared/domain/connections';
import type { ConsoleCore } from '../../core/core';
import { ConsoleError } from '../../core/errors';
import type { StoredSecret } from '../../core/vault/vault';
import type { CommandContext, CommandSpec } from '../command';
import { resolveConnection } from '../resolve-connection';
import { printProgress, printRun } from '../sync-output';
import { previewWriteBack } from '../../core/writeback/preview';
import { printPreview } from './outbox';
import { VAULT_PASSPHRASE_ENV } from '../vault-env';

/**
 * `sync [CONNECTION] [--full]`: pulls one connection (by id or name) or every one, then sends its
 * queued writes. The key comes from the provider's environment variable for this run when it is
 * set, else from the vault. `--dry-run` only shows what would be sent (no key needed).
 */
export const syncCommand: CommandSpec = {
  name: 'sync',
  summary:
    'Sync one connection (id or name) or all of them: pull, then send queued writes; --full reads everything again; --dry-run shows what would be sent',
  usage:
    '[CONNECTION] [--full] [--dry-run]\n\nKeys: $ASHBY_API_KEY for this run, else the stored key (needs $KULA_VAULT_PASSPHRASE).',
  options: { full: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run(ctx, { values, positionals }) {
    const core = ctx.core();
    if (values['dry-run'] === true) {
      const connectionId = positionals[0]
        ? resolveConnection(core.context.db, positionals[0]).id
        : undefined;
      const preview = previewWriteBack(core.context, connectionId);
      if (!ctx.io.json) printPreview(ctx.io, preview);
      return preview;
    }
    const all = core.context.connections.list();
    const named = positionals[0] ? resolveConnection(core.context.db, positionals[0]).id : null;
    const targets = named ? all.filter((connection) => connection.id === named) : all;
    if (targets.length === 0) {
      throw new ConsoleError(
        'NOT_FOUND',
        'No ATS is connected in this data directory.',
        'Connect one first: kula-console connect ashby --api-key-file FILE',
      );
    }
    const runs: SyncRunSummary[] = [];
    for (const connection of targets) {
      const credential = credentialFor(ctx, core, connection);
      if (!ctx.io.json) ctx.io.out(`Syncing “${connection.label}”…`);
      const stop = printProgress(core, ctx.io);
      // Ctrl-C stops the run at its next page boundary (the next sync resumes there); a second
      // Ctrl-C quits at once (the run lock is taken over by the next sync).
      const interrupt = () => {
        ctx.io.err('Stopping at the next page boundary… (Ctrl-C again to quit at once)');
        void core.context.sync.cancel(connection.id);
        process.once('SIGINT', () => process.exit(130));
      };
      process.once('SIGINT', interrupt);
      let run: SyncRunSummary;
      try {
        run = await core.context.sync.run(connection.id, {
          trigger: 'cli',
          full: values.full === true,
          credential,
        });
      } finally {
        process.removeListener('SIGINT', interrupt);
        stop();
      }
      printRun(ctx.io, connection.label, run);
      runs.push(run);
    }
    const failed = runs.find((run) => run.status !== 'succeeded');
    if (failed) {
      // The run's message already says what happened and what to do.
      const error = new ConsoleError(
        failed.errorCode ?? (failed.status === 'cancelled' ? 'CANCELLED' : 'INTERNAL'),
        `The sync of “${targets.find((t) => t.id === failed.connectionId)?.label ?? failed.connectionId}” ${failed.status === 'cancelled' ? 'was stopped' : 'failed'}: ${failed.message ?? ''}`.trim(),
      );
      // The ATS refused the credential: say how to reconnect from here, not only in the app.
      const target = targets.find((t) => t.id === failed.connectionId);
      if (target && (failed.errorCode === 'AUTH_FAILED' || failed.errorCode === 'NEEDS_REAUTH'))
        error.needsReconnect({ connectionId: target.id, provider: target.provider });
      throw error;
    }
    return { runs };
  },
};

/** The key for this run: the environment's, else the vault's (with a plain reason when unusable). */
export function credentialFor(
  ctx: CommandContext,
  core: ConsoleCore,
  connection: ConnectionSummary,
): StoredSecret | undefined {
  const definition = core.context.providers.get(connection.provider);
  const variable = definition.apiKeyEnv;
  const fromEnv = variable ? ctx.env[variable]?.trim() : undefined;
  if (fromEnv) return { kind: 'api_key', apiKey: fromEnv };
  const how = variable ? `pass the key for this run in $${variable}` : 'reconnect it';
  if (!connection.hasCredential) {
    throw new ConsoleError(
      'NEEDS_REAUTH',
      `No ${definition.label} key is stored for “${connection.label}” (it was connected without a vault passphrase, or disconnected).`,
      `To sync, ${how}; to store the key, set $${VAULT_PASSPHRASE_ENV} and connect again.`,
    );
  }
  if (!core.context.vault.status().available) {
    throw new ConsoleError(
      'NEEDS_REAUTH',
      `The stored key of “${connection.label}” can only be read with $${VAULT_PASSPHRASE_ENV}.`,
      `Set $${VAULT_PASSPHRASE_ENV} to the passphrase it was stored with, or ${how}.`,
    );
  }
  return undefined;
}
