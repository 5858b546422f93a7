import type { CommandSpec } from '../command';
import { UsageError } from '../command';
import { resolveConnection } from '../resolve-connection';
import { table } from '../table';

export const connectionsListCommand: CommandSpec = {
  name: 'connections list',
  summary: 'List connections with their status, last sync and request limit',
  usage: '',
  readOnly: true,
  run(ctx) {
    const connections = ctx.core().context.connections.list();
    if (!ctx.io.json) {
      if (connections.length === 0)
        ctx.io.out('No connections. Connect one: kula-console connect ashby');
      else
        table(
          ctx.io,
          ['ID', 'ATS', 'NAME', 'STATUS', 'KEY STORED', 'LAST SYNC', 'LIMIT'],
          connections.map((connection) => [
            connection.id,
            connection.provider,
            connection.label,
            connection.status,
            connection.hasCredential ? 'yes' : 'no',
            connection.lastSyncAt ?? 'never',
            connection.rateLimit ? `${connection.rateLimit.perSecond}/s` : 'off',
          ]),
        );
    }
    return { connections };
  },
};

export const connectionsRemoveCommand: CommandSpec = {
  name: 'connections remove',
  summary: 'Remove a connection, its stored key and its cached data (--yes to confirm)',
  usage:
    'CONNECTION --yes\n\nThe sync log is kept. To stop syncing but keep the cache, disconnect in the app.',
  options: { yes: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const core = ctx.core();
    const connection = resolveConnection(core.context.db, positionals[0]!);
    if (values.yes !== true) {
      throw new UsageError(
        `Removing “${connection.label}” deletes its stored key and all its cached jobs, candidates and applications. Add --yes to confirm.`,
      );
    }
    await core.context.connections.remove(connection.id);
    if (!ctx.io.json) ctx.io.out(`Removed “${connection.label}” and its cached data.`);
    return { removed: connection.id };
  },
};
