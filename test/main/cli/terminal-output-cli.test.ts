import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeControls, terminalSafe } from '../../../src/main/cli/terminal-text';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';

/**
 * ATS data on the terminal: a candidate named with terminal control sequences (retitle the window,
 * clear the screen) and a right-to-left override reaches the screen as visible escapes, a huge
 * value is cut, and the JSON output keeps the exact name.
 */
const HOSTILE = 'Evil\u001b]0;PWNED\u0007\u001b[2J\u001b[31mRed\u202Egnp.exe\u009b1m';
let sim: AshbySimulator;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  sim = await startAshbySimulator({ tenant: { candidates: 12, applications: 15 } });
  const first = sim.tenant.candidate(0)!;
  sim.tenant.updateCandidate(first.id, { name: HOSTILE });
  ({ dir, cleanup } = makeTempDir('kula-cli-term-'));
  const connect = await runCliProcess(
    ['--data-dir', dir, 'connect', 'ashby', '--base-url', sim.url, '--import'],
    { ASHBY_API_KEY: sim.keys.full },
  );
  expect(connect.code, connect.stderr).toBe(0);
});
afterAll(async () => {
  cleanup?.();
  await sim?.close();
});

// Built from code points: a control-character class written out in a regex literal is a lint error.
const RAW_CONTROLS = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(0x0b)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}-${String.fromCharCode(0x9f)}\u202a-\u202e\u2066-\u2069]`,
);

describe('terminal output of ATS data', { timeout: 120_000 }, () => {
  it('shows a hostile candidate name as visible escapes, never raw control sequences', async () => {
    const run = await runCliProcess(['--data-dir', dir, 'candidates', 'list', '--search', 'Evil']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROLS);
    expect(run.stdout).toContain('Evil\\x1b]0;PWNED\\x07\\x1b[2J');
  });

  it('keeps the exact name in --json', async () => {
    const run = await runCliProcess([
      '--data-dir',
      dir,
      'candidates',
      'list',
      '--search',
      'Evil',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).rows[0].name).toBe(HOSTILE);
  });

  it('cuts an echoed value and escapes it in errors too', async () => {
    const wanted = `no\u001b[2Jsuch${'x'.repeat(5000)}`;
    const run = await runCliProcess([
      '--data-dir',
      dir,
      'candidates',
      'list',
      '--connection',
      wanted,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROLS);
    expect(run.stderr).toContain('There is no connection "no\\x1b[2Jsuch');
    expect(run.stderr.length).toBeLessThan(1000);
  });
});

describe('terminal-safe text', () => {
  it('escapes C0 and C1 controls and bidi controls, keeps line breaks, tabs and other text', () => {
    expect(escapeControls('a\tb\nc\u001b[0m\u0007\u009b\u202e\u2066é中')).toBe(
      'a\tb\nc\\x1b[0m\\x07\\x9b<U+202E><U+2066>é中',
    );
    expect(escapeControls(escapeControls('\u001b'))).toBe('\\x1b');
  });

  it('cuts a line longer than a screenful, saying how much was left out', () => {
    const cut = terminalSafe(`${'y'.repeat(2500)}\nshort`);
    expect(cut).toBe(`${'y'.repeat(2000)}… (500 more characters)\nshort`);
  });
});
