import type { SyncLogLine } from '../../../shared/domain/runs';
import { isoNow } from '../clock';
import { crashPoint } from '../crash-points';
import { deferIndexesIfEmpty, hasKeyIndex, restoreIndexes } from '../db/cache-indexes';
import { inTransaction } from '../db/database';
import { deleteRecords, ENTITY_TABLES, sweepUnseen, upsertBatch } from '../db/repos/ats-cache';
import { addRunCounters } from '../db/repos/sync-runs';
import {
  emptyResourceState,
  getResourceState,
  saveResourceState,
  type ResourceState,
} from '../db/repos/sync-state';
import type { ApiCallRecord, PageResult, ResourceSpec, StreamSplit } from '../providers/provider';
import { ENTITY_KINDS, type EntityKind, type RecordBatch } from '../providers/records';
import {
  readPassCheckpoint,
  ROOT_STREAM,
  writePassCheckpoint,
  type PassCheckpoint,
} from './pass-checkpoint';
import type { ResourceProgress } from './progress';
import { troubledCallLines, type RunContext } from './run-context';

/**
 * One resource's pass through a run: its streams, and every commit that moves them. Each page is
 * committed in one IMMEDIATE transaction with its records, its log lines, the run's counters and
 * the pass's checkpoint (every stream's position), so a crash loses at most the page each stream
 * had in flight, and the next run resumes every stream where it stopped. When the last stream of
 * the pass is done, the same transaction completes the pass: the indexes a first import deferred
 * are built, a full pass sweeps the rows it did not see, and what the pass left for the next one
 * (a sync token, a watermark) is kept. Streams are committed one at a time (the database is used
 * from one thread), so the checkpoint is always whole.
 */
export class ResourcePass {
  private state: ResourceState;
  private pass: PassCheckpoint;
  /** Streams being read now (a page fetch in flight or about to be). */
  private readonly active = new Set<string>();
  readonly progress: ResourceProgress;
  complete = false;

  constructor(
    private readonly run: RunContext,
    readonly spec: ResourceSpec,
    index: number,
  ) {
    const { db, clock } = run.ctx;
    let state =
      getResourceState(db, run.connection.id, spec.name) ??
      emptyResourceState(spec.name, isoNow(clock));
    if (state.cursor !== null && run.forceFull && state.passMode !== 'full') {
      // The admin asked for a full read: an incremental pass in progress is abandoned.
      state = { ...state, cursor: null };
    }
    const resumed = readPassCheckpoint(state.cursor, state.passRecords);
    this.state = state;
    this.pass = resumed ?? {
      streams: new Map([[ROOT_STREAM, { cursor: null, done: false, records: 0 }]]),
      committed: null,
    };
    this.progress = run.progress.resource(
      spec,
      index,
      state.passMode === 'full' || !resumed ? state.lastFullRecords : null,
      resumed ? state.passRecords : 0,
    );
    if (resumed) {
      const streams = [...this.pass.streams.values()].filter((stream) => !stream.done).length;
      run.log({
        level: 'info',
        entity: spec.entities[0] ?? null,
        rule: 'resume-checkpoint',
        message: `${spec.label}: resuming the interrupted ${state.passMode ?? ''} read from its last checkpoint (${state.passRecords} records were already saved${streams > 1 ? `, ${streams} parts read in parallel` : ''}).`,
      });
    }
  }

  /** The streams left to read, in the order they were made. */
  unfinished(): string[] {
    return [...this.pass.streams].filter(([, stream]) => !stream.done).map(([key]) => key);
  }

  /** Streams being read now. */
  get readingCount(): number {
    return this.active.size;
  }

  claim(key: string): void {
    this.active.add(key);
    this.progress.setStreams(this.active.size);
  }

  release(key: string): void {
    this.active.delete(key);
    this.progress.setStreams(this.active.size);
  }

  /** The request for a stream's next page. */
  request(key: string, signal: AbortSignal) {
    return {
      resource: this.spec.name,
      stream: key,
      cursor: this.pass.streams.get(key)?.cursor ?? null,
      committed: this.state.committed,
      forceFull: this.run.forceFull,
      signal,
    };
  }

  /** The committed cursor of a stream (what a split divides). */
  cursorOf(key: string): unknown {
    return this.pass.streams.get(key)?.cursor ?? null;
  }

  /** Whether the stream is done (after a commit). */
  isDone(key: string): boolean {
    return this.pass.streams.get(key)?.done ?? true;
  }

