/**
 * `npm run bench`: runs each benchmark scenario several times, every run in a process of its own,
 * and reports the median of each figure as a Markdown table on stdout and in bench/results.json.
 * Figures are printed, never asserted: the machine decides the numbers.
 *
 *   npm run bench                          every scenario, 3 runs each (unless it says fewer)
 *   npm run bench -- --only ashby-import --runs 5
 *   npm run bench -- --smoke               tiny sizes, 1 run, nothing written (used by npm test)
 *   BENCH_PROF_DIR=/tmp/p npm run bench -- --only ashby-import --runs 1   CPU profiles of every process
 *
 * Add a scenario: a file in bench/scenarios/ that prints `BENCH_RESULT {"metrics": {...}}` (each
 * metric `{value, unit, label}`, and for a figure with a bar (docs/benchmarks.md), `bar` (its
 * words) and `target` (`{min}` or `{max}`, checked against the median); optional `checks` of
 * booleans that must hold in every run), and an entry in SCENARIOS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ROOT, RESULT_PREFIX, spawnTs } from './support/child';

interface Scenario {
  name: string;
  description: string;
  file: string;
  args: string[];
  smokeArgs: string[];
  /** Runs when --runs is not given (default 3); a paced scenario gives the same figure every run. */
  runs?: number;
  /**
   * Added to the arguments of every run after the first: work whose figure does not depend on
   * the run (a floor) is measured once, and its median is that one figure.
   */
  laterRunArgs?: string[];
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'ashby-import',
    description:
      'Ashby simulator (own process, loopback), throttling off: initial import of 100k candidates + 100k applications next to its floor; then, on that cache, a sync with nothing changed and one after 1% changed',
    file: 'scenarios/import.ts',
    args: ['--ats', 'ashby', '--size', '100000'],
    smokeArgs: ['--ats', 'ashby', '--size', '300'],
    laterRunArgs: ['--no-floor'],
  },
  {
    name: 'lever-import',
    description:
      'Lever simulator (own process, loopback), throttling off: initial import of 100k candidates + 100k opportunities next to its floor; then, on that cache, a sync with nothing changed and one after 1% changed',
    file: 'scenarios/import.ts',
    args: ['--ats', 'lever', '--size', '100000'],
    smokeArgs: ['--ats', 'lever', '--size', '300'],
    laterRunArgs: ['--no-floor'],
  },
  {
    name: 'greenhouse-import',
    description:
      'Greenhouse simulator (own process, loopback), throttling off: initial import of 100k candidates + about 120k applications next to its floor; then, on that cache, a sync with nothing changed and one after 1% changed',
    file: 'scenarios/import.ts',
    args: ['--ats', 'greenhouse', '--size', '100000'],
    smokeArgs: ['--ats', 'greenhouse', '--size', '300'],
    laterRunArgs: ['--no-floor'],
  },
  {
    name: 'ashby-throttled',
    description:
      'Initial import of 4k candidates + 4k applications from the Ashby simulator with a rate limit on both sides (the console’s default 5 req/s, bursts of 10; Ashby publishes none): request rate as a share of the limit, and 429s',
    file: 'scenarios/ashby-throttled.ts',
    args: ['--size', '4000'],
    smokeArgs: ['--size', '200'],
    // Paced by the limiter (about 18 s): the same figure run after run.
    runs: 1,
  },
  {
    name: 'writeback-drain',
    description:
      '1,000 notes and 200 stage moves of Kula candidates linked to a Lever posting, drained from the outbox by push runs with Lever’s limits on (10 req/s, bursts of 20): request rate as a share of the limit, 429s, duplicates',
    file: 'scenarios/writeback-drain.ts',
    args: ['--candidates', '200', '--notes', '1000', '--moves', '200'],
    smokeArgs: ['--candidates', '5', '--notes', '20', '--moves', '5'],
    // About 2 minutes at Lever's limit; the limiter makes the figure the same run after run.
    runs: 1,
  },
  {
    name: 'ui-data-paths',
    description:
      'Reads behind the views: a page of 200 candidates over IPC from a 200k-row cache (search and sort), a page of the sync log from 1M lines (filters and search); p50/p95 over 200 calls each',
    file: 'scenarios/ui-data-paths.ts',
    args: ['--candidates', '200000', '--log-lines', '1000000', '--calls', '200'],
    smokeArgs: ['--candidates', '300', '--log-lines', '3000', '--calls', '20'],
    // Its figures are percentiles over 200 calls already; one fill of 1M log lines is enough.
    runs: 1,
  },
  {
    name: 'startup',
    description:
      'Start-up on the data directory of ui-data-paths (200k candidates + 200k applications, 1M log lines: more than the 200k records the issue names): a fresh process opens it and answers its first IPC call; median of 3 starts, each a process of its own',
    file: 'scenarios/startup.ts',
    args: ['--candidates', '200000', '--log-lines', '1000000', '--starts', '3'],
    smokeArgs: ['--candidates', '300', '--log-lines', '3000', '--starts', '1'],
    // The three starts are the repeats (the data directory is prepared once).
    runs: 1,
  },
  {
    name: 'sync-log',
    description:
      'The sync log at 1M lines: write cost (search index in batches vs a per-row trigger), the log view’s queries, count, export, retention, disk per line',
    file: 'scenarios/sync-log.ts',
    args: ['--lines', '1000000'],
    smokeArgs: ['--lines', '5000'],
    // Filling 1M lines is most of its time; its query figures are medians of repeats already.
    runs: 1,
  },
  {
    name: 'lever-throttled',
    description:
      'Initial import of 30k opportunities from the Lever simulator (own process, loopback) with Lever’s rate limits on: request rate as a share of what Lever allows, and 429s',
    file: 'scenarios/lever-throttled.ts',
    // About 30 s at Lever's limit, long enough for the steady rate to dominate the first burst
    // (100k took 100 s for the same share, 99.8%); the limiter makes the figure the same run
    // after run.
    args: ['--opportunities', '30000', '--rate-check'],
    smokeArgs: ['--opportunities', '400'],
    runs: 1,
  },
  {
    name: 'field-import',
    description:
      'First import at field latency: the Lever simulator (12k opportunities, answers after 0.3 s ±10%) and the Ashby simulator (8k candidates + 8k applications, 0.75 s ±10%), each in its own process enforcing 10 req/s, bursts of 20, with the console’s limit at 10/s, bursts of 18 (Ashby: set in the connection’s settings); the Greenhouse simulator (15k candidates, 0.3 s ±10%) enforcing 75 requests per 30 s window, with the console’s default limit; share of the rate-limit ceiling, records/s, 429s, requests in flight at the simulator; the same tenant at zero latency next to it',
    file: 'scenarios/field-import.ts',
    // Big enough that the last answer's latency and the import's local tail weigh little against
    // the paced requests (a perfect client could reach about 97% for Lever and 95% for Ashby at
    // these sizes), small enough to keep the whole bench near 10 minutes.
    args: ['--lever-opportunities', '12000', '--ashby-size', '8000'],
    smokeArgs: [
      '--lever-opportunities',
      '300',
      '--ashby-size',
      '150',
      '--lever-latency',
      '50',
      '--ashby-latency',
      '80',
      '--greenhouse-size',
      '150',
      '--greenhouse-latency',
      '50',
    ],
    // Paced by the rate limit and the latency: the same figure run after run.
    runs: 1,
  },
];

