import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/main/cli';
import type { Dispatch } from '../../../../src/main/core/ipc/dispatcher';
import type { StoredSecret } from '../../../../src/main/core/vault/vault';
import { buildDiagnostics } from '../../../../src/main/core/diagnostics/report';
import { addNote, logMessage } from '../../../../src/main/core/kula/activity';
import { addCandidate } from '../../../../src/main/core/kula/candidates';
import { addToFlow, createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import { CHANNELS, type Channel } from '../../../../src/shared/ipc/channels';
import { schemas } from '../../../../src/shared/ipc/contract';
import { TEST_PASSPHRASE } from '../../../support/core';
import { leverFixture, type LeverFixture } from '../../../support/lever';
import { filesContaining, listFiles } from '../../../support/temp-dir';
import { FAST_OUTBOX, syncUntilSent } from '../../../support/writeback';

/**
 * The privacy scan over a full Lever OAuth scenario (import, write-back with notes, a token
 * refresh that rotates both tokens, exports through the app and the CLI): the client secret and
 * every access and refresh token the console held never appear in the data folder (the raw bytes
 * of the database, its WAL, the log files, settings, exports, the diagnostics file) nor in any IPC
 * answer; private notes
 * never reach Lever in any request, nor any file but the workspace's own row. The Ashby side of the
 * same scan (keys echoed back by the ATS, the log and its search index) is
 * test/main/core/sync-log/no-secrets.test.ts.
 */
let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const PRIVATE_BEFORE = 'PRIVATE-before-create qv83hx salary 190k';
const PRIVATE_AFTER = 'PRIVATE-after-create mk41zp counter offer';
const PRIVATE_MARKS = ['qv83hx', 'mk41zp'];
const trusted = { url: 'app://console/index.html', isMainFrame: true };
/** Calls that end the connection run last, so every other answer is about live data. */
const LAST: Channel[] = ['connections:disconnect', 'connections:remove'];

function oauthSecrets(secret: StoredSecret): string[] {
  if (secret.kind !== 'oauth') throw new Error('expected an OAuth connection');
  return [secret.clientSecret, secret.accessToken, secret.refreshToken];
}

/** Calls every channel with the simplest input its schema accepts and collects the answers. */
async function answers(
  dispatch: Dispatch,
  connectionId: string,
  channels: readonly Channel[],
): Promise<string[]> {
  const answers: string[] = [];
  for (const channel of channels) {
    const input = [
      undefined,
      {},
      { connectionId },
      { provider: 'lever' },
      { connectionId, limit: 1000 },
    ].find((candidate) => schemas[channel].safeParse(candidate).success);
    if (input === undefined && !schemas[channel].safeParse(undefined).success) continue;
    answers.push(`${channel} ${JSON.stringify(await dispatch(channel, input, trusted))}`);
  }
  return answers;
}

describe('secret and privacy scan', () => {
  it('finds no token, client secret or private note anywhere after a full Lever OAuth scenario', async () => {
    fixture = await leverFixture({
      connect: 'oauth',
      // The real diagnostic log file in the data folder.
      core: { outbox: FAST_OUTBOX, logger: undefined },
    });
    const f = fixture;
    const dispatch = f.core.createDispatch(() => true);
    const canaries = new Set(oauthSecrets(f.ctx.vault.load(f.connectionId)));

    expect((await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' })).status).toBe(
      'succeeded',
    );
    const writer = f.sim.tenant.users.find((user) => user.deactivatedAt === null)!;
    for (const [channel, input] of [
      ['connections:set-write-user', { connectionId: f.connectionId, userId: writer.id }],
      ['mapping:confirm', { connectionId: f.connectionId }],
    ] as const) {
      expect(await dispatch(channel, input, trusted)).toMatchObject({ ok: true });
    }

    // A candidate with a private note before the console creates them in Lever (the backfill)
    // and one after; public notes and a message go out, the private ones never.
    const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
    const flow = createFlow(f.ctx, {
      name: 'Privacy scan',
      link: { connectionId: f.connectionId, jobId: job.jobId },
    });
    const candidate = addCandidate(f.ctx, {
      name: 'Katherine Johnson',
      emails: ['katherine.johnson@example.org'],
      origin: 'form',
    });
    addNote(f.ctx, {
      candidate: candidate.id,
      body: 'Strong on orbital mechanics.',
      private: false,
    });
    addNote(f.ctx, { candidate: candidate.id, body: PRIVATE_BEFORE, private: true });
    logMessage(f.ctx, {
      candidate: candidate.id,
      body: 'Hi Katherine, would you talk to us?',
      direction: 'outbound',
      channel: 'email',
      sender: 'Sam Recruiter',
      sentAt: '2026-01-05T09:00:00Z',
    });
    expect(await dispatch('sync:start', { connectionId: f.connectionId }, trusted)).toMatchObject({
      ok: true,
    });
    await expect.poll(() => f.ctx.tasks.size).toBe(0);
    addToFlow(f.ctx, flow.id, [candidate.id]);
    await syncUntilSent(f.ctx, f.connectionId);

    // The access token expires: the next sync refreshes, and Lever rotates the refresh token.
    f.sim.oauth.expireAccessTokens();
    addNote(f.ctx, { candidate: candidate.id, body: PRIVATE_AFTER, private: true });
    addNote(f.ctx, { candidate: candidate.id, body: 'Second call went well.', private: false });
    await syncUntilSent(f.ctx, f.connectionId);
    const rotated = oauthSecrets(f.ctx.vault.load(f.connectionId));
    expect(rotated.filter((token) => canaries.has(token))).toHaveLength(1); // the client secret
    rotated.forEach((token) => canaries.add(token));
    expect(canaries.size).toBe(5);
    for (const canary of canaries) expect(canary.length).toBeGreaterThan(16);

    // Sanity: the public notes and the message reached Lever.
    const sentNotes = f.sim.requests.entries.filter(
      (entry) => entry.method === 'POST' && /\/notes$/.test(entry.path) && entry.status < 300,
    );
    expect(sentNotes.length).toBe(3);

    // Every request Lever received: no private note, no token in a body or query.
    const requests = f.sim.requests.allText();
    for (const mark of PRIVATE_MARKS) expect(requests).not.toContain(mark);
    for (const canary of canaries) {
      const leaked = f.sim.requests.entries.filter(
        (entry) =>
          entry.path !== '/oauth/token' &&
          JSON.stringify([entry.query, entry.body]).includes(canary),
      );
      expect(leaked.map((entry) => entry.path)).toEqual([]);
    }

    // Exports: the mapping through the app and the CLI, written where an admin would save them.
    const exported = await dispatch('mapping:export', { connectionId: f.connectionId }, trusted);
    expect(exported.ok).toBe(true);
    fs.writeFileSync(path.join(f.dataDir, 'mapping-export.json'), JSON.stringify(exported));

    // Every IPC answer but the calls that end the connection (they come last).
    const ipc = (
      await answers(
        dispatch,
        f.connectionId,
        CHANNELS.filter((c) => !LAST.includes(c)),
      )
    ).join('\n');
    expect(ipc.length).toBeGreaterThan(5000);
    for (const canary of canaries) expect(ipc.includes(canary)).toBe(false);
    for (const mark of PRIVATE_MARKS) expect(ipc).not.toContain(mark);

    // "Save diagnostics…", saved where the scan looks: the file an admin sends to support.
    const diagnostics = buildDiagnostics(f.ctx, {
      versions: { Electron: '45.4.1', Node: process.versions.node },
      madeBy: 'app',
    });
    expect(diagnostics).toContain(`[${f.connectionId}] lever, oauth, connected`);
    expect(diagnostics).toMatch(/#\d+ .* initial-import\/\w+ succeeded/);
    expect(diagnostics).toMatch(/== logs\/cli\.log \(last 200 lines\) ==\n\{"at"/);
    fs.writeFileSync(path.join(f.dataDir, 'diagnostics.txt'), diagnostics);

    // The raw data folder while the database is open (its WAL holds the latest pages).
    const scan = (label: string) => {
      const files = listFiles(f.dataDir);
      expect(
        files.some((file) => file.endsWith('.log')),
        label,
      ).toBe(true);
      for (const canary of canaries) expect(filesContaining(f.dataDir, canary), label).toEqual([]);
      // Private notes belong in the Kula workspace only: no file but the database holds them.
      const outsideDb = files.filter((file) => !path.basename(file).startsWith('console.sqlite'));
      for (const mark of PRIVATE_MARKS) {
        expect(
          outsideDb.filter((file) => fs.readFileSync(file).includes(Buffer.from(mark))),
          label,
        ).toEqual([]);
      }
    };
    expect(listFiles(f.dataDir).some((file) => file.endsWith('-wal'))).toBe(true);
    scan('open');
    // Inside the database, only the note's own row holds its text.
    const holders = f.ctx.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
      )
      .pluck()
      .all()
      .flatMap((table) =>
        (
          f.ctx.db.prepare(`SELECT * FROM "${table as string}"`).all() as Array<
            Record<string, unknown>
          >
        )
          .filter((row) => PRIVATE_MARKS.some((mark) => JSON.stringify(row).includes(mark)))
          .map(() => table),
      );
    expect([...new Set(holders)]).toEqual(['kula_notes']);

    const cliOut: string[] = [];
    const exportFile = path.join(f.dataDir, 'mapping-cli.json');
    const code = await runCli(
      ['--data-dir', f.dataDir, 'mappings', 'export', exportFile, '--connection', f.connectionId],
      {
        json: false,
        interactive: false,
        out: (text) => cliOut.push(text),
        err: (text) => cliOut.push(text),
      },
      { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE },
    );
    expect(code, cliOut.join('\n')).toBe(0);
    expect(fs.existsSync(exportFile)).toBe(true);
    const last = (await answers(dispatch, f.connectionId, LAST)).join('\n');
    expect(last).toContain('"ok":true');
    for (const canary of canaries) expect(last.includes(canary)).toBe(false);
    await f.core.shutdown();
    scan('closed');
  });
});
