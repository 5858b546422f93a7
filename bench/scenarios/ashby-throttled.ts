/**
 * Scenario: the initial import of an Ashby tenant from the simulator in its own process with a
 * rate limit on both sides: Ashby publishes no numeric limit (see docs/ashby.md), so the simulator
 * enforces the console's default Ashby limit (5 requests/s, bursts of 10) with 429s, and the
 * console keeps that default. Reports the achieved request rate as a share of what the limit
 * allows, and the 429s the console caused (the bar: at least 95%, and 0).
 *
 * Two shares: of the steady rate, and of the most the bucket admits in the import's wall time
 * (its burst plus the rate per second), the stricter figure, which the bar is checked against.
 *
 * Run by bench/run.ts in a process of its own; prints one `BENCH_RESULT {json}` line.
 * Args: --size N (candidates and as many applications)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ashbyDefinition } from '../../src/main/core/providers/ashby';
import {
  benchDataDir,
  connectSim,
  countRows,
  openBenchCore,
  printResult,
  runScenario,
  seconds,
} from '../support/core';
import { startSim } from '../support/sim';

runScenario(async () => {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '4000' } } });
  const size = Number(values.size);
  const limit = ashbyDefinition.defaultRateLimit!;
  const sim = await startSim('ashby', { candidates: size, applications: size, rateLimit: limit });
  const dataDir = benchDataDir();
  try {
    const core = openBenchCore(dataDir);
    const ctx = core.context;
    const connectionId = await connectSim(core, sim, { throttle: true });
    const clientLimit = ctx.connections.summary(connectionId).rateLimit;
    // Both buckets (the console's and the simulator's) refill after the connection check.
    await new Promise((resolve) =>
      setTimeout(resolve, (1000 * limit.burst) / limit.perSecond + 500),
    );

    await sim.mark();
    const started = performance.now();
    const run = await ctx.sync.run(connectionId, { trigger: 'initial-import' });
    const wallSeconds = seconds(started);
    const stats = await sim.stats();
    if (run.status !== 'succeeded') throw new Error(`import ${run.status}: ${run.message}`);
    const countsMatch =
      countRows(core, 'ats_candidates') === sim.counts.candidates &&
      countRows(core, 'ats_applications') === sim.counts.applications;
    await core.shutdown();

    const rate = stats.requests / wallSeconds;
    const bucketMax = limit.burst + limit.perSecond * wallSeconds;
    printResult({
      metrics: {
        records: { value: run.recordsPulled, unit: 'records', label: 'Records imported' },
        requests: { value: stats.requests, unit: 'requests', label: 'Requests Ashby received' },
        wallSeconds: { value: wallSeconds, unit: 's', label: 'Import wall time' },
        rate: { value: rate, unit: 'req/s', label: 'Achieved request rate' },
        shareOfSteady: {
          value: (100 * rate) / limit.perSecond,
          unit: '%',
          label: `Share of the steady ${limit.perSecond} req/s`,
        },
        shareOfBucket: {
          value: (100 * stats.requests) / bucketMax,
          unit: '%',
          label: `Share of what the bucket admits (${limit.burst} + ${limit.perSecond}/s × wall time)`,
          bar: '≥ 95% of the allowed rate',
          target: { min: 95 },
        },
        throttled: {
          value: stats.throttled,
          unit: '429s',
          label: 'Requests Ashby refused with 429',
          bar: 'zero 429s caused',
          target: { max: 0 },
        },
        clientLimit: {
          value: clientLimit?.perSecond ?? Number.NaN,
          unit: 'req/s',
          label: `Console’s Ashby limit (burst ${clientLimit?.burst ?? '?'})`,
        },
      },
      checks: { countsMatch },
    });
  } finally {
    sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
