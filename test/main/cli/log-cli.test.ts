import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src/shared/domain/runs';
import { activeLine, progressLine } from '../../../src/main/cli/sync-output';
import { ashbyFixture, type AshbyFixture } from '../../support/ashby';
import Database from 'better-sqlite3';
import { runCliProcess, startCliProcess } from '../../support/cli';
import { TEST_PASSPHRASE } from '../../support/core';
import { makeTempDir } from '../../support/temp-dir';

/**
 * `log`, `runs list`, `audit` and `watch` as an admin's shell runs them, on a data folder with
 * real syncs of the Ashby simulator (an import, a failed run, an incremental run).
 */
let fixture: AshbyFixture;
const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
const cli = (...args: string[]) => runCliProcess(['--data-dir', fixture.dataDir, ...args], vault);
/** Every run started long ago, so the schedule finds the connection overdue. */
const makeOverdue = () =>
  withDatabase((db) =>
    db.prepare("UPDATE sync_runs SET started_at = '2026-01-01T00:00:00.000Z'").run(),
  );
/** The data folder's database, opened for a moment (as another process would). */
function withDatabase<T>(use: (db: Database.Database) => T): T {
  const db = new Database(path.join(fixture.dataDir, 'console.sqlite'));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

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

  it('refuses a bad direction, run number or count (exit 2, nothing written), and an export to a folder that does not exist (exit 1, no file)', async () => {
    for (const [args, message] of [
      [['--direction', 'sideways'], /--direction must be pull, push or run\./],
      [['--run', 'last'], /--run must be a run number \(see `kula-console runs list`\)\./],
      [['--limit', '0'], /--limit must be a whole number from 1 to 100000\./],
      [['--levle', 'error'], /Unknown option '--levle'/],
    ] as const) {
      const result = await cli('log', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/Usage: kula-console .*log \[--since T\]/);
      expect(result.stdout).toBe('');
    }
    const json = await cli('log', '--json', '--level', 'fatal');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      error: { code: 'USAGE', message: expect.stringMatching(/^--level must be one of/) },
    });
    const missing = path.join(fixture.dataDir, 'no-such-folder', 'log.csv');
    const exported = await cli('log', '--export', missing);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(
      /Cannot write .*no-such-folder\/log\.csv: ENOENT\. Choose a file in a folder you can write to\./,
    );
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
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

describe('kula-console runs list and audit, misused', () => {
  it('runs list: narrows to a connection and a count; refuses a bad count or argument (exit 2) and an unknown connection (exit 1)', async () => {
    const one = JSON.parse(
      (await cli('runs', 'list', '--connection', 'ashby', '--limit', '1', '--json')).stdout,
    );
    expect(one.runs).toHaveLength(1);
    const limit = await cli('runs', 'list', '--limit', '501');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/--limit must be a whole number from 1 to 500\./);
    const extra = await cli('runs', 'list', 'Ashby');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/Unexpected argument "Ashby"/);
    const unknown = await cli('runs', 'list', '--connection', 'Workday');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no connection "Workday"\. Use one of: ashby-/);
    const empty = makeTempDir('kula-cli-runs-');
    try {
      const none = await runCliProcess(['--data-dir', empty.dir, 'runs', 'list']);
      expect(none).toMatchObject({ code: 0, stdout: 'No syncs have run yet.\n' });
    } finally {
      empty.cleanup();
    }
  });

  it('audit: narrows by actor, words and time; refuses a bad time, count or order (exit 2) and an unknown connection (exit 1)', async () => {
    const mine = JSON.parse((await cli('audit', '--json')).stdout).entries as Array<{
      actor: string;
      summary: string;
    }>;
    const cliActor = mine.find((entry) => entry.actor.startsWith('cli:'))!.actor;
    const byActor = JSON.parse((await cli('audit', '--actor', cliActor, '--json')).stdout)
      .entries as Array<{ actor: string }>;
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((entry) => entry.actor === cliActor)).toBe(true);
    const words = JSON.parse((await cli('audit', '--search', 'exported CSV', '--json')).stdout)
      .entries as Array<{ action: string }>;
    expect(words.map((entry) => entry.action)).toEqual(['log.export']);
    const future = await cli('audit', '--since', '2099-01-01');
    expect(future).toMatchObject({ code: 0, stdout: 'Nothing recorded matches.\n' });
    const since = await cli('audit', '--since', 'last week');
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/--since "last week" is not a time/);
    const order = await cli('audit', '--since', '1h', '--until', '2h');
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/--since must be before --until\./);
    const limit = await cli('audit', '--limit', 'all');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/--limit must be a whole number from 1 to 1000\./);
    const unknown = await cli('audit', '--connection', 'Workday');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no connection "Workday"/);
  });
});

