import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src/shared/domain/runs';
import { progressLine } from '../../../src/main/cli/sync-output';
import { ashbyFixture, type AshbyFixture } from '../../support/ashby';
import { runCliProcess } from '../../support/cli';
import { TEST_PASSPHRASE } from '../../support/core';
import { REPO_ROOT } from '../../support/paths';

/**
 * `log`, `runs list`, `audit` and `watch` as an admin's shell runs them, on a data folder with
 * real syncs of the Ashby simulator (an import, a failed run, an incremental run).
 */
let fixture: AshbyFixture;
const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
const cli = (...args: string[]) => runCliProcess(['--data-dir', fixture.dataDir, ...args], vault);

beforeAll(async () => {
  fixture = await ashbyFixture({ sim: { tenant: { candidates: 150, applications: 180 } } });
  const f = fixture;
  f.ctx.connections.updateSettings(f.connectionId, { label: 'Ashby' });
  await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
  f.sim.faults.configure({ rate: 1, kinds: ['500'] });
  await f.ctx.sync.run(f.connectionId, { trigger: 'scheduled' });
  f.sim.faults.configure({ rate: 0 });
  await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
  f.core.close();
});

afterAll(async () => {
  await fixture?.cleanup();
});

describe('kula-console log', () => {
  it('shows the newest lines, oldest first, with level, connection, rule and next step', async () => {
    const result = await cli('log', '--limit', '5');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(
      '(older lines not shown; use --limit, --since or --export FILE for all of them)',
    );
    expect(lines).toHaveLength(6);
    expect(lines[4]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}INFO {3}Ashby {2}run {3}\[run-end\] {2}Up to date/,
    );
  });

  it('filters to errors and prints what to do; --json gives the lines', async () => {
    const human = await cli('log', '--level', 'error');
    expect(human.code, human.stderr).toBe(0);
    const lines = human.stdout.trim().split('\n');
    expect(lines.every((line) => line.includes('ERROR'))).toBe(true);
    expect(human.stdout).toMatch(
      /\[ats-unavailable\] {2}Ashby is not answering normally \(HTTP 500\)\. {2}→ Ashby is having trouble/,
    );
    const json = await cli('log', '--level', 'error', '--json');
    const parsed = JSON.parse(json.stdout) as { lines: Array<{ level: string }>; more: boolean };
    expect(parsed.lines.length).toBe(lines.length);
    expect(new Set(parsed.lines.map((line) => line.level))).toEqual(new Set(['error']));
  });

  it('narrows by time, connection, direction and words', async () => {
    const recent = JSON.parse((await cli('log', '--since', '1h', '--json')).stdout).lines;
    expect(recent.length).toBeGreaterThan(0);
    const future = JSON.parse((await cli('log', '--since', '2099-01-01', '--json')).stdout).lines;
    expect(future).toEqual([]);
    const byConnection = await cli('log', '--connection', 'Ashby', '--direction', 'run', '--json');
    const runLines = JSON.parse(byConnection.stdout).lines as Array<{ direction: string }>;
    expect(runLines.length).toBe(6); // start and end of three runs
    expect(runLines.every((line) => line.direction === 'none')).toBe(true);
    const words = JSON.parse((await cli('log', '--search', 'HTTP 500', '--json')).stdout).lines;
    expect(words.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad options with the reason and usage (exit 2), and an unknown connection (exit 1)', async () => {
    const since = await cli('log', '--since', 'yesterday');
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/--since "yesterday" is not a time\. Use an age like 2h/);
    const level = await cli('log', '--level', 'fatal');
    expect(level.code).toBe(2);
    expect(level.stderr).toMatch(/--level must be one of error, warn, info, debug, all/);
    const order = await cli('log', '--since', '1h', '--until', '2h');
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/“From” must be before “until”/);
    const unknown = await cli('log', '--connection', 'Workday');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no connection "Workday"/);
  });

  it('exports every matching line to a CSV file, audited', async () => {
    const file = path.join(fixture.dataDir, 'errors-and-warnings.csv');
    const result = await cli('log', '--level', 'warn', '--export', file);
    expect(result.code, result.stderr).toBe(0);
    const rows = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe(
      'id,time,connection,connection_id,run,level,direction,entity,record_id,rule,api_call,result,retries,request_id,message,next_step',
    );
    expect(result.stdout).toBe(`Wrote ${rows.length - 1} lines to ${file}\n`);
    expect(fs.readdirSync(fixture.dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
    const audit = JSON.parse((await cli('audit', '--action', 'log.export', '--json')).stdout);
    expect(audit.entries[0]).toMatchObject({
      action: 'log.export',
      actor: expect.stringMatching(/^cli:/),
      summary: `Sync log exported as CSV to errors-and-warnings.csv (${rows.length - 1} lines).`,
    });
  });
});

