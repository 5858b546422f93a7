import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';

/**
 * The benchmark runner at tiny sizes: every scenario runs in its own process against the real
 * simulators, reports its figures with their bars, and its checks hold. No timings asserted
 * (and "met" is not asserted either: tiny sizes say nothing about the bars).
 */
function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('bench', 'run.ts'), ...args],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit ?? -1, stdout: out, stderr: err }));
  });
}

describe('npm run bench (smoke)', () => {
  it('measures an import’s floor in the first run only and reports the ratio of the medians', async () => {
    const { code, stdout, stderr } = await bench([
      '--smoke',
      '--only',
      'ashby-import',
      '--runs',
      '2',
    ]);
    expect(code, stderr).toBe(0);
    const cells = (figure: string) =>
      stdout
        .split('\n')
        .find((line) => line.startsWith(`| ashby-import | ${figure} |`))
        ?.split('|')
        .map((cell) => cell.trim());
    // | scenario | figure | median | runs | bar | met |
    expect(
      cells(
        'Floor: raw prepared inserts, 1 transaction per 100 rows, indexes built at the end',
      )?.[4],
    ).toMatch(/^[\d,.]+ records\/s, —$/);
    const rate = cells('Import rate (end to end)')!;
    const floor = cells(
      'Floor: raw prepared inserts, 1 transaction per 100 rows, indexes built at the end',
    )!;
    const number = (cell: string) => Number(cell.split(' ')[0]!.replace(/,/g, ''));
    expect(rate[4]).toMatch(/^[\d,.]+ records\/s, [\d,.]+ records\/s$/);
    expect(number(cells('Import rate ÷ floor (medians)')![3]!)).toBeCloseTo(
      number(rate[3]!) / number(floor[3]!),
      1,
    );
  }, 300_000);

  it('field-import: per ATS at field latency and at zero latency, the share of the ceiling, 429s, records/s and requests in flight, and a labelled estimate', async () => {
    const { code, stdout, stderr } = await bench(['--smoke', '--only', 'field-import']);
    expect(code, stderr).toBe(0);
    const cell = (figure: string, column: number) =>
      stdout
        .split('\n')
        .find((line) => line.startsWith(`| field-import | ${figure} |`))
        ?.split('|')
        .map((text) => text.trim())[column];
    const number = (text: string | undefined) => Number(text?.split(' ')[0]!.replace(/,/g, ''));
    for (const [name, latency] of [
      ['Lever', '0.05 s ±10%'],
      ['Ashby', '0.08 s ±10%'],
    ] as const) {
      for (const at of [`${name} at ${latency}`, `${name} at zero latency`]) {
        const ceiling = `${at}: share of the rate-limit ceiling, (requests − 20) ÷ 10/s ÷ wall time`;
        expect(cell(ceiling, 3)).toMatch(/^[\d,.]+ %$/);
        expect(cell(`${at}: requests the simulator refused with 429`, 5)).toBe('zero 429s');
        expect(number(cell(`${at}: requests the simulator refused with 429`, 3))).toBe(0);
        expect(stdout).toMatch(
          new RegExp(
            `\\| field-import \\| ${at}: records imported per second \\([\\d,]+ records\\) \\| [\\d,.]+ records/s \\|`,
          ),
        );
        // Every request of the import was open at the simulator at some point.
        const most = number(cell(`${at}: requests in flight at the simulator, most at once`, 3));
        const mean = number(
          cell(`${at}: requests in flight at the simulator, time-weighted mean`, 3),
        );
        expect(most).toBeGreaterThanOrEqual(1);
        expect(mean).toBeGreaterThan(0);
        expect(mean).toBeLessThanOrEqual(most);
      }
      // The field figure carries the bar; the zero-latency one stands next to it.
      expect(
        cell(
          `${name} at ${latency}: share of the rate-limit ceiling, (requests − 20) ÷ 10/s ÷ wall time`,
          5,
        ),
      ).toBe('≥ 90% of the ceiling');
      expect(stdout).toMatch(
        new RegExp(
          `\\| field-import \\| ${name} at ${latency}: estimate \\(not measured\\) of a first import of 200,000 \\w+ .*\\| [\\d,.]+ min \\|`,
        ),
      );
    }
    expect(stdout).toContain(
      '| field-import | Ashby: the console’s limit (bursts of 18, set in the connection’s settings; the default is 5/s, bursts of 10); the simulator enforces 10/s, bursts of 20 | 10 req/s |',
    );
    expect(stdout).not.toContain('| FAILED |');
  }, 300_000);

  it('runs every scenario in its own process and prints a Markdown table of medians with their bars', async () => {
    const { code, stdout, stderr } = await bench(['--smoke']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^\| Scenario \| Figure \| Median \| Runs \| Bar \| Met \|/);
    const row = (scenario: string, figure: string) =>
      expect(stdout).toContain(`| ${scenario} | ${figure} |`);
    for (const ats of ['ashby', 'lever']) {
      row(`${ats}-import`, 'Import rate (end to end)');
      row(`${ats}-import`, 'Peak RSS of the console process');
      row(
        `${ats}-import`,
        'Floor: raw prepared inserts, 1 transaction per 100 rows, indexes built at the end',
      );
      row(`${ats}-import`, 'Import rate ÷ floor (medians)');
      row(`${ats}-import`, 'No-op sync on the full cache: wall time');
      row(`${ats}-import`, '1% changed sync: requests as a share of the full import’s');
    }
    row('ashby-throttled', 'Share of what the bucket admits (10 + 5/s × wall time)');
    row('ashby-throttled', 'Requests Ashby refused with 429');
    row('writeback-drain', 'Share of what Lever’s bucket admits (20 + 10/s × wall time)');
    row('writeback-drain', 'Duplicates in Lever (notes twice, moves beyond those made)');
    expect(stdout).toMatch(/\| ui-data-paths \| Candidates page .*: p95 \|/);
    expect(stdout).toMatch(/\| ui-data-paths \| Sync log page .*: p95 \|/);
    row('startup', 'Open the data directory → first IPC answer (connections:list)');
    row('sync-log', 'Write a line (100-line transactions, 6 indexes)');
    row('lever-throttled', 'Share of what Lever’s bucket admits in that span (20 + 10/s × span)');
    row('lever-throttled', 'Requests Lever refused with 429 (import)');
    for (const check of ['countsMatch', 'zero429', 'incrementalOnly']) {
      expect(stdout).toContain(`| lever-throttled | check: ${check} | ok |`);
    }
    row(
      'field-import',
      'Lever at 0.05 s ±10%: share of the rate-limit ceiling, (requests − 20) ÷ 10/s ÷ wall time',
    );
    row(
      'field-import',
      'Ashby at zero latency: share of the rate-limit ceiling, (requests − 20) ÷ 10/s ÷ wall time',
    );
    for (const check of ['leverCountsMatch', 'leverZero429', 'ashbyCountsMatch', 'ashbyZero429']) {
      expect(stdout).toContain(`| field-import | check: ${check} | ok |`);
    }
    // Every figure with a bar says whether it is met; every check holds even at tiny sizes.
    expect(stdout).toMatch(/\| ≥ 15,000 records\/s \| (met|\*\*NOT met\*\*) \|/);
    expect(stdout).toContain('| check: ');
    expect(stdout).not.toContain('| FAILED |');
    expect(stdout).toMatch(/load average \(1, 5, 15 min\)/);
  }, 600_000);
});
