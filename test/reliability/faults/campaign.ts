import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getConnectionRow } from '../../../src/main/core/db/repos/connections';
import type { ConsoleCore } from '../../../src/main/core/core';
import { FAULT_KINDS, type FaultKind } from '../../simulators/common/faults';
import { DEFAULT_OUTBOX_POLICY } from '../../../src/main/core/writeback/push-phase';
import {
  CAMPAIGN_HTTP,
  differencesFrom,
  endState,
  openRows,
  withCore,
  type EndState,
} from '../harness';
import { planScenario, startWorld, type Provider, type World } from '../worlds';

/**
 * The fault campaign, which proves that faults of the ATS or the network neither lose nor
 * duplicate anything: the scenario of the crash campaign (import, then write-back of candidates,
 * notes, messages, stage moves and resumes), run against simulators that answer a share of
 * requests with a fault: 429 with and without `Retry-After`, 500/502/503, timeouts, connection
 * resets, malformed and truncated JSON, Ashby's HTTP 200 `success:false` with codes no document
 * lists, Greenhouse's and Lever's own error bodies, and (Lever) the authorization revoked in the middle of a run, so the renewal gets
 * `invalid_grant`. Syncs run as the scheduler would run them, until everything is sent. Then: the
 * ATS and the cache must equal a fault-free run's, every call's attempts stay within the retry
 * policy, every row's within the outbox policy, and the sync log names every fault injected.
 */

export interface FaultCampaignOptions {
  seed: number;
  /** Share of requests that get a fault (0.1). */
  rate: number;
  size: number;
  people: number;
  /** The ATSs to play (default: every one). */
  providers?: readonly Provider[];
  log?: (line: string) => void;
}

export interface FaultFigures {
  provider: Provider;
  requests: number;
  baselineRequests: number;
  faults: Partial<Record<FaultKind, number>>;
  faultsNamedInLog: number;
  runs: number;
  failedRuns: number;
  reconnects: number;
  callsRetried: number;
  maxAttemptsPerCall: number;
  maxAttemptsPerWrite: number;
  wallMs: number;
  baselineWallMs: number;
  violations: string[];
}

/** Per-request HTTP timeout of the campaign's console: a `timeout` fault hangs longer. */
const TIMEOUT_MS = 2_000;
const MAX_RUNS_PER_PHASE = 40;

