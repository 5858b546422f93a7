import crypto from 'node:crypto';
import { inTransaction, type DB } from '../db/database';
import {
  getRunLease,
  releaseRunLease,
  renewRunLease,
  takeRunLease,
  type RunLeaseRow,
} from '../db/repos/sync-run-leases';
import type { Logger } from '../logging/logger';
import { systemProcessProbe, type ProcessProbe } from '../process-liveness';
import { every, systemTimers, type Timers } from '../scheduler/timers';
import type { RunLease, RunLock } from './run-lock';

/**
 * The cross-process run lock: one row per syncing connection in `sync_run_leases` (migration
 * 0500), shared by every process that opens the data folder (the app, the CLI, `watch`).
 *
 * - **Racing**: the row is read and written in one IMMEDIATE transaction, so SQLite serializes two
 *   processes that start a sync at the same moment; exactly one inserts its row.
 * - **Crash**: a row whose holder died is taken over at once. "Died" is decided by
 *   `process-liveness.ts`: the pid no longer runs, or (Linux) runs with another start time, i.e.
 *   the pid was reused. Where the OS cannot tell (another host name, no start time), a row whose
 *   heartbeat is older than `staleMs` is taken over.
 * - **Heartbeat and fencing**: the holder refreshes `heartbeat_at` every `heartbeatMs`. If the
 *   refresh finds its row gone or owned by someone else (taken over after a long sleep on a system
 *   without start times), the lease's `lost` signal aborts, and the engine stops the run at its
 *   next page boundary instead of running beside the new holder.
 */
export interface DbRunLockOptions {
  db: DB;
  /** Names this process in "already syncing in …": `app`, `cli`. */
  processLabel: string;
  timers?: Timers;
  probe?: ProcessProbe;
  log?: Logger;
  heartbeatMs?: number;
  staleMs?: number;
}

const PROCESS_NAMES: Record<string, string> = {
  app: 'the desktop app',
  cli: 'the command line',
  watch: 'the command line (watch)',
};

export class DbRunLock implements RunLock {
  private readonly timers: Timers;
  private readonly probe: ProcessProbe;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private readonly selfTag: string | null;
  private readonly beats = new Set<() => void>();

  constructor(private readonly options: DbRunLockOptions) {
    this.timers = options.timers ?? systemTimers;
    this.probe = options.probe ?? systemProcessProbe;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.staleMs = options.staleMs ?? 90_000;
    this.selfTag = this.probe.selfTag();
  }

  acquire(connectionId: string): RunLease | null {
    const { db } = this.options;
    const holder = `${this.probe.pid}:${crypto.randomBytes(8).toString('hex')}`;
    const taken = inTransaction(db, () => {
      const row = this.read(connectionId);
      if (row && !this.takeable(row)) return false;
      takeRunLease(db, {
        connection_id: connectionId,
        holder,
        pid: this.probe.pid,
        host: this.probe.hostname,
        process_start: this.selfTag,
        process_label: this.options.processLabel,
        now: this.timers.now(),
      });
      if (row) {
        this.options.log?.warn('took over a sync lock left by a process that stopped', {
          connectionId,
          previousPid: row.pid,
          previousProcess: row.process_label,
        });
      }
      return true;
    });
    if (!taken) return null;
    return this.lease(connectionId, holder);
  }

  describeHolder(connectionId: string): string | null {
    if (!this.options.db.open) return null;
    const row = this.read(connectionId);
    if (!row || this.takeable(row)) return null;
    const name = PROCESS_NAMES[row.process_label] ?? 'another console process';
    return row.host === this.probe.hostname
      ? `${name} (process ${row.pid})`
      : `${name} on ${row.host} (process ${row.pid})`;
  }

  /** Renews every lease this lock holds now (after the machine wakes, before the timers fire). */
  heartbeatNow(): void {
    for (const beat of this.beats) beat();
  }

  private lease(connectionId: string, holder: string): RunLease {
    const { db } = this.options;
    const lost = new AbortController();
    let released = false;
    const beat = () => {
      if (released || lost.signal.aborted || !db.open) return;
      try {
        if (!renewRunLease(db, connectionId, holder, this.timers.now())) {
          this.options.log?.warn('sync lock lost to another process; stopping the run', {
            connectionId,
          });
          lost.abort(new Error('The sync lock was taken over by another console process.'));
          stop();
        }
      } catch (error) {
        // A busy database delays one heartbeat; the next one tries again.
        this.options.log?.warn('sync lock heartbeat failed', {
          connectionId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    };
    const stopTimer = every(this.timers, this.heartbeatMs, beat);
    const stop = () => {
      stopTimer();
      this.beats.delete(beat);
    };
    this.beats.add(beat);
    return {
      lost: lost.signal,
      release: () => {
        if (released) return;
        released = true;
        stop();
        if (!db.open) return;
        releaseRunLease(db, connectionId, holder);
      },
    };
  }

  private read(connectionId: string): RunLeaseRow | undefined {
    return getRunLease(this.options.db, connectionId);
  }

  /** Whether a row may be taken over: its holder is gone, or silent where that cannot be told. */
  private takeable(row: RunLeaseRow): boolean {
    const stale = this.timers.now() - row.heartbeat_at > this.staleMs;
    if (row.host !== this.probe.hostname) return stale;
    if (row.pid === this.probe.pid) {
      // The same pid with another start time: a previous process whose pid this one inherited.
      if (row.process_start !== null && this.selfTag !== null && row.process_start !== this.selfTag)
        return true;
      // A lease of this very process under another holder id is only taken over when it leaked
      // (its heartbeat stopped): two runs of one process are refused like any other pair.
      return stale;
    }
    switch (this.probe.liveness(row.pid, row.process_start)) {
      case 'dead':
        return true;
      case 'alive':
        return false;
      case 'alive-unverified':
        return stale;
    }
  }
}
