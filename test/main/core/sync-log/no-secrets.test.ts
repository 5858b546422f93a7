import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDiagnostics } from '../../../../src/main/core/diagnostics/report';
import { addNote } from '../../../../src/main/core/kula/activity';
import { addCandidate } from '../../../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { runCliProcess } from '../../../support/cli';
import { TEST_PASSPHRASE } from '../../../support/core';
import { filesContaining, listFiles } from '../../../support/temp-dir';
import { FAST_OUTBOX, syncUntilSent } from '../../../support/writeback';

/**
 * The sync log, its search index, the run history, the audit trail, the outbox, the diagnostic
 * log files, the diagnostics file and every CSV export must never hold a credential or a private note's text, after full
 * syncs (pull and push) in which the ATS even echoes the key back in an error.
 */
let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const PRIVATE_NOTE = 'Private: salary expectation 185k, do not share zq7wk2';
const PUBLIC_NOTE = 'Great call today, strong on distributed systems.';
const REFUSED_NOTE = 'Follow up next week about the onsite.';

/** Every text value in the database, by table and column, except the private note itself. */
function databaseTexts(f: AshbyFixture): Array<{ where: string; text: string }> {
  const { db } = f.ctx;
  const out: Array<{ where: string; text: string }> = [];
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    if (table.startsWith('sync_log_fts')) continue; // shadow tables: checked through a search
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Array<
      Record<string, unknown>
    >) {
      for (const [column, value] of Object.entries(row)) {
        // The note's own record in the Kula workspace: the one place its text belongs.
        if (table === 'kula_notes' && column === 'body') continue;
        if (typeof value === 'string') out.push({ where: `${table}.${column}`, text: value });
        if (Buffer.isBuffer(value))
          out.push({ where: `${table}.${column}`, text: value.toString('latin1') });
      }
    }
  }
  return out;
}

