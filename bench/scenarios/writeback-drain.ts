/**
 * Scenario: the write-back drain. Kula candidates linked to a Lever posting through a flow (their
 * leads created beforehand, unthrottled, not measured) get 1,000 notes and 200 stage moves in the
 * console; the outbox then drains through push runs with Lever's rate limit on in the simulator
 * (10 requests/s, bursts of 20, 429 beyond) and the console's default Lever limit. Lever is the
 * ATS with a documented limit. Reports the achieved request rate as a share of what Lever allows,
 * the 429s caused, and duplicates: notes that arrived more than once, and stage moves beyond one
 * per move made.
 *
 * Run by bench/run.ts in a process of its own; prints one `BENCH_RESULT {json}` line.
 * Args: --candidates N --notes N --moves N
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { listAtsUsers } from '../../src/main/core/db/repos/ats-users';
import { confirmMapping } from '../../src/main/core/mapping/service';
import { LEVER_RATE_LIMIT } from '../../src/main/core/providers/lever';
import { addNote } from '../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../src/main/core/kula/flows';
import type { ConsoleCore } from '../../src/main/core/core';
import {
  benchDataDir,
  connectSim,
  openBenchCore,
  printResult,
  runScenario,
  seconds,
} from '../support/core';
import { startSim, type SimWrites } from '../support/sim';

const LEVER_ALLOWS = { perSecond: 10, burst: 20 };
const MARKER = 'kula-bench-note';

runScenario(async () => {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '200' },
      notes: { type: 'string', default: '1000' },
      moves: { type: 'string', default: '200' },
    },
  });
  const people = Number(values.candidates);
  const noteCount = Number(values.notes);
  const moveCount = Number(values.moves);
  const sim = await startSim('lever', { opportunities: 2000, rateLimit: LEVER_ALLOWS });
  const dataDir = benchDataDir();
  try {
    const core = openBenchCore(dataDir);
    const ctx = core.context;

    // Set-up, unthrottled: the pull, the mapping and write user Lever needs, the linked leads.
    await sim.send({ cmd: 'rate', on: false });
    const connectionId = await connectSim(core, sim, { throttle: false });
    await expectSucceeded(ctx.sync.run(connectionId, { trigger: 'initial-import' }));
    confirmMapping(ctx, connectionId);
    const writer = listAtsUsers(ctx.db, connectionId).find((user) => user.active)!;
    await ctx.connections.setWriteUser(connectionId, writer.id);
    const [job] = listOpenJobs(ctx, connectionId);
    const flow = createFlow(ctx, {
      name: 'Benchmark outreach',
      link: { connectionId, jobId: job!.jobId },
    });
    const candidates = Array.from({ length: people }, (_, i) =>
      addCandidate(ctx, {
        name: `Bench Person ${i}`,
        emails: [`bench.person.${i}@example.org`],
        flowIds: [flow.id],
        origin: 'cli',
      }),
    );
    await drain(core, connectionId);
    if (open(core, connectionId) !== 0) throw new Error('the leads were not all created');

    // The measured part: Lever's limit on in the simulator, the console's default limit.
    await sim.send({ cmd: 'rate', on: true });
    ctx.connections.updateSettings(connectionId, { rateLimit: 'default' });
    const clientLimit = ctx.connections.summary(connectionId).rateLimit;
    for (let i = 0; i < noteCount; i++) {
      addNote(ctx, {
        candidate: candidates[i % people]!.id,
        body: `${MARKER} ${i}: followed up about the role.`,
        private: false,
      });
    }
    for (let i = 0; i < moveCount; i++) moveCandidate(ctx, candidates[i % people]!.id, 'Replied');
    const queued = open(core, connectionId);
    const before = await sim.send<SimWrites>({ cmd: 'writes', marker: MARKER });
    // Both buckets full, as after any quiet spell.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    await sim.mark();
    const started = performance.now();
    const runs = await drain(core, connectionId);
    const wallSeconds = seconds(started);
    const stats = await sim.stats();
    const after = await sim.send<SimWrites>({ cmd: 'writes', marker: MARKER });
    const left = open(core, connectionId);
    const failed = (
      ctx.db
        .prepare("SELECT count(*) AS n FROM outbox WHERE connection_id = ? AND state = 'failed'")
        .get(connectionId) as { n: number }
    ).n;
    await core.shutdown();

    const rate = stats.requests / wallSeconds;
    const bucketMax = LEVER_ALLOWS.burst + LEVER_ALLOWS.perSecond * wallSeconds;
    const moves = after.stageMoves - before.stageMoves;
    printResult({
      metrics: {
        queued: { value: queued, unit: 'writes', label: 'Writes queued (notes + stage moves)' },
        requests: { value: stats.requests, unit: 'requests', label: 'Requests Lever received' },
        wallSeconds: { value: wallSeconds, unit: 's', label: 'Drain wall time' },
        runs: { value: runs, unit: 'runs', label: 'Push runs to drain the outbox' },
        rate: { value: rate, unit: 'req/s', label: 'Achieved request rate' },
        shareOfBucket: {
          value: (100 * stats.requests) / bucketMax,
          unit: '%',
          label: 'Share of what Lever’s bucket admits (20 + 10/s × wall time)',
          bar: '≥ 95% of the allowed rate',
          target: { min: 95 },
        },
        throttled: {
          value: stats.throttled,
          unit: '429s',
          label: 'Requests Lever refused with 429',
          bar: 'zero 429s caused',
          target: { max: 0 },
        },
        duplicates: {
          value: after.notes - after.distinctNotes + Math.max(0, moves - moveCount),
          unit: 'writes',
          label: 'Duplicates in Lever (notes twice, moves beyond those made)',
          bar: 'zero duplicates in the ATS',
          target: { max: 0 },
        },
        clientLimit: {
          value: clientLimit?.perSecond ?? Number.NaN,
          unit: 'req/s',
          label: `Console’s Lever limit (burst ${clientLimit?.burst ?? LEVER_RATE_LIMIT.burst})`,
        },
      },
      checks: {
        allSent: left === 0 && failed === 0,
        everyNoteArrived: after.distinctNotes === noteCount,
        everyMoveArrived: moves === moveCount,
      },
    });
  } finally {
    sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

async function expectSucceeded(run: Promise<{ status: string; message: string | null }>) {
  const summary = await run;
  if (summary.status !== 'succeeded') throw new Error(`sync ${summary.status}: ${summary.message}`);
}

const open = (core: ConsoleCore, connectionId: string): number =>
  (
    core.context.db
      .prepare(
        "SELECT count(*) AS n FROM outbox WHERE connection_id = ? AND state IN ('pending', 'in_flight')",
      )
      .get(connectionId) as { n: number }
  ).n;

/** Push-only runs (what "Send now" starts) until nothing is due; returns how many ran. */
async function drain(core: ConsoleCore, connectionId: string): Promise<number> {
  for (let runs = 1; runs <= 20; runs++) {
    await expectSucceeded(
      core.context.sync.run(connectionId, { trigger: 'write-back', pushOnly: true }),
    );
    if (open(core, connectionId) === 0) return runs;
  }
  return 20;
}
