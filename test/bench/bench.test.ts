import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';

/** The benchmark runner at tiny sizes: it runs, reports every figure, and its checks hold. No timings asserted. */
describe('npm run bench (smoke)', () => {
  it('runs each scenario in its own process and prints a Markdown table of medians', async () => {
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join('bench', 'run.ts'), '--smoke'],
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
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^\| Scenario \| Figure \| Median \| Runs \|/);
    for (const figure of [
      'Import rate (end to end)',
      'Peak RSS of the console process',
      'Floor: raw prepared inserts, 1 transaction per 100 rows',
      'Import rate ÷ floor',
      'Sync with nothing changed (full cache)',
    ]) {
      expect(stdout).toContain(`| ashby-import | ${figure} |`);
    }
    expect(stdout).toContain('| ashby-import | check: countsMatch | ok |');
    expect(stdout).toContain('| ashby-import | check: nothingChanged | ok |');
  }, 120_000);
});
