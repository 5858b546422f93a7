/**
 * `npm run test:faults`: the fault campaign over several seeds, printing its figures; exits 1 on
 * any violation.
 *   npm run test:faults -- [--rate 0.1] [--seed S] [--rounds N] [--size N] [--people N]
 * (npm test runs a small version: test/reliability/fault-campaign.test.ts.)
 */
import { parseArgs } from 'node:util';
import { formatFaultFigures, runFaultCampaign, type FaultFigures } from './campaign';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '9' },
    rounds: { type: 'string', default: '5' },
    size: { type: 'string', default: '400' },
    people: { type: 'string', default: '12' },
  },
});

async function main(): Promise<number> {
  const all: FaultFigures[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const seed = Number(values.seed) + round;
    console.log(`— seed ${seed}`);
    all.push(
      ...(await runFaultCampaign({
        seed,
        rate: Number(values.rate),
        size: Number(values.size),
        people: Number(values.people),
        log: (text) => console.log(text),
      })),
    );
  }
  for (const provider of ['ashby', 'lever', 'greenhouse'] as const) {
    const runs = all.filter((figures) => figures.provider === provider);
    const total: FaultFigures = {
      ...runs[0]!,
      requests: sum(runs, (f) => f.requests),
      baselineRequests: sum(runs, (f) => f.baselineRequests),
      faults: {},
      faultsNamedInLog: sum(runs, (f) => f.faultsNamedInLog),
      runs: sum(runs, (f) => f.runs),
      failedRuns: sum(runs, (f) => f.failedRuns),
      reconnects: sum(runs, (f) => f.reconnects),
      callsRetried: sum(runs, (f) => f.callsRetried),
      maxAttemptsPerCall: Math.max(...runs.map((f) => f.maxAttemptsPerCall)),
      maxAttemptsPerWrite: Math.max(...runs.map((f) => f.maxAttemptsPerWrite)),
      wallMs: sum(runs, (f) => f.wallMs),
      baselineWallMs: sum(runs, (f) => f.baselineWallMs),
      violations: runs.flatMap((f) => f.violations),
    };
    for (const figures of runs) {
      for (const [kind, n] of Object.entries(figures.faults)) {
        total.faults[kind as keyof FaultFigures['faults']] =
          (total.faults[kind as keyof FaultFigures['faults']] ?? 0) + (n ?? 0);
      }
    }
    console.log(`\nAll ${runs.length} seeds, rate ${values.rate}:`);
    console.log(formatFaultFigures(total));
  }
  const violations = all.reduce((n, figures) => n + figures.violations.length, 0);
  console.log(`\nFault campaign: ${violations} violations.`);
  return violations === 0 ? 0 : 1;
}

const sum = (runs: FaultFigures[], pick: (figures: FaultFigures) => number) =>
  runs.reduce((n, figures) => n + pick(figures), 0);

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
