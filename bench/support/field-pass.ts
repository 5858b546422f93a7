/**
 * One first import for the `field-import` scenario: a fresh data directory and console core, the
 * connection made through the connection service (check, then save) with the client-side limit
 * given, both buckets left to refill, then the import, measured at the simulator.
 */
import fs from 'node:fs';
import type { RateLimitSetting } from '../../src/shared/domain/connections';
import { benchDataDir, connectSim, countRows, openBenchCore } from './core';
import type { SimHandle, SimStats } from './sim';

export interface PassOptions {
  /** The simulator's answer latency for this import (ms) and its jitter (a fraction). */
  latencyMs: number;
  jitter: number;
  /** The limit the simulator enforces: the ceiling the share is measured against. */
  atsLimit: RateLimitSetting;
  /** The console's limit, set in the connection's settings; null keeps the provider's default. */
  consoleLimit: RateLimitSetting | null;
}

export interface PassResult {
  /** Requests the simulator admitted from the import's first request to its end. */
  admitted: number;
  /** Requests it refused with 429 in that time. */
  throttled: number;
  /** From the first request's arrival at the simulator to the import's end, in seconds. */
  wallSeconds: number;
  /** `(admitted − burst) ÷ rate ÷ wall time`, as a percentage: 100% is the ATS's ceiling. */
  sharePercent: number;
  /** What a client that keeps the bucket busy from its first request could reach (see below). */
  reachablePercent: number;
  records: number;
  opportunities: number;
  inFlightMax: number;
  inFlightMean: number;
  /** The limit the console used, as its connection reports it. */
  consoleLimit: RateLimitSetting | null;
  countsMatch: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function importOnce(sim: SimHandle, options: PassOptions): Promise<PassResult> {
  await sim.send({ cmd: 'latency', ms: options.latencyMs, jitter: options.jitter });
  const dataDir = benchDataDir();
  try {
    const core = openBenchCore(dataDir);
    const ctx = core.context;
    const connectionId = await connectSim(core, sim, { throttle: true });
    // As an admin who knows the account's limit would set it in the connection's settings.
    if (options.consoleLimit) {
      ctx.connections.updateSettings(connectionId, { rateLimit: options.consoleLimit });
    }
    const consoleLimit = ctx.connections.summary(connectionId).rateLimit;
    // The connection check spent tokens on both sides: let both buckets fill up again.
    const refill = (limit: RateLimitSetting | null) =>
      limit ? (1000 * limit.burst) / limit.perSecond : 0;
    await sleep(Math.max(refill(options.atsLimit), refill(consoleLimit)) + 500);

    await sim.mark();
    const run = await ctx.sync.run(connectionId, { trigger: 'initial-import' });
    const endedAt = Date.now();
    const stats: SimStats = await sim.stats();
    if (run.status !== 'succeeded') throw new Error(`import ${run.status}: ${run.message}`);
    if (stats.firstArrivalAt === null) throw new Error('the simulator saw no request');
    const countsMatch =
      countRows(core, 'ats_candidates') === sim.counts.candidates &&
      countRows(core, 'ats_applications') === sim.counts.applications;
    await core.shutdown();

    const { perSecond, burst } = options.atsLimit;
    const wallSeconds = (endedAt - stats.firstArrivalAt) / 1000;
    const admitted = stats.requests - stats.throttled;
    // The bucket admits its burst at once, then `perSecond`: the burst is free, the rest is paced.
    const pacedSeconds = Math.max(0, admitted - burst) / perSecond;
    // Even a client that sends at the limit from its first request waits one latency for the last
    // answer, so at this request count the share cannot pass paced ÷ (paced + latency).
    const reachable = pacedSeconds / (pacedSeconds + options.latencyMs / 1000);
    return {
      admitted,
      throttled: stats.throttled,
      wallSeconds,
      sharePercent: (100 * pacedSeconds) / wallSeconds,
      reachablePercent: 100 * reachable,
      records: run.recordsPulled,
      opportunities: sim.counts.applications,
      inFlightMax: stats.inFlightMax,
      inFlightMean: stats.inFlightMean,
      consoleLimit,
      countsMatch,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
