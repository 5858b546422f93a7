import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../../src/main/core/core';
import { createNodeFetch } from '../../../../src/main/core/http/node-fetch';
import { ConsoleError } from '../../../../src/main/core/errors';
import { silentLogger } from '../../../../src/main/core/logging/logger';
import { JsonFileSettingsStore } from '../../../../src/main/core/settings/settings-store';
import { PassphraseCipher } from '../../../../src/main/core/vault/passphrase-cipher';
import { addNote } from '../../../../src/main/core/kula/activity';
import { addCandidate } from '../../../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import type { ConnectionSummary } from '../../../../src/shared/domain/connections';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { TEST_PASSPHRASE } from '../../../support/core';
import { FAST_OUTBOX, outboxStates, syncUntilSent } from '../../../support/writeback';

/** A cipher whose key is not typed by a person, like the app's keyring. */
class KeyringLikeCipher extends PassphraseCipher {
  override readonly typedKey = false;
}

/**
 * A stored credential that cannot be decrypted (damaged ciphertext, or the keyring/passphrase
 * changed): the connection shows "needs reconnect", no request is made with it, and nothing
 * else is lost; reconnecting sends what was queued.
 */
let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const trusted = { url: 'app://console/index.html', isMainFrame: true };
/** Tables a failed attempt may add to (attempts are logged and audited). */
const LOGGING = new Set(['audit_log', 'sync_log', 'sync_runs', 'api_usage', 'app_meta']);

function rowCounts(f: AshbyFixture): Record<string, number> {
  const tables = f.ctx.db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables
      .filter((table) => !LOGGING.has(table))
      .map((table) => [
        table,
        f.ctx.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number,
      ]),
  );
}

async function setup(): Promise<AshbyFixture> {
  fixture = await ashbyFixture({
    sim: { tenant: { candidates: 20, applications: 25 } },
    core: { outbox: FAST_OUTBOX },
  });
  const f = fixture;
  await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import', full: true });
  // Queued work that must survive: a candidate on a linked flow, with a note.
  const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
  const flow = createFlow(f.ctx, {
    name: 'Outreach',
    link: { connectionId: f.connectionId, jobId: job.jobId },
  });
  const candidate = addCandidate(f.ctx, {
    name: 'Mary Jackson',
    emails: ['mary.jackson@example.org'],
    flowIds: [flow.id],
    origin: 'form',
  });
  addNote(f.ctx, { candidate: candidate.id, body: 'Queued while unreadable.', private: false });
  return f;
}

async function statusOf(dispatch: ReturnType<AshbyFixture['core']['createDispatch']>, id: string) {
  const list = (await dispatch('connections:list', undefined, trusted)) as {
    ok: true;
    value: ConnectionSummary[];
  };
  return list.value.find((connection) => connection.id === id)?.status;
}

