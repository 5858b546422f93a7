import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCandidate } from '../../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../../src/main/core/kula/flows';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { runCliProcess, startCliProcess } from '../../support/cli';
import { openTestCore, TEST_PASSPHRASE } from '../../support/core';
import { cacheCounts, expectedCounts } from '../../support/ashby';
import { readOnlyView } from '../../support/read-only';
import { makeTempDir } from '../../support/temp-dir';

/**
 * Failures of the machine, through the real CLI on real data folders: each says what it is, names
 * the path and what to do, and is logged where the log can be written; commands that only read
 * work on a folder that cannot be written; a damaged database is refused at open and rebuilt from
 * the ATS, keeping what only this computer holds.
 */
let sim: AshbySimulator;
const cleanups: Array<() => void> = [];
const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };

beforeAll(async () => {
  sim = await startAshbySimulator({ tenant: { candidates: 60, applications: 80 } });
});
afterAll(() => sim?.close());
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((cleanup) => cleanup()),
);

function tempDir(): string {
  const temp = makeTempDir('kula-env-');
  cleanups.push(temp.cleanup);
  return temp.dir;
}

/** A data folder with an imported Ashby connection, a linked flow and a queued write. */
async function populated(): Promise<{ dir: string; connectionId: string }> {
  const dir = path.join(tempDir(), 'data');
  const { core } = openTestCore({ dataDir: dir });
  try {
    const ctx = core.context;
    const { connection } = await ctx.connections.create({
      provider: 'ashby',
      baseUrl: sim.url,
      secret: { kind: 'api_key', apiKey: sim.keys.full },
      storeCredential: true,
    });
    ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });
    await ctx.sync.run(connection.id, { trigger: 'initial-import', full: true });
    const job = listOpenJobs(ctx, connection.id)[0]!;
    const flow = createFlow(ctx, {
      name: 'Outreach',
      link: { connectionId: connection.id, jobId: job.jobId },
    });
    addCandidate(ctx, {
      name: 'Mary Jackson',
      emails: ['mary.jackson@example.org'],
      flowIds: [flow.id],
      origin: 'cli',
    });
    return { dir, connectionId: connection.id };
  } finally {
    await core.shutdown();
  }
}

