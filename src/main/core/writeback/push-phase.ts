import { isoNow } from '../clock';
import { inTransaction } from '../db/database';
import { addRunCounters } from '../db/repos/sync-runs';
import {
  claim,
  countDue,
  dueRows,
  recoverInFlight,
  settle,
  type OutboxRow,
} from '../db/repos/outbox';
import { isConsoleError } from '../errors';
import { backoffDelay } from '../http/backoff';
import { isAtsApiError, type AtsApiError } from '../http/errors';
import { openStageResolver } from '../mapping';
import { troubledCallLines, type RunContext, type SyncPhase } from '../sync/run-context';
import { crashPoint } from '../crash-points';
import { describeRow } from './describe';
import { loadWriteEnvironment } from './environment';
import { sendRow, type SendContext } from './send';
import type { Settlement } from './settle';

/**
 * The write-back phase of a sync run (after the pull and the ATS → Kula phase,
 * `sync/ats-to-kula.ts`):
 * 1. rows a dead process left in flight become "check first" (their outcome is unknown);
 * 2. unless writes are held (Lever's mapping not confirmed, no `perform_as` user, no Ashby Kula
 *    source), the outbox drains: each candidate's rows in order, a few candidates at a time
 *    (every request still passes the connection's rate limiter). A row is claimed in one
 *    transaction, sent with no transaction open, and settled in another.
 *
 * Failures: a refusal of the content (validation, not found, missing permission, a mapping error)
 * fails the row at once with the reason, for the admin to retry or discard; a failure after which
 * the ATS may have done the write (timeout, reset, 5xx, unreadable answer) marks the row "check
 * first" and retries it later with backoff, failing it after `maxAttempts`; a 429 retries later;
 * a refused credential stops the phase and pauses the connection (rows are kept).
 */

export interface OutboxPolicy {
  baseDelayMs: number;
  capDelayMs: number;
  /** Attempts before a row that keeps failing is handed to the admin. */
  maxAttempts: number;
  /** Candidates worked on at once (one candidate's rows always run in order). */
  concurrency: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  baseDelayMs: 15_000,
  capDelayMs: 15 * 60_000,
  maxAttempts: 8,
  concurrency: 4,
};

export function createPushPhase(policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY): SyncPhase {
  return { name: 'push', run: (run) => pushOutbox(run, policy) };
}

const AMBIGUOUS = new Set(['network', 'timeout', 'unavailable', 'bad_response']);