  /** Commits a stream's page. Returns the log lines to emit and the records it brought. */
  commitPage(
    key: string,
    page: PageResult,
    calls: ApiCallRecord[],
  ): { lines: SyncLogLine[]; records: number } {
    const { run, spec } = this;
    if (key === ROOT_STREAM && page.passStarted) {
      this.progress.restart(page.mode, page.mode === 'full' ? this.state.lastFullRecords : null);
    }
    this.progress.setMode(page.mode);
    const result = inTransaction(run.ctx.db, () => this.commitInTransaction(key, page, calls));
    // Only a committed page moves the pass: a failed transaction leaves it where it was.
    this.state = result.state;
    this.pass = result.pass;
    if (result.passDone) {
      this.complete = true;
      if (spec.incremental) {
        if (result.mode === 'full') run.stats.fullPasses++;
        else run.stats.incrementalPasses++;
      }
    }
    run.emitLines(result.lines);
    run.touched(...spec.entities.map((entity) => ENTITY_TABLES[entity]));
    this.progress.advance(result.records, calls.length);
    if (this.complete) this.finishProgress();
    return { lines: result.lines, records: result.records };
  }

  /**
   * Divides a stream's remaining work as the provider said: the stream is narrowed or ends, the
   * new streams are added, all in one transaction.
   */
  commitSplit(key: string, split: StreamSplit): string[] {
    const { run, spec } = this;
    const pass = clonePass(this.pass);
    const stream = pass.streams.get(key);
    if (!stream || stream.done) return [];
    const lines = inTransaction(run.ctx.db, () => {
      if (split.keep === null) {
        stream.cursor = null;
        stream.done = true;
        if (key === ROOT_STREAM && split.committed !== undefined) {
          pass.committed = split.committed;
        }
      } else {
        stream.cursor = split.keep;
      }
      for (const spawned of split.spawn) {
        if (pass.streams.has(spawned.stream)) {
          throw new Error(`${spec.label}: a split made the stream “${spawned.stream}” twice.`);
        }
        pass.streams.set(spawned.stream, {
          cursor: spawned.cursor,
          done: false,
          records: 0,
        });
      }
      const written: SyncLogLine[] = [];
      if (split.notice) {
        written.push(
          run.logInTransaction({
            level: split.notice.level,
            entity: spec.entities[0] ?? null,
            rule: split.notice.code,
            message: `${spec.label}: ${split.notice.message}`,
          }),
        );
      }
      saveResourceState(run.ctx.db, run.connection.id, {
        ...this.state,
        cursor: writePassCheckpoint(pass),
      });
      return written;
    });
    this.pass = pass;
    this.state = { ...this.state, cursor: writePassCheckpoint(pass) };
    run.emitLines(lines);
    return split.spawn.map((spawned) => spawned.stream);
  }

  private commitInTransaction(
    key: string,
    page: PageResult,
    calls: ApiCallRecord[],
  ): {
    lines: SyncLogLine[];
    records: number;
    state: ResourceState;
    pass: PassCheckpoint;
    passDone: boolean;
    mode: 'full' | 'incremental';
  } {
    const { run, spec } = this;
    const { db } = run.ctx;
    let pass = clonePass(this.pass);
    const connectionId = run.connection.id;
    const now = isoNow(run.ctx.clock);
    const lines: SyncLogLine[] = [];
    const log = (line: Parameters<RunContext['logInTransaction']>[0]) =>
      lines.push(run.logInTransaction(line));
    const next: ResourceState = { ...this.state, updatedAt: now };
    if (key === ROOT_STREAM && page.passStarted) {
      next.passId = this.state.passId + 1;
      next.passMode = page.mode;
      next.passRecords = 0;
      // A pass that starts over drops the parts of the one it replaces.
      pass = {
        streams: new Map([[ROOT_STREAM, { cursor: null, done: false, records: 0 }]]),
        committed: null,
      };
    }
    const mode = next.passMode ?? page.mode;
    const entity = spec.entities[0] ?? null;
    if (key === ROOT_STREAM && page.passStarted && mode === 'full') {
      for (const kind of spec.entities) deferIndexesIfEmpty(db, kind);
    }

    for (const notice of page.notices ?? []) {
      next.lastNotice = notice.code;
      log({
        level: notice.level,
        entity,
        rule: notice.code,
        message: `${spec.label}: ${notice.message}`,
      });
    }
    for (const line of troubledCallLines(calls, entity, run.definition.label)) log(line);

    const outcome = upsertBatch(
      db,
      connectionId,
      page.batch,
      mode === 'full' ? next.passId : null,
      mode === 'incremental',
    );
    // Record-level lines name the call that brought the record, so each line stands on its own
    // (the API call and request id an ATS's support asks for).
    const primary = calls[0];
    const source = {
      apiCall: primary ? `${primary.method} ${primary.path}` : null,
      requestId: primary?.requestId ?? null,
    };
    let removed = 0;
    for (const [kind, ids] of Object.entries(page.deletions ?? {}) as Array<
      [EntityKind, string[]]
    >) {
      removed += deleteRecords(db, connectionId, kind, ids);
      for (const id of ids) {
        log({
          level: 'info',
          entity: kind,
          entityId: id,
          rule: 'pull-delete',
          ...source,
          result: 'deleted',
          message: `Deleted in ${run.definition.label}; removed from the cache.`,
        });
      }
    }
    if (outcome.changedIds) {
      for (const [kind, ids] of Object.entries(outcome.changedIds) as Array<
        [EntityKind, string[]]
      >) {
        for (const id of ids) {
          log({
            level: 'info',
            entity: kind,
            entityId: id,
            rule: 'pull-change',
            ...source,
            result: 'updated',
            message: `Changed in ${run.definition.label}; the cache was updated.`,
          });
        }
      }
    }
    for (const skipped of page.skipped ?? []) {
      log({
        level: 'warn',
        entity: skipped.entity,
        entityId: skipped.remoteId,
        rule: 'skipped-unreadable',
        ...source,
        result: 'skipped',
        message: `${skipped.reason} The record was skipped; the rest of the page was imported.`,
        nextStep: `If the record matters, check it in ${run.definition.label}; the next full sync reads it again.`,
      });
    }

    crashPoint('pull:mid-page');
    const records = countRecords(page.batch);
    next.passRecords += records;
    const stream = pass.streams.get(key);
    if (stream) {
      stream.records += records;
      stream.cursor = page.next;
      stream.done = page.next === null;
      if (stream.done && key === ROOT_STREAM && page.committed !== undefined) {
        pass.committed = page.committed;
      }
    }
    log({
      level: 'debug',
      entity,
      rule: mode === 'full' ? 'pull-page-full' : 'pull-page-incremental',
      ...source,
      result: 'ok',
      retries: calls.reduce((sum, call) => sum + call.attempts - 1, 0),
      message: `${spec.label}: ${records} record${records === 1 ? '' : 's'} received (${outcome.changed} new or changed${
        page.skipped?.length ? `, ${page.skipped.length} skipped` : ''
      }), ${mode} read${pass.streams.size > 1 ? ` (part ${key || 'first'})` : ''}.`,
    });

    const passDone = [...pass.streams.values()].every((each) => each.done);
    let duplicates = 0;
    if (passDone) {
      duplicates = this.completeInTransaction(
        next,
        pass,
        mode,
        now,
        log,
        (count) => (removed += count),
      );
    } else {
      next.cursor = writePassCheckpoint(pass);
    }
    saveResourceState(db, connectionId, next);
    addRunCounters(db, run.runId, {
      recordsPulled: records,
      errors: page.skipped?.length ?? 0,
      requests: calls.length,
    });
    run.stats.received += records;
    run.stats.changed += outcome.changed + removed - duplicates;
    run.stats.skipped += page.skipped?.length ?? 0;
    run.stats.requests += calls.length;
    return { lines, records, state: next, pass, passDone, mode };
  }