describe('kula-console sync on a pipe', () => {
  it('prints a plain line per part read (no bar), and the changed record’s history is in the log', async () => {
    const candidate = fixture.sim.tenant.candidate(3)!;
    fixture.sim.tenant.updateCandidate(candidate.id, { name: 'Ada Lovelace' });
    const sync = await cli('sync', 'Ashby');
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/^Syncing “Ashby”…\n/);
    expect(sync.stdout).toMatch(/^ {2}Candidates +\d+ records? {2}\(incremental read\)$/m);
    expect(sync.stdout).toMatch(/^Ashby: succeeded in [\d.]+ s \(incremental, \d+ requests\)\./m);
    // Nothing meant for a terminal: no carriage returns, no escape codes, no bar.
    const printed = sync.stdout + sync.stderr;
    expect(printed).not.toMatch(/\r|\[#/);
    expect(printed.includes(String.fromCharCode(27))).toBe(false);
    const history = JSON.parse(
      (await cli('log', '--entity', 'candidates', '--record', candidate.id, '--json')).stdout,
    ).lines as Array<{ entityId: string; rule: string }>;
    expect(history).toEqual([
      expect.objectContaining({ entityId: candidate.id, rule: 'pull-change' }),
    ]);
    const none = await cli('log', '--record', 'no-such-record');
    expect(none).toMatchObject({ code: 0, stdout: 'No lines match.\n' });
  });

  it('stops at a page boundary on Ctrl-C (exit 1, the run cancelled), and the next sync finishes the read', async () => {
    fixture.sim.setLatency(400);
    try {
      const sync = startCliProcess(
        ['--data-dir', fixture.dataDir, 'sync', '--full', 'Ashby'],
        vault,
      );
      await sync.waitFor(/^ {2}Sources /m);
      sync.signal('SIGINT');
      expect(await sync.exited).toBe(1);
      expect(sync.stderr()).toMatch(/Stopping at the next page boundary/);
      expect(sync.stderr()).toMatch(
        /The sync of “Ashby” was stopped: Stopped after \d+ records; the next sync resumes from the last saved page\./,
      );
    } finally {
      fixture.sim.setLatency(0);
    }
    const last = withDatabase((db) =>
      db.prepare('SELECT status, mode FROM sync_runs ORDER BY id DESC LIMIT 1').get(),
    );
    expect(last).toEqual({ status: 'cancelled', mode: 'full' });
    const again = await cli('sync', 'Ashby', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).runs[0]).toMatchObject({ status: 'succeeded' });
    expect(
      withDatabase((db) => db.prepare('SELECT count(*) FROM sync_run_leases').pluck().get()),
    ).toBe(0);
  });
});