function count(dir: string, sql: string): number {
  const db = new Database(path.join(dir, 'console.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

function logText(dir: string): string {
  const file = path.join(dir, 'logs', 'cli.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

describe('a data folder the machine does not let the console use', { timeout: 180_000 }, () => {
  it('read-only: status and candidates list answer, a change is refused naming the folder', async () => {
    const { dir } = await populated();
    const view = readOnlyView(dir);
    if (!view) return;
    cleanups.push(view.release);
    const status = await runCliProcess(['--data-dir', view.dir, 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).connections).toHaveLength(1);
    const list = await runCliProcess(['--data-dir', view.dir, 'candidates', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).total).toBe(count(dir, 'SELECT count(*) FROM ats_candidates'));
    const kula = await runCliProcess(['--data-dir', view.dir, 'candidates', 'list', '--kula']);
    expect(kula.code, kula.stderr).toBe(0);
    expect(kula.stdout).toContain('Mary Jackson');

    const add = await runCliProcess([
      '--data-dir',
      view.dir,
      'candidates',
      'add',
      '--name',
      'Grace Hopper',
      '--email',
      'grace@example.org',
    ]);
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(`The data folder ${view.dir} cannot be written to`);
    expect(add.stderr).toMatch(/Make it writable .* Commands that only read/);
    expect(add.stderr).not.toMatch(/Something went wrong inside the console/);
  });

  it('cannot be created, is a file, or sits under a file: each says so with the path', async () => {
    const base = tempDir();
    const file = path.join(base, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const isFile = await runCliProcess(['--data-dir', file, 'status']);
    expect(isFile.code).toBe(1);
    expect(isFile.stderr).toContain(`The data folder ${file} cannot be used: it is a file`);
    const under = await runCliProcess(['--data-dir', path.join(file, 'data'), 'status']);
    expect(under.code).toBe(1);
    expect(under.stderr).toMatch(/a part of its path is a file, not a folder \(ENOTDIR\)/);

    const view = readOnlyView(base);
    if (!view) return;
    cleanups.push(view.release);
    const wanted = path.join(view.dir, 'new-data');
    const create = await runCliProcess(['--data-dir', wanted, 'status']);
    expect(create.code).toBe(1);
    expect(create.stderr).toContain(`The data folder ${wanted} cannot be created`);
  });

  it('locked by another program: says so after the busy timeout', async () => {
    const dir = path.join(tempDir(), 'data');
    expect((await runCliProcess(['--data-dir', dir, 'status'])).code).toBe(0);
    const holder = new Database(path.join(dir, 'console.sqlite'));
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    cleanups.push(() => {
      holder.exec('ROLLBACK');
      holder.close();
    });
    const run = await runCliProcess(['--data-dir', dir, 'status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `The database ${path.join(dir, 'console.sqlite')} is locked by another program`,
    );
    expect(logText(dir)).toContain('is locked by another program');
  });

  it('not a database: says the file was overwritten, and how to start over', async () => {
    const dir = path.join(tempDir(), 'data');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'console.sqlite'), Buffer.alloc(8192, 0x5a));
    const run = await runCliProcess(['--data-dir', dir, 'status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /console\.sqlite is not a Kula ATS Console database \(SQLITE_NOTADB\)/,
    );
  });
});

describe('a damaged database', { timeout: 180_000 }, () => {
  it('three overwritten pages: refused at open, rebuilt keeping the workspace and outbox, then synced back', async () => {
    const { dir, connectionId } = await populated();
    const file = path.join(dir, 'console.sqlite');
    const kulaCandidates = count(dir, 'SELECT count(*) FROM kula_candidates');
    const outbox = count(dir, 'SELECT count(*) FROM outbox');
    expect(outbox).toBeGreaterThan(0);
    overwriteLeafPages(file, 'ats_candidates', 3);

    for (const args of [['status'], ['sync', connectionId]]) {
      const run = await runCliProcess(['--data-dir', dir, ...args], vault);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`The database ${file} is damaged`);
      expect(run.stderr).toContain('kula-console cache rebuild --yes');
    }
    expect(logText(dir)).toContain('is damaged');

    const refused = await runCliProcess(['--data-dir', dir, 'cache', 'rebuild']);
    expect(refused.code).toBe(2);
    const rebuild = await runCliProcess(['--data-dir', dir, 'cache', 'rebuild', '--yes', '--json']);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    const report = JSON.parse(rebuild.stdout);
    expect(report.copied).toMatchObject({
      connections: 1,
      credentials: 1,
      kula_candidates: kulaCandidates,
      outbox,
    });
    expect(report.lost).toEqual({});
    expect(fs.existsSync(report.damagedCopy)).toBe(true);
    expect(count(dir, 'SELECT count(*) FROM ats_candidates')).toBe(0);

    const sync = await runCliProcess(['--data-dir', dir, 'sync', connectionId, '--json'], vault);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout).runs[0]).toMatchObject({ status: 'succeeded', mode: 'full' });
    const { core } = openTestCore({ dataDir: dir });
    try {
      expect(cacheCounts(core.context, connectionId)).toEqual(expectedCounts(sim));
      expect(count(dir, 'SELECT count(*) FROM kula_candidates')).toBe(kulaCandidates);
    } finally {
      core.close();
    }
  });

  it('cut short (truncated): refused at open as damaged', async () => {
    const { dir } = await populated();
    const file = path.join(dir, 'console.sqlite');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const run = await runCliProcess(['--data-dir', dir, 'status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The database ${file} is damaged`);
  });
});

describe('file modes', { timeout: 120_000 }, () => {
  it('a new data folder is 0700; the database, its WAL and shm are 0600 while the first process runs', async () => {
    const dir = path.join(tempDir(), 'fresh');
    await expectPrivateWhileRunning(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('an existing folder open to others: files still 0600, and a warning says so', async () => {
    const dir = path.join(tempDir(), 'shared');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    await expectPrivateWhileRunning(dir);
    const status = await runCliProcess(['--data-dir', dir, 'status']);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(
      `warning: The data folder ${dir} can be read by other users of this computer`,
    );
    expect(status.stderr).toContain(`chmod 700 "${dir}"`);
  });
});

async function expectPrivateWhileRunning(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const watch = startCliProcess(['--data-dir', dir, 'watch']);
  try {
    await watch.waitFor(/No connections yet/);
    for (const name of ['console.sqlite', 'console.sqlite-wal', 'console.sqlite-shm']) {
      expect(fs.statSync(path.join(dir, name)).mode & 0o777, name).toBe(0o600);
    }
    expect(fs.statSync(path.join(dir, 'logs')).mode & 0o777).toBe(0o700);
  } finally {
    watch.signal('SIGTERM');
    await watch.exited;
  }
}

/** Writes random bytes over `pages` leaf pages of a table, as a failing disk would. */
function overwriteLeafPages(file: string, table: string, pages: number): void {
  const db = new Database(file, { readonly: true });
  const numbers = db
    .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all(table) as number[];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  expect(numbers.length).toBeGreaterThanOrEqual(pages);
  const fd = fs.openSync(file, 'r+');
  try {
    for (let i = 0; i < pages; i++) {
      const page = numbers[Math.floor(((i + 1) * numbers.length) / (pages + 1))]!;
      fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5 + i), 0, pageSize, (page - 1) * pageSize);
    }
  } finally {
    fs.closeSync(fd);
  }
}