export async function runFaultCampaign(options: FaultCampaignOptions): Promise<FaultFigures[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kula-faults-'));
  try {
    const figures: FaultFigures[] = [];
    for (const provider of options.providers ?? (['ashby', 'lever', 'greenhouse'] as const)) {
      const clean = await play(provider, null);
      const faulty = await play(provider, clean);
      figures.push(faulty.figures);
      options.log?.(formatFaultFigures(faulty.figures));
    }
    return figures;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  async function play(
    provider: Provider,
    clean: { end: EndState; figures: FaultFigures } | null,
  ): Promise<{ end: EndState; figures: FaultFigures }> {
    const started = performance.now();
    const world = await startWorld(provider, { seed: options.seed, size: options.size });
    const dataDir = fs.mkdtempSync(path.join(work, `${provider}-`));
    const figures: FaultFigures = {
      provider,
      requests: 0,
      baselineRequests: clean?.figures.requests ?? 0,
      faults: {},
      faultsNamedInLog: 0,
      runs: 0,
      failedRuns: 0,
      reconnects: 0,
      callsRetried: 0,
      maxAttemptsPerCall: 0,
      maxAttemptsPerWrite: 0,
      wallMs: 0,
      baselineWallMs: clean?.figures.wallMs ?? 0,
      violations: [],
    };
    const violation = (text: string) => figures.violations.push(`${provider}: ${text}`);
    try {
      const connectionId = await withCore(dataDir, (core) => world.connect(core.context), {
        timeoutMs: TIMEOUT_MS,
      });
      if (clean) {
        world.faults.configure({
          rate: options.rate,
          seed: options.seed,
          hangMs: TIMEOUT_MS * 2,
          kinds: provider === 'ashby' ? [...FAULT_KINDS, 'provider-error'] : FAULT_KINDS,
        });
        // Mid-run, a Lever Super Admin revokes the app (once): the renewal gets invalid_grant.
        if (provider === 'lever')
          world.faults.at(Math.round(clean.figures.requests / 3), 'revoked');
      }
      const end = await withCore(
        dataDir,
        async (core) => {
          core.context.sync.observeApiCalls((_id, call) => {
            if (call.attempts > 1) figures.callsRetried++;
            figures.maxAttemptsPerCall = Math.max(figures.maxAttemptsPerCall, call.attempts);
          });
          const syncUntilSent = async (phase: string) => {
            for (let i = 0; i < MAX_RUNS_PER_PHASE; i++) {
              const run = await core.context.sync.run(connectionId, { trigger: 'scheduled' });
              figures.runs++;
              if (run.status !== 'succeeded') {
                figures.failedRuns++;
                if (!clean)
                  throw new Error(`${provider}: a fault-free run ${run.status}: ${run.message}`);
              }
              const row = getConnectionRow(core.context.db, connectionId)!;
              if (row.status === 'needs_reauth') {
                figures.reconnects++;
                world.reconnect(core.context, connectionId);
                continue;
              }
              if (run.status === 'succeeded' && openRows(core, connectionId) === 0) return;
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
            violation(`${phase}: not everything was sent after ${MAX_RUNS_PER_PHASE} syncs`);
          };
          await syncUntilSent('import');
          const scenario = planScenario(core.context, connectionId, world, options.people);
          for (const [index, batch] of scenario.batches.entries()) {
            batch(core.context);
            await syncUntilSent(`batch ${index + 1}`);
          }
          // The last look: faults off, so the comparison is about the state, not the last run.
          world.faults.configure({ rate: 0 });
          await core.context.sync.run(connectionId, { trigger: 'scheduled' });
          figures.maxAttemptsPerWrite = maxOutboxAttempts(core, connectionId);
          if (clean) checkLogNamesFaults(core, connectionId, world, figures, violation);
          return endState(core, world, connectionId, scenario.emails);
        },
        { timeoutMs: TIMEOUT_MS },
      );
      end.problems.forEach(violation);
      if (clean) differencesFrom(clean.end, end, 'faults').forEach(violation);
      const retry = CAMPAIGN_HTTP.retry;
      if (figures.maxAttemptsPerCall > retry.maxRetries + 1) {
        violation(
          `a call made ${figures.maxAttemptsPerCall} attempts (at most ${retry.maxRetries + 1})`,
        );
      }
      if (figures.maxAttemptsPerWrite > DEFAULT_OUTBOX_POLICY.maxAttempts) {
        violation(
          `a write was tried ${figures.maxAttemptsPerWrite} times (at most ${DEFAULT_OUTBOX_POLICY.maxAttempts})`,
        );
      }
      figures.requests = world.requests.entries.length;
      for (const fault of world.faults.injected) {
        figures.faults[fault.kind] = (figures.faults[fault.kind] ?? 0) + 1;
      }
      figures.wallMs = Math.round(performance.now() - started);
      return { end, figures };
    } finally {
      await world.close();
    }
  }
}

function maxOutboxAttempts(core: ConsoleCore, connectionId: string): number {
  return (
    core.context.db
      .prepare('SELECT coalesce(max(attempts), 0) AS n FROM outbox WHERE connection_id = ?')
      .get(connectionId) as { n: number }
  ).n;
}

/** How the sync log words each fault kind (the HTTP client's description of a failed attempt). */
const FAULT_WORDS: Record<FaultKind, RegExp> = {
  '429': /HTTP 429(, \w+)?, no Retry-After/,
  '429-retry-after': /HTTP 429(, \w+)?, Retry-After \d+ s/,
  '500': /HTTP 500/,
  '502': /HTTP 502/,
  '503': /HTTP 503/,
  timeout: /timed out/,
  reset: /connection was dropped|socket hang up|network error/,
  'malformed-json': /unreadable answer/,
  'truncated-json': /unreadable answer|connection was dropped|aborted/,
  'lost-response': /connection was dropped|socket hang up/,
  'provider-error': /error (internal_error|temporarily_unavailable|unexpected_error)/,
  revoked: /HTTP 401/,
};

/** A request path as the console logs it: without Lever's `/v1`, ids as `:id`. */
const templated = (path: string) =>
  path.replace(/^\/v1(?=\/)/, '').replace(/\/[0-9a-f-]{8,}(?=\/|$)/gi, '/:id');

/**
 * Every injected fault must appear in the log as a failed attempt of the call it hit: the faults
 * per path and kind are matched, one for one, with the failed attempts the log lists for that call.
 */
function checkLogNamesFaults(
  core: ConsoleCore,
  connectionId: string,
  world: World,
  figures: FaultFigures,
  violation: (text: string) => void,
): void {
  const lines = core.context.db
    .prepare(
      "SELECT api_call, message FROM sync_log WHERE connection_id = ? AND message LIKE '%Failed attempts:%'",
    )
    .all(connectionId) as Array<{ api_call: string | null; message: string }>;
  const attempts: Array<{ path: string; words: string; used: boolean }> = [];
  for (const line of lines) {
    const listed = /Failed attempts: (.*)\.$/s.exec(line.message)?.[1] ?? '';
    const pathOf = (line.api_call ?? '').split(' ')[1] ?? '';
    for (const words of listed.split('; ')) attempts.push({ path: pathOf, words, used: false });
  }
  const unnamed: string[] = [];
  for (const fault of world.faults.injected) {
    const match = attempts.find(
      (attempt) =>
        !attempt.used &&
        templated(fault.path) === templated(attempt.path) &&
        FAULT_WORDS[fault.kind].test(attempt.words),
    );
    if (match) {
      match.used = true;
      figures.faultsNamedInLog++;
    } else unnamed.push(`${fault.kind} on ${fault.path}`);
  }
  if (unnamed.length > 0) {
    violation(
      `${unnamed.length} faults the log does not name: ${unnamed.slice(0, 8).join(', ')}${unnamed.length > 8 ? ', …' : ''}`,
    );
  }
}

export function formatFaultFigures(figures: FaultFigures): string {
  const injected = Object.values(figures.faults).reduce((sum, n) => sum + (n ?? 0), 0);
  const kinds = Object.entries(figures.faults)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return [
    `Fault campaign, ${figures.provider}: ${injected} faults in ${figures.requests} requests (${kinds})`,
    `  named in the sync log ${figures.faultsNamedInLog}/${injected}; violations ${figures.violations.length}${figures.violations.length ? `:\n    ${figures.violations.join('\n    ')}` : ''}`,
    `  syncs ${figures.runs} (${figures.failedRuns} stopped by a fault), reconnects ${figures.reconnects}`,
    `  retries: ${figures.callsRetried} calls retried, at most ${figures.maxAttemptsPerCall} attempts per call, at most ${figures.maxAttemptsPerWrite} attempts per queued write`,
    `  requests ${figures.requests} vs ${figures.baselineRequests} without faults; wall ${(figures.wallMs / 1000).toFixed(1)} s vs ${(figures.baselineWallMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
