import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/main/core/db/database';
import { insertConnection } from '../../../../src/main/core/db/repos/connections';
import { startTagOf } from '../../../../src/main/core/process-liveness';
import { DbRunLock } from '../../../../src/main/core/sync/db-run-lock';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { CLI_FROM_SOURCE, runCliProcess } from '../../../support/cli';
import { TEST_PASSPHRASE } from '../../../support/core';
import { FakeTimers } from '../../../support/fake-timers';
import { REPO_ROOT } from '../../../support/paths';
import { makeTempDir } from '../../../support/temp-dir';

const CHILD = path.join(__dirname, 'fixtures', 'lock-child.ts');

let fixture: AshbyFixture | undefined;
const children: ChildProcessWithoutNullStreams[] = [];
const temps: Array<() => void> = [];
afterEach(async () => {
  children.splice(0).forEach((child) => child.kill('SIGKILL'));
  await fixture?.cleanup();
  fixture = undefined;
  temps.splice(0).forEach((cleanup) => cleanup());
});

/** A console process (like the CLI) on the same data dir, driven line by line. */
function consoleProcess(dataDir: string, connectionId: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, connectionId], {
    cwd: REPO_ROOT,
    env: { ...process.env, KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void }> = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    pid: child.pid!,
    lines,
    exited,
    go: () => child.stdin.end('GO\n'),
    kill: () => child.kill('SIGKILL'),
    waitFor(test: (line: string) => boolean, what: string, ms = 90_000): Promise<string> {
      const found = lines.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${what} from the console process; stderr: ${stderr}`)),
          ms,
        );
        waiters.push({
          test,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
  };
}

function leaseRows(db: Database.Database) {
  return db
    .prepare('SELECT connection_id, pid, process_label FROM sync_run_leases')
    .all() as Array<{
    connection_id: string;
    pid: number;
    process_label: string;
  }>;
}

describe('two syncs started at once on one connection', () => {
  it('in the app and a CLI process: exactly one runs, the other is told it is already running and where', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 230, applications: 280 }, latencyMs: 40 },
      core: { processLabel: 'app' },
    });
    const f = fixture;
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const cli = consoleProcess(f.dataDir, f.connectionId);
      await cli.waitFor((line) => line === 'READY', 'READY');
      cli.go();
      let appRun: Promise<unknown> | null = null;
      let appRefusal: { code: string; message: string } | null = null;
      try {
        appRun = f.ctx.sync.start(f.connectionId, { trigger: 'manual' }).done;
      } catch (error) {
        appRefusal = error as { code: string; message: string };
      }
      const cliAnswer = await cli.waitFor(
        (line) => line.startsWith('STARTED') || line.startsWith('REFUSED'),
        'an answer',
      );
      const cliRan = cliAnswer.startsWith('STARTED');
      // Exactly one of the two started.
      expect(cliRan).toBe(appRun === null);
      if (cliRan) {
        expect(appRefusal).toMatchObject({ code: 'ALREADY_RUNNING' });
        expect(appRefusal!.message).toMatch(
          new RegExp(`already syncing in the command line \\(process ${cli.pid}\\)`),
        );
        await cli.waitFor((line) => line.startsWith('DONE'), 'DONE');
        expect(cli.lines).toContain('DONE succeeded');
        outcomes.push('cli');
      } else {
        expect(cliAnswer).toMatch(
          new RegExp(
            `^REFUSED ALREADY_RUNNING .*already syncing in the desktop app \\(process ${process.pid}\\)`,
          ),
        );
        await appRun;
        outcomes.push('app');
      }
      await cli.exited;
      expect(leaseRows(f.ctx.db)).toEqual([]);
    }
    // Both processes ran syncs that finished, one at a time.
    const runs = f.ctx.db
      .prepare('SELECT status, count(*) AS n FROM sync_runs GROUP BY status')
      .all() as Array<{ status: string; n: number }>;
    expect(runs).toEqual([{ status: 'succeeded', n: 3 }]);
    expect(outcomes).toHaveLength(3);
  });

  it('in two CLI processes released at the same moment: exactly one runs', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 230, applications: 280 }, latencyMs: 40 },
    });
    const f = fixture;
    f.core.close();
    const a = consoleProcess(f.dataDir, f.connectionId);
    const b = consoleProcess(f.dataDir, f.connectionId);
    await Promise.all([a, b].map((p) => p.waitFor((line) => line === 'READY', 'READY')));
    a.go();
    b.go();
    const answers = await Promise.all(
      [a, b].map((p) =>
        p.waitFor((line) => line.startsWith('STARTED') || line.startsWith('REFUSED'), 'an answer'),
      ),
    );
    expect(answers.filter((line) => line.startsWith('STARTED'))).toHaveLength(1);
    expect(answers.filter((line) => line.startsWith('REFUSED ALREADY_RUNNING'))).toHaveLength(1);
    await Promise.all([a.exited, b.exited]);
  });
});

describe('the real kula-console sync beside the app', () => {
  it('is told the app is already syncing, and the app is told the command line is', async () => {
    fixture = await ashbyFixture({
      // Long enough, with every list read at once, to outlast starting a CLI process on a busy
      // machine: 20 pages a list at half a second each.
      sim: { tenant: { candidates: 2000, applications: 2000 }, latencyMs: 500 },
      core: { processLabel: 'app' },
    });
    const f = fixture;
    const env = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
    // The app syncs; the command line is refused with who is syncing.
    const appRun = f.ctx.sync.start(f.connectionId, { trigger: 'manual' });
    const refused = await runCliProcess(['--data-dir', f.dataDir, 'sync', f.connectionId], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `already syncing in the desktop app \\(process ${process.pid}\\)\\. Wait for the current sync to finish`,
      ),
    );
    await f.ctx.sync.cancel(f.connectionId);
    expect((await appRun.done).status).toBe('cancelled');

    // The command line syncs; the app is refused.
    f.sim.setLatency(200);
    const child = spawn(
      process.execPath,
      [...CLI_FROM_SOURCE, '--data-dir', f.dataDir, 'sync', '--full', f.connectionId],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child as unknown as ChildProcessWithoutNullStreams);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Sources')) resolve();
      }),
    );
    expect(() => f.ctx.sync.start(f.connectionId, { trigger: 'manual' })).toThrow(
      expect.objectContaining({
        code: 'ALREADY_RUNNING',
        message: expect.stringContaining(
          `already syncing in the command line (process ${child.pid})`,
        ),
      }),
    );
    expect(await exited).toBe(0);
    expect(leaseRows(f.ctx.db)).toEqual([]);
  });
});

describe('a lock left behind', () => {
  it('by a CLI process killed with SIGKILL mid-sync is taken over by the next sync', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 600, applications: 300 }, latencyMs: 30 },
      core: { processLabel: 'app' },
    });
    const f = fixture;
    const cli = consoleProcess(f.dataDir, f.connectionId);
    await cli.waitFor((line) => line === 'READY', 'READY');
    cli.go();
    await cli.waitFor((line) => line.startsWith('PAGE candidates'), 'a page of candidates');
    cli.kill();
    await cli.exited;
    // The dead process's lease is still there...
    expect(leaseRows(f.ctx.db)).toEqual([
      { connection_id: f.connectionId, pid: cli.pid, process_label: 'cli' },
    ]);
    // ...and does not block the next sync, which resumes the import.
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(leaseRows(f.ctx.db)).toEqual([]);
    const statuses = f.ctx.db.prepare('SELECT status FROM sync_runs ORDER BY id').pluck().all();
    expect(statuses).toEqual(['interrupted', 'succeeded']);
  });
});

describe('DbRunLock', () => {
  function setup() {
    const temp = makeTempDir('kula-lock-');
    temps.push(temp.cleanup);
    const file = path.join(temp.dir, 'console.sqlite');
    const db = openDatabase(file);
    insertConnection(db, {
      id: 'ashby-1',
      provider: 'ashby',
      label: 'Ashby',
      baseUrl: 'https://api.ashbyhq.com',
      authMode: 'api_key',
      now: new Date().toISOString(),
    });
    const other = openDatabase(file);
    temps.unshift(() => {
      db.close();
      other.close();
    });
    return { db, other };
  }

  function insertLease(
    db: Database.Database,
    row: { pid: number; host: string; start: string | null; heartbeatAt: number },
  ) {
    db.prepare(
      `INSERT INTO sync_run_leases (connection_id, holder, pid, host, process_start, process_label, acquired_at, heartbeat_at)
       VALUES ('ashby-1', 'someone', ?, ?, ?, 'cli', ?, ?)`,
    ).run(row.pid, row.host, row.start, row.heartbeatAt, row.heartbeatAt);
  }

  it('gives one lease per connection across database connections, and frees it on release', () => {
    const { db, other } = setup();
    const timers = new FakeTimers();
    const first = new DbRunLock({ db, processLabel: 'app', timers });
    const second = new DbRunLock({ db: other, processLabel: 'cli', timers });
    const lease = first.acquire('ashby-1');
    expect(lease).not.toBeNull();
    expect(second.acquire('ashby-1')).toBeNull();
    expect(second.describeHolder('ashby-1')).toBe(`the desktop app (process ${process.pid})`);
    lease!.release();
    expect(second.describeHolder('ashby-1')).toBeNull();
    const again = second.acquire('ashby-1');
    expect(again).not.toBeNull();
    again!.release();
  });

  it.runIf(process.platform === 'linux')(
    'takes over a lease whose pid now belongs to another process (pid reuse), not one whose process still runs',
    () => {
      const { db } = setup();
      const lock = new DbRunLock({ db, processLabel: 'app', timers: new FakeTimers() });
      const livePid = process.ppid;
      insertLease(db, { pid: livePid, host: osHost(), start: startTagOf(livePid), heartbeatAt: 0 });
      // The holder still runs (same pid, same start time): even a silent heartbeat is respected.
      expect(lock.acquire('ashby-1')).toBeNull();
      db.prepare('UPDATE sync_run_leases SET process_start = ?').run('1-boot:42');
      const lease = lock.acquire('ashby-1');
      expect(lease).not.toBeNull();
      lease!.release();
    },
  );

  it('where the holder cannot be checked (another host), waits for its heartbeat to go stale', async () => {
    const { db } = setup();
    const timers = new FakeTimers();
    const lock = new DbRunLock({ db, processLabel: 'app', timers, staleMs: 90_000 });
    insertLease(db, { pid: 1234, host: 'other-laptop', start: null, heartbeatAt: timers.now() });
    expect(lock.acquire('ashby-1')).toBeNull();
    expect(lock.describeHolder('ashby-1')).toBe('the command line on other-laptop (process 1234)');
    await timers.advance(91_000);
    const lease = lock.acquire('ashby-1');
    expect(lease).not.toBeNull();
    lease!.release();
  });

  it('keeps its heartbeat fresh, and signals a lost lease when another process took it over', async () => {
    const { db } = setup();
    const timers = new FakeTimers();
    const lock = new DbRunLock({ db, processLabel: 'app', timers, heartbeatMs: 10_000 });
    const lease = lock.acquire('ashby-1')!;
    await timers.advance(35_000);
    const beat = db.prepare('SELECT heartbeat_at FROM sync_run_leases').pluck().get() as number;
    expect(beat).toBe(timers.now() - 5_000);
    expect(lease.lost?.aborted).toBe(false);
    db.prepare("UPDATE sync_run_leases SET holder = 'another-process'").run();
    await timers.advance(10_000);
    expect(lease.lost?.aborted).toBe(true);
    // Releasing a lost lease leaves the new holder's row alone.
    lease.release();
    expect(db.prepare('SELECT holder FROM sync_run_leases').pluck().get()).toBe('another-process');
  });

  it('stops a running sync at a page boundary when its lease is lost', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 600, applications: 300 }, latencyMs: 30 },
      core: { runLock: { heartbeatMs: 25 } },
    });
    const f = fixture;
    const started = f.ctx.sync.start(f.connectionId, { trigger: 'manual' });
    await new Promise<void>((resolve) => {
      const off = f.ctx.events.on('sync:log', (line) => {
        if (line.rule === 'pull-page-full' && line.entity === 'candidates') {
          off();
          resolve();
        }
      });
    });
    f.ctx.db.prepare("UPDATE sync_run_leases SET holder = 'another-process'").run();
    const run = await started.done;
    expect(run.status).toBe('cancelled');
  });
});

/** The lock compares host names to decide whether a pid can be checked at all. */
const osHost = () => os.hostname();
