import type { EventBus } from '../events';
import type { DB } from '../db/database';
import type { Logger } from '../logging/logger';
import type { SettingsStore } from '../settings/settings-store';
import { every, type TimerHandle, type Timers } from '../scheduler/timers';
import { deleteOldest, linesOverCap, pruneApiUsage } from './retention';
import { catchUp } from '../db/repos/sync-log-search';

/**
 * Background upkeep of the sync log, in the process that has the data folder open: brings the
 * search index up to date shortly after lines are written, and keeps the log under its size cap
 * after every run and every quarter hour. Work is done in small transactions with a yield to the
 * event loop between them, so the app stays responsive and a sync in another process interleaves.
 */

export interface MaintenanceDeps {
  db: DB;
  events: EventBus;
  settings: SettingsStore;
  timers: Timers;
  log: Logger;
}

const INDEX_DELAY_MS = 1000;
const TRIM_DELAY_MS = 2000;
const PERIODIC_MS = 15 * 60_000;
const INDEX_CHUNK = 2000;
const DELETE_CHUNK = 2000;

export class SyncLogMaintenance {
  private indexTimer: TimerHandle | null = null;
  private trimTimer: TimerHandle | null = null;
  private busy: Promise<void> | null = null;
  private pending = { index: false, trim: false };
  private stopped = false;
  private readonly offs: Array<() => void> = [];

  constructor(private readonly deps: MaintenanceDeps) {}

  /** Starts watching for new lines and finished runs; catches up with what is already there. */
  start(): void {
    const { events, timers } = this.deps;
    this.offs.push(
      events.on('sync:log', () => this.scheduleIndex()),
      events.on('sync:progress', (progress) => {
        if (progress.runFinished) this.scheduleTrim();
      }),
      every(timers, PERIODIC_MS, () => this.scheduleTrim()),
    );
    this.scheduleIndex();
    this.scheduleTrim();
  }

  stop(): void {
    this.stopped = true;
    this.offs.splice(0).forEach((off) => off());
    if (this.indexTimer) this.deps.timers.clearTimeout(this.indexTimer);
    if (this.trimTimer) this.deps.timers.clearTimeout(this.trimTimer);
  }

  scheduleIndex(): void {
    if (this.stopped || this.indexTimer) return;
    this.indexTimer = this.deps.timers.setTimeout(() => {
      this.indexTimer = null;
      this.pending.index = true;
      void this.work();
    }, INDEX_DELAY_MS);
  }

  /** E.g. after the admin lowered the cap. */
  scheduleTrim(): void {
    if (this.stopped || this.trimTimer) return;
    this.trimTimer = this.deps.timers.setTimeout(() => {
      this.trimTimer = null;
      this.pending.trim = true;
      void this.work();
    }, TRIM_DELAY_MS);
  }

  /** Indexes and trims now, to completion (tests, and the CLI's `log` before it searches). */
  async runNow(): Promise<void> {
    this.pending = { index: true, trim: true };
    await this.work();
  }

  /** Brings the search index up to date synchronously (at shutdown; cheap: ~20 µs a line). */
  flushIndex(): void {
    if (!this.deps.db.open) return;
    while (catchUp(this.deps.db, 20_000) > 0) {
      // keep going
    }
  }

  private async work(): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = this.loop().finally(() => {
      this.busy = null;
    });
    return this.busy;
  }

  private async loop(): Promise<void> {
    const { db, log } = this.deps;
    try {
      while (this.pending.index || this.pending.trim) {
        if (this.pending.index) {
          this.pending.index = false;
          while (db.open && catchUp(db, INDEX_CHUNK) > 0) await yieldToEventLoop();
        }
        if (this.pending.trim) {
          this.pending.trim = false;
          await this.trim();
        }
      }
    } catch (error) {
      // A busy or closing database postpones upkeep; nothing is lost (the marks are in the db).
      log.warn('sync log upkeep postponed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async trim(): Promise<void> {
    const { db, settings, timers } = this.deps;
    if (!db.open) return;
    const capBytes = settings.get().logRetentionMb * 1024 * 1024;
    let remaining = linesOverCap(db, capBytes);
    let deleted = 0;
    while (remaining > 0 && db.open && !this.stopped) {
      const step = deleteOldest(db, Math.min(DELETE_CHUNK, remaining));
      if (step === 0) break;
      deleted += step;
      remaining -= step;
      await yieldToEventLoop();
    }
    if (db.open) pruneApiUsage(db, timers.now());
    if (deleted > 0) {
      this.deps.log.info('sync log trimmed to its size cap', { deleted, capBytes });
      this.deps.events.changed('sync_log');
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