describe('secrets and private notes', () => {
  it('never reach the log, the run history, the audit trail, the outbox, log files or a CSV export', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 60, applications: 70 } },
      // The real diagnostic log (a file in the data folder), not the tests' silent one.
      core: { outbox: FAST_OUTBOX, logger: undefined },
    });
    const f = fixture;
    const secret = f.sim.keys.full;
    expect(secret.length).toBeGreaterThan(16);

    // A full import, then a flow linked to an open job with a candidate and two notes.
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import', full: true });
    const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
    const flow = createFlow(f.ctx, {
      name: 'Outreach',
      link: { connectionId: f.connectionId, jobId: job.jobId },
    });
    const candidate = addCandidate(f.ctx, {
      name: 'Ada Lovelace',
      emails: ['ada.lovelace@example.org'],
      flowIds: [flow.id],
      origin: 'form',
    });
    addNote(f.ctx, { candidate: candidate.id, body: PUBLIC_NOTE, private: false });
    addNote(f.ctx, { candidate: candidate.id, body: PRIVATE_NOTE, private: true });

    // Ashby echoes the key back in errors, on a read and on a write.
    f.sim.queueError(
      '/candidate.list',
      'invalid_input',
      `Key ${secret} is not valid for this input`,
    );
    const failed = await f.ctx.sync.run(f.connectionId, { trigger: 'manual', full: true });
    expect(failed.status).toBe('failed');
    await syncUntilSent(f.ctx, f.connectionId);
    // A second candidate whose note Ashby refuses, echoing the key.
    const second = addCandidate(f.ctx, {
      name: 'Grace Hopper',
      emails: ['grace.hopper@example.org'],
      flowIds: [flow.id],
      origin: 'form',
    });
    addNote(f.ctx, { candidate: second.id, body: REFUSED_NOTE, private: false });
    f.sim.queueError('/candidate.createNote', 'invalid_input', `Rejected for key ${secret}`);
    await syncUntilSent(f.ctx, f.connectionId);
    // The refused note stays failed for the admin, with Ashby's reason (the key scrubbed from it).
    const refused = f.ctx.db
      .prepare("SELECT last_error FROM outbox WHERE kind = 'note.create' AND state = 'failed'")
      .pluck()
      .all() as string[];
    expect(refused).toEqual([expect.stringContaining('Rejected for key [redacted]')]);
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual', full: true });
    // Ashby deactivates the key: the run fails, the connection is paused, the diagnostic log says so.
    f.sim.keyList.find((key) => key.key === secret)!.active = false;
    expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('failed');
    await f.ctx.logMaintenance.runNow();

    // Sanity: the public note reached Ashby, the private one did not, and the failures were logged.
    const notesSent = f.sim.requests.entries
      .filter((entry) => entry.path === '/candidate.createNote')
      .map((entry) => JSON.stringify(entry.body));
    expect(notesSent.some((body) => body.includes('strong on distributed systems'))).toBe(true);
    expect(notesSent.some((body) => body.includes('zq7wk2'))).toBe(false);
    const redacted = f.ctx.db
      .prepare("SELECT count(*) FROM sync_log WHERE message LIKE '%[redacted]%'")
      .pluck()
      .get() as number;
    expect(redacted).toBeGreaterThanOrEqual(2);

    // The database, column by column.
    const texts = databaseTexts(f);
    expect(texts.length).toBeGreaterThan(1000);
    expect(
      texts.filter((entry) => entry.text.includes(secret)).map((entry) => entry.where),
    ).toEqual([]);
    expect(
      texts.filter((entry) => entry.text.includes('zq7wk2')).map((entry) => entry.where),
    ).toEqual([]);
    // The search index: neither is a word of any line.
    const dispatch = f.core.createDispatch(() => true);
    const trusted = { url: 'app://console/index.html', isMainFrame: true };
    for (const needle of [secret, 'zq7wk2', 'salary']) {
      const found = (await dispatch('log:query', { filter: { search: needle } }, trusted)) as {
        ok: true;
        value: { lines: unknown[] };
      };
      expect(found.value.lines, needle).toEqual([]);
    }

    // A CSV export through the app's channel and one written by the CLI.
    let csv = '';
    let beforeId: number | undefined;
    do {
      const chunk = (await dispatch('log:export', { filter: {}, beforeId }, trusted)) as {
        ok: true;
        value: { csv: string; nextBeforeId: number | null };
      };
      csv += chunk.value.csv;
      beforeId = chunk.value.nextBeforeId ?? undefined;
    } while (beforeId !== undefined);
    expect(csv.split('\r\n').length).toBeGreaterThan(50);
    expect(csv.includes(secret)).toBe(false);
    expect(csv.includes('zq7wk2')).toBe(false);

    // "Save diagnostics…": the runs' errors and the log's problems are in it, the key is not.
    const diagnostics = buildDiagnostics(f.ctx, { versions: {}, madeBy: 'app' });
    expect(diagnostics).toContain('Rejected for key [redacted]');
    expect(diagnostics).toMatch(/#\d+ .* manual\/\w+ failed/);
    expect(diagnostics.includes(secret)).toBe(false);
    fs.writeFileSync(path.join(f.dataDir, 'diagnostics.txt'), diagnostics);

    await f.core.shutdown();
    const exportFile = path.join(f.dataDir, 'log-export.csv');
    const cli = await runCliProcess(
      ['--data-dir', f.dataDir, 'log', '--level', 'all', '--export', exportFile],
      { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE },
    );
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout + cli.stderr).not.toContain(secret);

    // Every file in the data folder, byte for byte: the database with its WAL, the log files,
    // settings, the diagnostics file and the export. The private note's text lives only in the Kula workspace table,
    // so the raw database is searched for the key only.
    const files = listFiles(f.dataDir);
    expect(files.some((file) => file.endsWith('cli.log'))).toBe(true);
    expect(files).toContain(exportFile);
    expect(filesContaining(f.dataDir, secret)).toEqual([]);
    const outsideDb = files.filter((file) => !path.basename(file).startsWith('console.sqlite'));
    expect(
      outsideDb.filter((file) => fs.readFileSync(file).includes(Buffer.from('zq7wk2'))),
    ).toEqual([]);
  });
});