describe('a stored credential that cannot be decrypted', () => {
  it('damaged: needs reconnect, no request made, nothing lost, and reconnecting sends the queue', async () => {
    const f = await setup();
    const before = rowCounts(f);
    const queued = outboxStates(f.ctx, f.connectionId);
    expect(queued.pending).toBeGreaterThan(0);
    f.ctx.db.prepare("UPDATE credentials SET ciphertext = X'4B50563100ff00ff00ff'").run();
    f.sim.requests.clear();
    const dispatch = f.core.createDispatch(() => true);

    const sync = await dispatch('sync:start', { connectionId: f.connectionId }, trusted);
    await expect.poll(() => f.ctx.tasks.size).toBe(0);
    expect(await statusOf(dispatch, f.connectionId)).toBe('needs_reconnect');
    const recheck = await dispatch(
      'connections:recheck',
      { connectionId: f.connectionId },
      trusted,
    );
    expect(recheck).toMatchObject({ ok: false, error: { code: 'NEEDS_REAUTH' } });
    const again = await dispatch('sync:start', { connectionId: f.connectionId }, trusted);
    // Either refused up front or started and failed at once; both say why.
    const text = JSON.stringify([sync, again]);
    expect(text).toMatch(/cannot be decrypted/);
    let refused: unknown;
    try {
      await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    } catch (error) {
      refused = error;
    }
    if (!(refused instanceof ConsoleError)) throw new Error('the sync was not refused');
    expect(refused.code).toBe('NEEDS_REAUTH');
    expect(refused.message).toMatch(/cannot be decrypted on this computer/);
    expect(refused.action).toMatch(/^Reconnect it .*queued changes are kept/);

    expect(f.sim.requests.entries).toEqual([]);
    expect(rowCounts(f)).toEqual(before);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual(queued);

    // Reconnecting with the key brings it back and sends what waited.
    const reconnect = await dispatch(
      'connections:reconnect',
      { connectionId: f.connectionId, credential: { kind: 'api_key', apiKey: f.sim.keys.full } },
      trusted,
    );
    expect(reconnect).toMatchObject({ ok: true });
    expect(await statusOf(dispatch, f.connectionId)).toBe('connected');
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: queued.pending });
  });

  it('a keyring switch (another key, not typed): marked at start-up before any sync, the app opens', async () => {
    const f = await setup();
    const before = rowCounts(f);
    await f.core.shutdown();
    f.sim.requests.clear();
    const reopened = openCore({
      dataDir: f.dataDir,
      cipher: new KeyringLikeCipher('a-different-passphrase'),
      settings: new JsonFileSettingsStore(path.join(f.dataDir, 'settings.json')),
      fetch: createNodeFetch(),
      logger: silentLogger,
    });
    try {
      reopened.startBackground();
      const dispatch = reopened.createDispatch(() => true);
      expect(await statusOf(dispatch, f.connectionId)).toBe('needs_reconnect');
      const jobs = await dispatch('ats:list-jobs', { connectionId: f.connectionId }, trusted);
      expect(jobs).toMatchObject({ ok: true });
      expect(f.sim.requests.entries).toEqual([]);
      const counts = Object.fromEntries(
        Object.keys(before).map((table) => [
          table,
          reopened.context.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get(),
        ]),
      );
      expect(counts).toEqual(before);
    } finally {
      await reopened.shutdown();
    }
  });

  it('another passphrase (a mistyped one): nothing is marked, the sync is refused with why, and the right one syncs', async () => {
    const f = await setup();
    await f.core.shutdown();
    f.sim.requests.clear();
    const reopened = openCore({
      dataDir: f.dataDir,
      cipher: new PassphraseCipher('a-mistyped-passphrase'),
      settings: new JsonFileSettingsStore(path.join(f.dataDir, 'settings.json')),
      logger: silentLogger,
      fetch: createNodeFetch(),
    });
    try {
      reopened.startBackground();
      const dispatch = reopened.createDispatch(() => true);
      expect(await statusOf(dispatch, f.connectionId)).toBe('connected');
      await expect(
        (async () => reopened.context.sync.run(f.connectionId, { trigger: 'manual' }))(),
      ).rejects.toMatchObject({
        code: 'NEEDS_REAUTH',
        reason: 'wrong-key',
        message: expect.stringMatching(/vault passphrase does not open/),
      });
      expect(await statusOf(dispatch, f.connectionId)).toBe('connected');
      expect(f.sim.requests.entries).toEqual([]);
    } finally {
      await reopened.shutdown();
    }
    const right = openCore({
      dataDir: f.dataDir,
      cipher: new PassphraseCipher(TEST_PASSPHRASE),
      settings: new JsonFileSettingsStore(path.join(f.dataDir, 'settings.json')),
      logger: silentLogger,
      fetch: createNodeFetch(),
    });
    try {
      const run = await right.context.sync.run(f.connectionId, { trigger: 'manual' });
      expect(run.status).toBe('succeeded');
    } finally {
      await right.shutdown();
    }
  });
});