describe('kula-console runs list and audit', () => {
  it('lists runs newest first with their outcome', async () => {
    const json = JSON.parse((await cli('runs', 'list', '--json')).stdout);
    expect(
      json.runs.map((run: { status: string; trigger: string }) => [run.trigger, run.status]),
    ).toEqual([
      ['manual', 'succeeded'],
      ['scheduled', 'failed'],
      ['initial-import', 'succeeded'],
    ]);
    const human = await cli('runs', 'list');
    expect(human.stdout.split('\n')[0]).toMatch(/^RUN +CONNECTION +STARTED +TRIGGER +STATUS/);
  });

  it('shows who did what, oldest first, by family of actions', async () => {
    const human = await cli('audit', '--action', 'connection.');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(
      /connection\.connect {2}ashby-[0-9a-f]+\n {4}Connected Ashby at 127\.0\.0\.1/,
    );
    expect(human.stdout).not.toMatch(/sync\.manual/);
    const all = JSON.parse((await cli('audit', '--json')).stdout);
    expect(all.entries.map((entry: { action: string }) => entry.action)).toContain('sync.manual');
  });
});

describe('kula-console watch', () => {
  it('syncs on the schedule in the foreground and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'kula-console.cjs'), '--data-dir', fixture.dataDir, 'watch'],
      { cwd: REPO_ROOT, env: { ...process.env, ...vault }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const synced = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/Ashby: succeeded in/.test(stdout)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Overdue (the last sync is older than the interval once the settings say 5 minutes).
    fs.writeFileSync(
      path.join(fixture.dataDir, 'settings.json'),
      JSON.stringify({ syncIntervalMinutes: 5 }),
    );
    const db = (await import('better-sqlite3')).default(
      path.join(fixture.dataDir, 'console.sqlite'),
    );
    db.prepare("UPDATE sync_runs SET started_at = '2026-01-01T00:00:00.000Z'").run();
    db.close();
    await synced;
    expect(stdout).toMatch(/^Watching 1 connection; Ctrl-C to stop\.\n/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: stopping/);
    const check = (await import('better-sqlite3')).default(
      path.join(fixture.dataDir, 'console.sqlite'),
    );
    const last = check
      .prepare('SELECT trigger, status FROM sync_runs ORDER BY id DESC LIMIT 1')
      .get();
    const leases = check.prepare('SELECT count(*) AS n FROM sync_run_leases').get();
    check.close();
    expect(last).toEqual({ trigger: 'scheduled', status: 'succeeded' });
    expect(leases).toEqual({ n: 0 });
  });
});

describe('sync progress on a terminal', () => {
  const progress = (patch: Partial<SyncProgress>): SyncProgress => ({
    connectionId: 'ashby-1',
    runId: 1,
    phase: 'pull',
    resource: 'candidates',
    resourceLabel: 'Candidates',
    resourceIndex: 5,
    resourceCount: 7,
    done: 600,
    total: 1452,
    ratePerSecond: 836,
    etaSeconds: 1,
    finished: false,
    ...patch,
  });

  it('draws a bar of the share done when the size is known, and fits the terminal', () => {
    expect(progressLine(progress({}), 120)).toBe(
      '  Candidates (6/7)                  [##########--------------]  600 of ~1,452 records  836/s  ~1 s left',
    );
    expect(progressLine(progress({ total: null, etaSeconds: null }), 120)).toBe(
      '  Candidates (6/7)                  600 records  836/s',
    );
    expect(progressLine(progress({ finished: true, done: 1452 }), 120)).toContain(
      `[${'#'.repeat(24)}]  1,452 of ~1,452 records`,
    );
    expect(progressLine(progress({}), 60)).toHaveLength(59);
    expect(
      progressLine(
        progress({ phase: 'push', resourceLabel: 'Queued writes', done: 3, total: 10 }),
        120,
      ),
    ).toMatch(/^ {2}Queued writes +\[#######-+\] {2}3 of ~10 writes/);
  });
});