interface Metric {
  value: number;
  unit: string;
  label: string;
  bar?: string;
  target?: { min?: number; max?: number };
  /** A ratio of two other figures: its median is the ratio of their medians. */
  ratioOf?: { numerator: string; denominator: string };
}
interface RunResult {
  metrics: Record<string, Metric>;
  checks?: Record<string, boolean>;
}

function runOnce(scenario: Scenario, smoke: boolean, index: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const args = smoke ? scenario.smokeArgs : scenario.args;
    const child = spawnTs(path.join(BENCH_ROOT, scenario.file), [
      ...args,
      ...(index > 0 ? (scenario.laterRunArgs ?? []) : []),
    ]);
    child.stdin?.end();
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`${scenario.name} exited with ${code} without a result:\n${output}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as RunResult);
    });
  });
}

/** The median of the runs that measured the figure (NaN: not measured in that run). */
const median = (values: number[]) => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function format(value: number, unit: string): string {
  if (Number.isNaN(value)) return '—';
  const digits = unit === '×' || unit === 's' ? 2 : Number.isInteger(value) || value >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** Whether the median meets the figure's bar: met, NOT met, or blank when it has no target. */
function met(value: number, metric: Metric): string {
  if (!metric.target) return metric.bar ? 'reported' : '';
  const { min, max } = metric.target;
  const ok = (min === undefined || value >= min) && (max === undefined || value <= max);
  return ok ? 'met' : '**NOT met**';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      runs: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const runsOf = (scenario: Scenario) =>
    Number(values.runs ?? (values.smoke ? 1 : (scenario.runs ?? 3)));
  const chosen = SCENARIOS.filter((scenario) => !values.only || scenario.name === values.only);
  if (chosen.length === 0) throw new Error(`No scenario "${values.only}".`);
  const report: Record<string, unknown> = {};
  const started = Date.now();
  const loadBefore = os.loadavg();
  const lines = ['| Scenario | Figure | Median | Runs | Bar | Met |', '|---|---|---|---|---|---|'];
  for (const scenario of chosen) {
    const runs = runsOf(scenario);
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`${scenario.name}: run ${i + 1} of ${runs}…\n`);
      results.push(await runOnce(scenario, values.smoke === true, i));
    }
    const valuesOf = (key: string) =>
      results.map((result) => result.metrics[key]?.value ?? Number.NaN);
    const metrics: Record<string, Metric & { runs: number[] }> = {};
    for (const [key, first] of Object.entries(results[0]!.metrics)) {
      const all = valuesOf(key);
      const value = first.ratioOf
        ? median(valuesOf(first.ratioOf.numerator)) / median(valuesOf(first.ratioOf.denominator))
        : median(all);
      metrics[key] = { ...first, value, runs: all };
      lines.push(
        `| ${scenario.name} | ${first.label} | ${format(value, first.unit)} | ${all
          .map((run) => format(run, first.unit))
          .join(', ')} | ${first.bar ?? ''} | ${met(value, first)} |`,
      );
    }
    const checks = Object.fromEntries(
      Object.keys(results[0]!.checks ?? {}).map((key) => [
        key,
        results.every((result) => result.checks?.[key] === true),
      ]),
    );
    for (const [key, ok] of Object.entries(checks)) {
      lines.push(`| ${scenario.name} | check: ${key} | ${ok ? 'ok' : 'FAILED'} | ${runs} | | |`);
    }
    report[scenario.name] = { description: scenario.description, runs, metrics, checks };
  }
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
  const machine = `${os.cpus().length} cores; load average (1, 5, 15 min) ${load(loadBefore)} at the start, ${load(os.loadavg())} at the end; ${Math.round((Date.now() - started) / 1000)} s in all`;
  process.stdout.write(`${lines.join('\n')}\n\n${machine}\n`);
  const out = values.out ?? (values.smoke ? null : path.join(BENCH_ROOT, 'results.json'));
  if (out) {
    fs.writeFileSync(
      out,
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, machine, scenarios: report }, null, 2)}\n`,
    );
    process.stderr.write(`Written to ${out}\n`);
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