describe('kula-console watch', () => {
  it('syncs on the schedule in the foreground and stops cleanly on SIGTERM', async () => {
    // Overdue: the last sync is older than the interval once the settings say 5 minutes.
    fs.writeFileSync(
      path.join(fixture.dataDir, 'settings.json'),
      JSON.stringify({ syncIntervalMinutes: 5 }),
    );
    makeOverdue();
    const watch = startCliProcess(['--data-dir', fixture.dataDir, 'watch'], vault);
    await watch.waitFor(/Ashby: succeeded in/);
    expect(watch.stdout()).toMatch(/^Watching 1 connection; Ctrl-C to stop\.\n/);
    watch.signal('SIGTERM');
    expect(await watch.exited).toBe(0);
    expect(watch.stderr()).toMatch(/SIGTERM: stopping/);
    const { last, leases } = withDatabase((db) => ({
      last: db.prepare('SELECT trigger, status FROM sync_runs ORDER BY id DESC LIMIT 1').get(),
      leases: db.prepare('SELECT count(*) AS n FROM sync_run_leases').get(),
    }));
    expect(last).toEqual({ trigger: 'scheduled', status: 'succeeded' });
    expect(leases).toEqual({ n: 0 });
  });

  it('says once that a stored key cannot be read without the passphrase, syncs nothing, and stops on Ctrl-C', async () => {
    makeOverdue();
    const runsBefore = withDatabase((db) =>
      db.prepare('SELECT count(*) FROM sync_runs').pluck().get(),
    );
    const watch = startCliProcess(['--data-dir', fixture.dataDir, 'watch']);
    await watch.waitFor(
      /Scheduled sync of “Ashby” could not start: The stored key of “Ashby” can only be read with \$KULA_VAULT_PASSPHRASE\..*tries again at/,
      'stderr',
    );
    watch.signal('SIGINT');
    expect(await watch.exited).toBe(0);
    expect(watch.stderr().match(/can only be read with/g)).toHaveLength(1);
    expect(watch.stderr()).toMatch(/SIGINT: stopping/);
    const runsAfter = withDatabase((db) =>
      db.prepare('SELECT count(*) FROM sync_runs').pluck().get(),
    );
    expect(runsAfter).toBe(runsBefore);
  });

  it('waits for a first connection in an empty data folder, and refuses arguments it does not take (exit 2)', async () => {
    const empty = makeTempDir('kula-cli-watch-');
    try {
      const watch = startCliProcess(['--data-dir', empty.dir, 'watch'], vault);
      await watch.waitFor(/No connections yet; waiting for one/);
      watch.signal('SIGINT');
      expect(await watch.exited).toBe(0);
      const extra = await runCliProcess(['--data-dir', empty.dir, 'watch', 'Ashby'], vault);
      expect(extra.code).toBe(2);
      expect(extra.stderr).toMatch(
        /Unexpected argument "Ashby"[\s\S]*Usage: kula-console .* watch/,
      );
      const option = await runCliProcess(['--data-dir', empty.dir, 'watch', '--every', '5'], vault);
      expect(option.code).toBe(2);
      expect(option.stderr).toMatch(/Unknown option '--every'/);
    } finally {
      empty.cleanup();
    }
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

  it('says a push with nothing queued sent nothing, and counts one write or record in the singular', () => {
    const push = { phase: 'push', resourceLabel: 'Queued writes', ratePerSecond: null };
    expect(progressLine(progress({ ...push, done: 0, total: null, finished: true }), 120)).toMatch(
      /^ {2}Queued writes +nothing to send$/,
    );
    expect(
      progressLine(progress({ ...push, done: 1, total: null, etaSeconds: null }), 120),
    ).toMatch(/ 1 write$/);
    expect(
      progressLine(progress({ total: null, done: 1, etaSeconds: null, ratePerSecond: null }), 120),
    ).toMatch(/ 1 record$/);
  });

  it('shows the resources read at once on one line, their parts, and the run’s time left', () => {
    const line = activeLine(
      [
        progress({ streams: 4, done: 12_300, runEtaSeconds: 130 }),
        progress({ resource: 'applications', resourceLabel: 'Applications', done: 8_100 }),
      ],
      120,
    );
    expect(line).toBe(
      '  2 at once: Candidates (4 parts) 12,300 · Applications 8,100  ~2 min 10 s left',
    );
    // One resource alone keeps its own line with the bar.
    expect(activeLine([progress({})], 120)).toBe(progressLine(progress({}), 120));
    expect(activeLine([progress({}), progress({ resource: 'x' })], 30)).toHaveLength(29);
  });
});

describe('kula-console log, runs list, audit and outbox list: every row and JSON lines', () => {
  const jsonLines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: number });

  it('log --all returns every matching line, not only the newest --limit; --jsonl one object per line', async () => {
    const every = JSON.parse(
      (await cli('log', '--level', 'all', '--limit', '100000', '--json')).stdout,
    ).lines as Array<{ id: number }>;
    expect(every.length).toBeGreaterThan(10);
    const all = JSON.parse((await cli('log', '--level', 'all', '--all', '--json')).stdout);
    expect(all.lines.map((line: { id: number }) => line.id)).toEqual(every.map((line) => line.id));
    const streamed = await cli('log', '--level', 'all', '--all', '--jsonl');
    expect(streamed.code, streamed.stderr).toBe(0);
    // Streamed newest first, as read.
    expect(jsonLines(streamed.stdout).map((line) => line.id)).toEqual(
      every.map((line) => line.id).reverse(),
    );
    const page = jsonLines((await cli('log', '--level', 'all', '--limit', '10', '--jsonl')).stdout);
    expect(page.map((line) => line.id)).toEqual(every.slice(-10).map((line) => line.id));
    const human = await cli('log', '--level', 'all', '--all');
    expect(human.stdout.trim().split('\n')).toHaveLength(every.length);
    const both = await cli('log', '--all', '--limit', '5');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--all lists every row: leave out --limit.');
  });

  it('runs list and audit take --all and --jsonl; outbox list --all takes every state and row', async () => {
    const runs = jsonLines((await cli('runs', 'list', '--all', '--jsonl')).stdout);
    expect(runs.map((run) => run.id)).toEqual(
      JSON.parse((await cli('runs', 'list', '--json')).stdout).runs.map(
        (run: { id: number }) => run.id,
      ),
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect((await cli('runs', 'list', '--all', '--limit', '1')).code).toBe(2);
    const audit = jsonLines((await cli('audit', '--all', '--jsonl')).stdout);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.map((entry) => entry.id)).toEqual(
      JSON.parse((await cli('audit', '--all', '--json')).stdout).entries.map(
        (entry: { id: number }) => entry.id,
      ),
    );
    const outbox = await cli('outbox', 'list', '--all', '--json');
    expect(outbox.code, outbox.stderr).toBe(0);
    expect(JSON.parse(outbox.stdout)).toMatchObject({ items: [] });
    expect((await cli('outbox', 'list', '--all', '--limit', '3')).code).toBe(2);
  });
});
