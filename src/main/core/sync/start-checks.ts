import type { CoreBasics } from '../basics';
import { getConnectionRow, type ConnectionRow } from '../db/repos/connections';
import { ConsoleError } from '../errors';
import type { ProviderDefinition, ProviderRegistry } from '../providers/registry';
import type { TaskTracker } from '../tasks';
import type { StartOptions } from './run-context';

export type StartCheckDeps = Pick<CoreBasics, 'db'> & {
  providers: ProviderRegistry;
  tasks: Pick<TaskTracker, 'isClosed'>;
};

/**
 * Whether a run of the connection may start, before its lock is taken: the connection exists, is
 * not disconnected, its stored credential is usable (unless the run brings its own), and the
 * console is not shutting down. Throws the ConsoleError that says why not and what to do.
 */
export function admitRun(
  deps: StartCheckDeps,
  connectionId: string,
  options: StartOptions,
): { row: ConnectionRow; definition: ProviderDefinition } {
  const row = getConnectionRow(deps.db, connectionId);
  if (!row) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no connection “${connectionId}”.`,
      'List the connections to see their ids.',
    );
  }
  const definition = deps.providers.get(row.provider);
  const hint = { connectionId: row.id, provider: row.provider };
  if (row.status === 'disabled') {
    throw new ConsoleError(
      'CONFLICT',
      `“${row.label}” is disconnected, so it does not sync.`,
      `Reconnect it with a ${definition.label} credential from the Connections page.`,
    ).needsReconnect(hint);
  }
  if (row.status === 'needs_reconnect' && !options.credential) {
    throw new ConsoleError(
      'NEEDS_REAUTH',
      `The stored credential of “${row.label}” cannot be decrypted on this computer, so syncing is paused.`,
      `Reconnect it from the Connections page with a ${definition.label} credential; cached data and queued changes are kept.`,
    ).needsReconnect(hint);
  }
  if (row.status === 'needs_reauth' && !options.credential) {
    throw new ConsoleError(
      'NEEDS_REAUTH',
      `${definition.label} refused the stored credential of “${row.label}”, so syncing is paused.`,
      'Reconnect it from the Connections page with a valid credential; cached data and queued changes are kept.',
    ).needsReconnect(hint);
  }
  if (deps.tasks.isClosed) {
    throw new ConsoleError(
      'CANCELLED',
      'The console is shutting down.',
      'Start the sync again after restarting.',
    );
  }
  return { row, definition };
}