  /** The end of the pass, inside its last page's transaction. Returns the duplicates dropped. */
  private completeInTransaction(
    next: ResourceState,
    pass: PassCheckpoint,
    mode: 'full' | 'incremental',
    now: string,
    log: (line: Parameters<RunContext['logInTransaction']>[0]) => void,
    addRemoved: (count: number) => void,
  ): number {
    const { run, spec } = this;
    const { db } = run.ctx;
    // A table still without its key was only ever appended to by this pass (any other write,
    // a crash or the end of another run restores it), so nothing in it is left to sweep.
    const appended = new Set(spec.entities.filter((kind) => !hasKeyIndex(db, kind)));
    // Records a first import appended twice (the ATS sent them twice in one read, or two parts
    // overlapped at a boundary) were counted as new twice; only the latest copy stays.
    let duplicates = 0;
    for (const kind of spec.entities) {
      const copies = restoreIndexes(db, kind);
      duplicates += copies;
      if (copies > 0) {
        log({
          level: 'debug',
          entity: kind,
          rule: 'pull-duplicates',
          result: 'ok',
          message: `${spec.label}: ${copies} ${kind} came more than once in this read; the latest copy of each was kept.`,
        });
      }
    }
    if (mode === 'full') {
      for (const kind of spec.entities) {
        if (appended.has(kind)) continue;
        const swept = sweepUnseen(db, run.connection.id, kind, next.passId);
        if (swept > 0) {
          addRemoved(swept);
          log({
            level: 'info',
            entity: kind,
            rule: 'sweep-missing',
            result: 'deleted',
            message: `${swept} cached ${kind} no longer in ${run.definition.label} were removed after a complete read.`,
          });
        }
      }
      next.lastFullAt = now;
      next.lastFullRecords = next.passRecords;
    }
    next.committed = pass.committed ?? null;
    next.lastCompleteAt = now;
    next.cursor = null;
    return duplicates;
  }

  /** The resource is finished (its pass completed, or it was skipped). */
  finishProgress(): void {
    if (!this.progress.finished) this.progress.finish();
  }
}

function clonePass(pass: PassCheckpoint): PassCheckpoint {
  return {
    streams: new Map([...pass.streams].map(([key, stream]) => [key, { ...stream }])),
    committed: pass.committed,
  };
}

function countRecords(batch: RecordBatch): number {
  let count = 0;
  for (const kind of ENTITY_KINDS) count += batch[kind]?.length ?? 0;
  return count;
}
