import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { ConsoleError, isConsoleError } from '../../errors';

type SyncHandlers = Pick<Handlers, 'sync:start' | 'sync:cancel' | 'sync:status'>;

export function createSyncHandlers(ctx: CoreContext): SyncHandlers {
  return {
    'sync:start': ({ connectionId, full, trigger }) => {
      if (connectionId) {
        const { runId } = ctx.sync.start(connectionId, { trigger, full });
        return { started: [{ connectionId, runId }], skipped: [] };
      }
      // "Sync now" without a connection: every connected one; the others say why not.
      const connections = ctx.connections.list();
      if (connections.length === 0) {
        throw new ConsoleError(
          'NOT_FOUND',
          'No ATS is connected yet, so there is nothing to sync.',
          'Connect Ashby or Lever from the Connections page.',
        );
      }
      const started: Array<{ connectionId: string; runId: number }> = [];
      const skipped: Array<{ connectionId: string; reason: string }> = [];
      for (const connection of connections) {
        try {
          const { runId } = ctx.sync.start(connection.id, { trigger, full });
          started.push({ connectionId: connection.id, runId });
        } catch (error) {
          if (!isConsoleError(error)) throw error;
          skipped.push({
            connectionId: connection.id,
            reason: `${connection.label}: ${error.message}${error.action ? ` ${error.action}` : ''}`,
          });
        }
      }
      return { started, skipped };
    },
    'sync:cancel': async ({ connectionId }) => {
      const cancelled = await ctx.sync.cancel(connectionId);
      if (cancelled) {
        ctx.audit('sync.cancel', connectionId, 'Sync stopped by hand at a page boundary.');
      }
      return { cancelled };
    },
    'sync:status': ({ connectionId }) => ctx.sync.status(connectionId),
  };
}
