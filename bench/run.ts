/**
 * `npm run bench`: runs each benchmark scenario several times, every run in a process of its own,
 * and reports the median of each figure as a Markdown table on stdout and in bench/results.json.
 * Figures are printed, never asserted: the machine decides the numbers.
 *
 *   npm run bench                          every scenario, 3 runs each
 *   npm run bench -- --only ashby-import --runs 5
 *   npm run bench -- --smoke               tiny sizes, 1 run, nothing written (used by npm test)
 *
 * Add a scenario: a file in bench/scenarios/ that prints `BENCH_RESULT {"metrics": {...}}` (each
 * metric `{value, unit, label}`, optional `checks` of booleans), and an entry in SCENARIOS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ROOT, RESULT_PREFIX, spawnTs } from './support/child';

interface Scenario {
  name: string;
  description: string;
  file: string;
  args: string[];
  smokeArgs: string[];
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'ashby-import',
    description:
      'Initial import of 100k candidates + 100k applications from the Ashby simulator (own process, loopback), throttling off',
    file: 'scenarios/ashby-import.ts',
    args: ['--candidates', '100000', '--applications', '100000'],
    smokeArgs: ['--candidates', '300', '--applications', '300'],
  },
];

interface Metric {
  value: number;
  unit: string;
  label: string;
}
interface RunResult {
  metrics: Record<string, Metric>;
  checks?: Record<string, boolean>;
}

function runOnce(scenario: Scenario, smoke: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(
      path.join(BENCH_ROOT, scenario.file),
      smoke ? scenario.smokeArgs : scenario.args,
    );
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function format(value: number, unit: string): string {
  const digits = unit === '×' || unit === 's' ? 2 : Number.isInteger(value) || value >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
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
  const runs = Number(values.runs ?? (values.smoke ? 1 : 3));
  const chosen = SCENARIOS.filter((scenario) => !values.only || scenario.name === values.only);
  if (chosen.length === 0) throw new Error(`No scenario "${values.only}".`);
  const report: Record<string, unknown> = {};
  const lines = ['| Scenario | Figure | Median | Runs |', '|---|---|---|---|'];
  for (const scenario of chosen) {
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`${scenario.name}: run ${i + 1} of ${runs}…\n`);
      results.push(await runOnce(scenario, values.smoke === true));
    }
    const metrics: Record<string, Metric & { runs: number[] }> = {};
    for (const [key, first] of Object.entries(results[0]!.metrics)) {
      const all = results.map((result) => result.metrics[key]?.value ?? Number.NaN);
      metrics[key] = { ...first, value: median(all), runs: all };
      lines.push(
        `| ${scenario.name} | ${first.label} | ${format(median(all), first.unit)} | ${all
          .map((value) => format(value, first.unit))
          .join(', ')} |`,
      );
    }
    const checks = Object.fromEntries(
      Object.keys(results[0]!.checks ?? {}).map((key) => [
        key,
        results.every((result) => result.checks?.[key] === true),
      ]),
    );
    for (const [key, ok] of Object.entries(checks)) {
      lines.push(`| ${scenario.name} | check: ${key} | ${ok ? 'ok' : 'FAILED'} | ${runs} |`);
    }
    report[scenario.name] = { description: scenario.description, runs, metrics, checks };
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const out = values.out ?? (values.smoke ? null : path.join(BENCH_ROOT, 'results.json'));
  if (out) {
    fs.writeFileSync(
      out,
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, scenarios: report }, null, 2)}\n`,
    );
    process.stderr.write(`Written to ${out}\n`);
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