async function pushOutbox(run: RunContext, policy: OutboxPolicy): Promise<void> {
  const { ctx } = run;
  const { db } = ctx;
  const connectionId = run.connection.id;
  const writer = run.provider.writer;
  const ats = run.definition.label;
  const now = () => isoNow(ctx.clock);
  if (!writer) return;

  const recovered = inTransaction(db, () => recoverInFlight(db, connectionId, now()));
  if (recovered > 0) {
    run.log({
      level: 'warn',
      direction: 'push',
      rule: 'outbox-recovered',
      message: `${recovered} write${recovered === 1 ? ' was' : 's were'} interrupted before ${ats}’s answer was recorded; each is checked against ${ats} before it is sent again.`,
    });
  }

  const resolver = openStageResolver(db, connectionId, now());
  const env = loadWriteEnvironment(db, connectionId);
  const readiness = writer.begin(env);
  const held = !resolver.writeBack.allowed
    ? {
        reason:
          resolver.writeBack.reason ??
          `Writes to ${ats} are held until the stage mapping is confirmed.`,
        action:
          'Review and confirm the stage mapping (Stage mapping → Confirm). Queued writes are kept.',
      }
    : readiness.ready
      ? null
      : readiness;
  if (held) {
    const waiting = dueRows(db, connectionId, '9999', 1).length;
    if (waiting > 0) {
      run.stats.warnings.push(`Writes to ${ats} are on hold: ${held.reason}`);
      run.log({
        level: 'warn',
        direction: 'push',
        rule: 'outbox-held',
        result: 'held',
        message: `Writes to ${ats} are on hold: ${held.reason}`,
        nextStep: held.action,
      });
    }
    return;
  }

  const op: SendContext = {
    db,
    connectionId,
    ats,
    writer,
    resolver,
    signal: run.signal,
    now,
  };
  const busy = new Set<string>();
  let stop = false;
  /** The ATS refused the credential: the writes stay queued and the run ends failed. */
  let refused: AtsApiError | null = null;
  // Live progress of the push: writes due now (their order may hold some back until later).
  run.progress.beginPhase('push', 'Queued writes', countDue(db, connectionId, now()));

  const next = (): OutboxRow | null =>
    dueRows(db, connectionId, now(), policy.concurrency * 4 + busy.size).find(
      (row) => !busy.has(row.candidate_id),
    ) ?? null;

  const send = async (row: OutboxRow): Promise<'ok' | 'stop'> => {
    if (!inTransaction(db, () => claim(db, row.id, now()))) return 'ok';
    crashPoint('writeback:after-claim');
    const attempt = { ...row, attempts: row.attempts + 1 };
    const title = describeRow(db, attempt, ats);
    let settlement: Settlement | null = null;
    let failure: unknown = null;
    try {
      settlement = await sendRow(op, attempt);
    } catch (error) {
      failure = error;
    }
    crashPoint('writeback:after-response');
    if (settlement) {
      const done = settlement;
      const line = inTransaction(db, () => {
        settle(db, row.id, {
          state: done.state,
          outcome: done.outcome,
          result: done.result ?? null,
          now: now(),
        });
        done.commit?.();
        addRunCounters(db, run.runId, { recordsPushed: done.state === 'done' ? 1 : 0 });
        return run.logInTransaction({
          level: 'info',
          direction: 'push',
          entity: 'kula_candidate',
          entityId: row.candidate_id,
          rule: `outbox-${row.kind}`,
          apiCall: done.apiCall ?? null,
          result: done.state,
          retries: attempt.attempts - 1,
          message: `${title}: ${done.outcome}`,
        });
      });
      crashPoint('writeback:after-commit');
      run.emitLines([line]);
      run.progress.advance(1);
      run.touched('outbox', ...(done.touched ?? []));
      if (done.state === 'done') run.stats.pushed.done++;
      else run.stats.pushed.skipped++;
      return 'ok';
    }
    return failed(attempt, title, failure);
  };

  const failed = (row: OutboxRow, title: string, error: unknown): 'ok' | 'stop' => {
    const api = isAtsApiError(error) ? error : null;
    const ambiguous = api !== null && AMBIGUOUS.has(api.kind);
    const later = (extraMs = 0) =>
      new Date(
        ctx.clock.now() +
          Math.max(backoffDelay(row.attempts, policy), extraMs, api?.retryAfterMs ?? 0),
      ).toISOString();
    let state: 'pending' | 'failed';
    let stopAfter = false;
    let uncount = false;
    let needsCheck = row.needs_check === 1 || ambiguous;
    if (api?.kind === 'auth') {
      state = 'pending';
      uncount = true;
      stopAfter = true;
    } else if (api?.kind === 'cancelled') {
      state = 'pending';
      uncount = true;
      needsCheck = true;
      stopAfter = true;
    } else if (api && (ambiguous || api.kind === 'rate_limited')) {
      state = row.attempts >= policy.maxAttempts ? 'failed' : 'pending';
    } else {
      state = 'failed';
    }
    // An ATS may echo a credential back in an error; the outbox (shown and exported) keeps none.
    const message = ctx.redactor.text(errorMessage(error, ats));
    const action =
      api && (api.kind === 'rejected' || api.kind === 'not_found')
        ? `Check what this write involves in ${ats} and in Kula, then choose Retry in the Outbox, or Discard the write.`
        : api && state === 'failed' && (ambiguous || api.kind === 'rate_limited')
          ? `${ats} kept failing (${row.attempts} attempts). Choose Retry in the Outbox when it answers again; the console checks first, so nothing is duplicated.`
          : isConsoleError(error)
            ? (error.action ?? null)
            : null;
    if (!isConsoleError(error)) {
      ctx.log.error('write-back operation crashed', {
        connectionId,
        outboxId: row.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    const line = inTransaction(db, () => {
      settle(db, row.id, {
        state,
        needsCheck,
        uncount,
        nextAttemptAt: state === 'pending' && !uncount ? later() : null,
        error: { message, code: isConsoleError(error) ? error.code : 'INTERNAL', action },
        requestId: api?.requestId ?? null,
        now: now(),
      });
      addRunCounters(db, run.runId, { errors: state === 'failed' ? 1 : 0 });
      return run.logInTransaction({
        level: state === 'failed' ? 'error' : 'warn',
        direction: 'push',
        entity: 'kula_candidate',
        entityId: row.candidate_id,
        rule: `outbox-${row.kind}`,
        apiCall: api?.endpoint ?? null,
        result: state === 'failed' ? 'failed' : 'retry-later',
        retries: Math.max(0, (api?.attempts ?? 1) - 1),
        requestId: api?.requestId ?? null,
        message: `${title}: ${message}${
          state === 'pending' && !uncount
            ? ambiguous
              ? ` ${ats} may have received it, so it will be checked before it is sent again.`
              : ' It will be tried again later.'
            : ''
        }`,
        nextStep:
          state === 'failed'
            ? (action ?? 'Fix the cause, then choose Retry in the Outbox, or Discard the write.')
            : null,
      });
    });
    run.emitLines([line]);
    run.progress.advance(1);
    run.touched('outbox');
    if (state === 'failed') run.stats.pushed.failed++;
    else if (!uncount) run.stats.pushed.retrying++;
    if (api?.kind === 'auth') {
      ctx.connections.markNeedsReauth(connectionId, api.message);
      refused ??= api;
    }
    return stopAfter ? 'stop' : 'ok';
  };

  const worker = async (): Promise<void> => {
    while (!stop && !run.signal.aborted) {
      const row = next();
      if (!row) return;
      busy.add(row.candidate_id);
      try {
        if ((await send(row)) === 'stop') stop = true;
      } finally {
        busy.delete(row.candidate_id);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, policy.concurrency) }, worker));
  run.progress.finishResource();
  const calls = run.takeApiCalls();
  run.stats.requests += calls.length;
  addRunCounters(db, run.runId, { requests: calls.length });
  for (const line of troubledCallLines(calls, 'kula_candidate', ats)) {
    run.log({ ...line, direction: 'push' });
  }
  // Not a run that succeeded with nothing to send: the admin must reconnect before any write goes.
  if (refused) throw refused;
}

function errorMessage(error: unknown, ats: string): string {
  if (isConsoleError(error)) return (error as AtsApiError).message;
  return `The console failed while writing to ${ats} (an internal error).`;
}
