import type { OutboxCounts, OutboxPage, OutboxState } from '../../../shared/domain/outbox';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import type { ConnectionService } from '../connections/service';
import { inTransaction } from '../db/database';
import { getConnectionRow, listConnectionRows } from '../db/repos/connections';
import { getOutboxRow, outboxCounts, resetForRetry, settle } from '../db/repos/outbox';
import { ConsoleError } from '../errors';
import { isWriteBackAllowed } from '../mapping';
import type { ProviderRegistry } from '../providers/registry';
import type { TimerHandle, Timers } from '../scheduler/timers';
import type { SyncEngine } from '../sync/engine';
import type { TaskTracker } from '../tasks';
import { describeRow } from './describe';
import { loadWriteEnvironment } from './environment';
import { listOutbox, type OutboxFilter } from './list';

export type WriteBackDeps = Pick<
  CoreBasics,
  'db' | 'clock' | 'events' | 'log' | 'audit' | 'actor'
> & {
  providers: ProviderRegistry;
  /** Asks a connection's provider whether its writes can go out now. */
  connections: Pick<ConnectionService, 'openProvider'>;
  /** Starts the push-only runs that send queued writes. */
  sync: Pick<SyncEngine, 'isRunning' | 'start'>;
  /** No run is started once the console is shutting down. */
  tasks: Pick<TaskTracker, 'isClosed'>;
  /** The delay between a local change and the run that sends it. */
  timers: Timers;
};

/**
 * The outbox as the admin handles it: list (with why a connection's writes are held), counts per
 * connection for the health view, Retry, Discard (audited), and "send now": a push-only run of a
 * connection, started at once or, after a local change in the app, shortly after (`kick`, which
 * batches quick successive changes into one run).
 */
