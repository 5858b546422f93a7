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
import { isAtsApiError } from '../http/errors';
import type { ApiCallRecord, PageResult, ResourceSpec } from '../providers/provider';
import { ENTITY_KINDS, type EntityKind, type RecordBatch } from '../providers/records';
import { RunCancelled, troubledCallLines, type RunContext, type SyncPhase } from './run-context';

/** The first phase of every run that is not push-only: the ATS's data into the cache. */
export const pullPhase: SyncPhase = { name: 'pull', run: pullAll };

/**
 * The pull phase: every resource of the provider, in its order, page by page. Each page's
 * records, log lines, run counters and the resource's checkpoint (the provider's `next`) are
 * committed in one IMMEDIATE transaction, so a crash loses at most the page in flight and the
 * next run resumes from the checkpoint. A pass's `committed` state (sync token) is saved only with
 * its last page. After a complete *full* pass, rows the pass did not see are swept.
 * Memory stays flat: one page is held at a time.
 */
export async function pullAll(run: RunContext): Promise<void> {
  const resources = run.provider.resources;
  for (let index = 0; index < resources.length; index++) {
    throwIfCancelled(run);
    const spec = resources[index]!;
    try {
      await pullResource(run, spec, index);
    } catch (error) {
      // A missing permission disables one resource, not the whole sync.
      if (isAtsApiError(error) && error.kind === 'permission') {
        run.stats.warnings.push(`${spec.label} skipped: ${error.message}`);
        run.log({
          level: 'warn',
          entity: spec.entities[0] ?? null,
          rule: 'missing-permission',
          apiCall: error.endpoint,
          result: 'skipped',
          requestId: error.requestId,
          message: `${spec.label} were not imported: ${error.message}`,
          nextStep: error.action ?? null,
        });
        run.progress.finishResource();
        continue;
      }
      throw error;
    }
  }
}

async function pullResource(run: RunContext, spec: ResourceSpec, index: number): Promise<void> {
  const { ctx } = run;
  const connectionId = run.connection.id;
  let state: ResourceState =
    getResourceState(ctx.db, connectionId, spec.name) ??
    emptyResourceState(spec.name, isoNow(ctx.clock));
  if (state.cursor !== null && run.forceFull && state.passMode !== 'full') {
    // The admin asked for a full read: an incremental pass in progress is abandoned.
    state = { ...state, cursor: null };
  }
  const resuming = state.cursor !== null;
  run.progress.begin(
    spec,
    index,
    state.passMode === 'full' || !resuming ? state.lastFullRecords : null,
    resuming ? state.passRecords : 0,
  );
  if (resuming) {
    run.log({
      level: 'info',
      entity: spec.entities[0] ?? null,
      rule: 'resume-checkpoint',
      message: `${spec.label}: resuming the interrupted ${state.passMode ?? ''} read from its last checkpoint (${state.passRecords} records were already saved).`,
    });
  }
  for (;;) {
    throwIfCancelled(run);
    const page = await run.provider.fetchPage({
      resource: spec.name,
      cursor: state.cursor,
      committed: state.committed,
      forceFull: run.forceFull,
      signal: run.signal,
    });
    crashPoint('pull:after-response');
    const calls = run.takeApiCalls();
    run.stats.requests += calls.length;
    if (page.passStarted) {
      run.progress.restart(page.mode, page.mode === 'full' ? state.lastFullRecords : null);
    }
    run.progress.setMode(page.mode);
    const { next, lines, records } = inTransaction(ctx.db, () =>
      commitPage(run, spec, state, page, calls),
    );
    run.emitLines(lines);
    run.touched(...spec.entities.map((entity) => ENTITY_TABLES[entity]));
    run.progress.advance(records);
    state = next;
    if (page.next === null) {
      if (spec.incremental) {
        if (next.passMode === 'full') run.stats.fullPasses++;
        else run.stats.incrementalPasses++;
      }
      run.progress.finishResource();
      return;
    }
  }
}

function commitPage(
  run: RunContext,
  spec: ResourceSpec,
  previous: ResourceState,
  page: PageResult,
  calls: ApiCallRecord[],
): { next: ResourceState; lines: SyncLogLine[]; records: number } {
  const { ctx } = run;
  const connectionId = run.connection.id;
  const now = isoNow(ctx.clock);
  const lines: SyncLogLine[] = [];
  const log = (line: Parameters<RunContext['logInTransaction']>[0]) =>
    lines.push(run.logInTransaction(line));
  const next: ResourceState = { ...previous, updatedAt: now };
  if (page.passStarted) {
    next.passId = previous.passId + 1;
    next.passMode = page.mode;
    next.passRecords = 0;
  }
  const mode = next.passMode ?? page.mode;
  const entity = spec.entities[0] ?? null;
  if (page.passStarted && mode === 'full') {
    for (const kind of spec.entities) deferIndexesIfEmpty(ctx.db, kind);
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
    ctx.db,
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
  for (const [kind, ids] of Object.entries(page.deletions ?? {}) as Array<[EntityKind, string[]]>) {
    removed += deleteRecords(ctx.db, connectionId, kind, ids);
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
    for (const [kind, ids] of Object.entries(outcome.changedIds) as Array<[EntityKind, string[]]>) {
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
  next.cursor = page.next;
  log({
    level: 'debug',
    entity,
    rule: mode === 'full' ? 'pull-page-full' : 'pull-page-incremental',
    ...source,
    result: 'ok',
    retries: calls.reduce((sum, call) => sum + call.attempts - 1, 0),
    message: `${spec.label}: ${records} record${records === 1 ? '' : 's'} received (${outcome.changed} new or changed${
      page.skipped?.length ? `, ${page.skipped.length} skipped` : ''
    }), ${mode} read.`,
  });

  // Records a first import appended twice (the ATS sent them twice in one read) were counted as
  // new twice; only the latest copy stays.
  let duplicates = 0;
  if (page.next === null) {
    // A table still without its key was only ever appended to by this pass (any other write,
    // a crash or the end of another run restores it), so nothing in it is left to sweep.
    const appended = new Set(spec.entities.filter((kind) => !hasKeyIndex(ctx.db, kind)));
    for (const kind of spec.entities) {
      const copies = restoreIndexes(ctx.db, kind);
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
        const swept = sweepUnseen(ctx.db, connectionId, kind, next.passId);
        if (swept > 0) {
          removed += swept;
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
    next.committed = page.committed ?? null;
    next.lastCompleteAt = now;
    next.cursor = null;
  }
  saveResourceState(ctx.db, connectionId, next);
  addRunCounters(ctx.db, run.runId, {
    recordsPulled: records,
    errors: page.skipped?.length ?? 0,
    requests: calls.length,
  });
  run.stats.received += records;
  run.stats.changed += outcome.changed + removed - duplicates;
  run.stats.skipped += page.skipped?.length ?? 0;
  return { next, lines, records };
}

function countRecords(batch: RecordBatch): number {
  let count = 0;
  for (const kind of ENTITY_KINDS) count += batch[kind]?.length ?? 0;
  return count;
}

function throwIfCancelled(run: RunContext): void {
  if (run.signal.aborted) throw new RunCancelled();
}