export class WriteBackService {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly ctx: WriteBackDeps,
    private readonly options: { autoPush: boolean; debounceMs: number },
  ) {}

  list(filter: OutboxFilter): OutboxPage {
    const page = listOutbox(this.ctx.db, filter);
    // Every connection with writes waiting, not only those on this page.
    const connections = this.counts(filter.connectionId)
      .filter((counts) => counts.pending + counts.inFlight + counts.failed > 0)
      .map((counts) => counts.connectionId);
    const held: OutboxPage['held'] = [];
    for (const connectionId of connections) {
      const reason = this.held(connectionId);
      const row = getConnectionRow(this.ctx.db, connectionId);
      if (reason && row) held.push({ connectionId, connectionLabel: row.label, ...reason });
    }
    return { ...page, held };
  }

  counts(connectionId?: string): OutboxCounts[] {
    return outboxCounts(this.ctx.db, connectionId);
  }

  /** Why writes to a connection would not go out now; null when they would. */
  held(connectionId: string): { reason: string; action: string } | null {
    const row = getConnectionRow(this.ctx.db, connectionId);
    if (!row) return null;
    const definition = this.ctx.providers.has(row.provider)
      ? this.ctx.providers.get(row.provider)
      : null;
    const ats = definition?.label ?? row.provider;
    if (!definition?.writeCapabilities) {
      return {
        reason: `This version of the console cannot write to ${ats}.`,
        action: 'Update the console.',
      };
    }
    if (row.status === 'disabled') {
      return {
        reason: `“${row.label}” is disconnected, so nothing is sent to ${ats}.`,
        action: 'Reconnect it from the Connections page; queued writes are kept.',
      };
    }
    if (row.status === 'needs_reauth' || row.status === 'needs_reconnect') {
      return {
        reason: `${ats} needs “${row.label}” to be re-authorized before anything is sent.`,
        action: 'Reconnect it from the Connections page; queued writes are kept and go out after.',
      };
    }
    const mapping = isWriteBackAllowed(this.ctx.db, connectionId);
    if (!mapping.allowed) {
      return {
        reason: mapping.reason ?? `Writes to ${ats} wait for a confirmed stage mapping.`,
        action: 'Review and confirm the stage mapping (Stage mapping → Confirm).',
      };
    }
    const { provider } = this.ctx.connections.openProvider(connectionId);
    try {
      const readiness = provider.writer?.begin(loadWriteEnvironment(this.ctx.db, connectionId));
      return readiness && !readiness.ready ? readiness : null;
    } finally {
      provider.close?.();
    }
  }

  /** Failed (or waiting) writes go back to pending, due now. Returns how many. */
  retry(ids: number[]): number {
    const now = isoNow(this.ctx.clock);
    const touched = new Set<string>();
    const count = inTransaction(this.ctx.db, () => {
      let n = 0;
      for (const id of ids) {
        const row = getOutboxRow(this.ctx.db, id);
        if (!row || (row.state !== 'failed' && row.state !== 'pending')) continue;
        resetForRetry(this.ctx.db, id, now);
        touched.add(row.connection_id);
        n++;
      }
      return n;
    });
    if (count === 0) throw nothingTo('retry', ids);
    this.ctx.audit(
      'outbox.retry',
      ids.length === 1 ? `outbox:${ids[0]}` : null,
      `Retry of ${count} write${count === 1 ? '' : 's'} asked (${ids.map((id) => `#${id}`).join(', ')}).`,
    );
    this.ctx.events.changed('outbox');
    this.kick([...touched], 0);
    return count;
  }

  /** The admin gives up on writes: they are never sent. Recorded in the audit trail. */
  discard(ids: number[]): number {
    const now = isoNow(this.ctx.clock);
    const summaries: string[] = [];
    inTransaction(this.ctx.db, () => {
      for (const id of ids) {
        const row = getOutboxRow(this.ctx.db, id);
        if (
          !row ||
          !(['pending', 'failed'] satisfies OutboxState[] as string[]).includes(row.state)
        )
          continue;
        const connection = getConnectionRow(this.ctx.db, row.connection_id);
        const ats = connection ? this.ctx.providers.get(connection.provider).label : 'the ATS';
        summaries.push(
          `#${id} ${describeRow(this.ctx.db, row, ats)} (${connection?.label ?? row.connection_id})`,
        );
        settle(this.ctx.db, id, {
          state: 'discarded',
          outcome: `Discarded by ${this.ctx.actor}; never sent.`,
          now,
        });
      }
    });
    if (summaries.length === 0) throw nothingTo('discard', ids);
    this.ctx.audit(
      'outbox.discard',
      ids.length === 1 ? `outbox:${ids[0]}` : null,
      `Discarded ${summaries.length} queued write${summaries.length === 1 ? '' : 's'}: ${summaries.join('; ')}.`,
    );
    this.ctx.events.changed('outbox');
    return summaries.length;
  }

  /**
   * Starts a push-only run of each connection (or the one given) that has writes due and is not
   * syncing already. Returns what started and why others did not.
   */
  sendNow(connectionId?: string): {
    started: Array<{ connectionId: string; runId: number }>;
    skipped: Array<{ connectionId: string; reason: string }>;
  } {
    const started: Array<{ connectionId: string; runId: number }> = [];
    const skipped: Array<{ connectionId: string; reason: string }> = [];
    const rows = connectionId
      ? [getConnectionRow(this.ctx.db, connectionId)].filter((row) => row !== undefined)
      : listConnectionRows(this.ctx.db);
    if (connectionId && rows.length === 0) {
      throw new ConsoleError('NOT_FOUND', `There is no connection “${connectionId}”.`);
    }
    for (const row of rows) {
      const open = this.counts(row.id)[0];
      if (!open || open.pending === 0) {
        if (connectionId)
          skipped.push({ connectionId: row.id, reason: 'Nothing is waiting to be sent.' });
        continue;
      }
      if (this.ctx.sync.isRunning(row.id)) {
        skipped.push({
          connectionId: row.id,
          reason: `“${row.label}” is syncing; its writes go out in that run.`,
        });
        continue;
      }
      try {
        const run = this.ctx.sync.start(row.id, { trigger: 'write-back', pushOnly: true });
        started.push({ connectionId: row.id, runId: run.runId });
      } catch (error) {
        skipped.push({
          connectionId: row.id,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return { started, skipped };
  }

  /** After a local change in the app: send soon (a few changes in a row make one run). */
  kick(connectionIds: string[], delayMs = this.options.debounceMs): void {
    if (!this.options.autoPush || this.ctx.tasks.isClosed) return;
    for (const connectionId of new Set(connectionIds)) {
      const existing = this.timers.get(connectionId);
      if (existing) this.ctx.timers.clearTimeout(existing);
      const timer = this.ctx.timers.setTimeout(() => {
        this.timers.delete(connectionId);
        if (this.ctx.tasks.isClosed || !this.ctx.db.open) return;
        try {
          this.sendNow(connectionId);
        } catch (error) {
          this.ctx.log.warn('could not start sending queued writes', {
            connectionId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }, delayMs);
      this.timers.set(connectionId, timer);
    }
  }

  close(): void {
    for (const timer of this.timers.values()) this.ctx.timers.clearTimeout(timer);
    this.timers.clear();
  }
}

function nothingTo(verb: 'retry' | 'discard', ids: number[]): ConsoleError {
  return new ConsoleError(
    'NOT_FOUND',
    `No ${verb === 'retry' ? 'failed or waiting' : 'waiting or failed'} write matches ${ids.map((id) => `#${id}`).join(', ')}.`,
    verb === 'retry'
      ? 'Only failed or waiting writes can be retried; list them with `outbox list`.'
      : 'Only writes that were not sent can be discarded; list them with `outbox list`.',
  );
}
