import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../../src/main/core/ipc/dispatcher';
import { reasonRef } from '../../../../src/main/core/mapping/catalog';
import { insertConnection } from '../../../../src/main/core/db/repos/connections';
import { CHANNELS, type Channel } from '../../../../src/shared/ipc/channels';
import { schemas } from '../../../../src/shared/ipc/contract';
import { ERROR_CODES, type Result } from '../../../../src/shared/ipc/result';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { writeTenant, leverTenant } from '../../../support/ats-cache';
import { fuzzParams, fuzzRuns, fuzzTimeout } from '../../../support/fuzz/config';
import { hostileInput, zodArbitrary, type FieldHints } from '../../../support/fuzz/zod-arbitrary';

/**
 * Every IPC channel of the contract (read from CHANNELS, so a new channel is fuzzed without a
 * change here) gets generated input: mostly schema-shaped with ids that exist, sometimes
 * anything at all. The dispatcher must always answer with a Result envelope: never throw, never an
 * INTERNAL error (an unexpected exception in a handler), never a secret in what it returns, and a
 * refused call leaves the database as it was.
 */
const PER_CHANNEL = fuzzRuns(8);
const HOSTILE_PER_CHANNEL = fuzzRuns(4);

/** Channels that end or pause a connection go last, so the others run against live data. */
const LAST = ['connections:disconnect', 'connections:remove'];
const ORDERED = [
  ...CHANNELS.filter((channel) => !LAST.includes(channel)),
  ...CHANNELS.filter((channel) => LAST.includes(channel)),
];

/**
 * Tables a refused call may still write: the audit trail and diagnostic log record attempts, runs
 * record failed syncs, API usage counts calls the ATS refused, and the request budget a failed
 * call spent (shared by every process) stays spent.
 */
const MAY_CHANGE_ON_FAILURE = new Set([
  'audit_log',
  'sync_log',
  'sync_runs',
  'api_usage',
  'rate_limit_buckets',
]);

let f: AshbyFixture;
let dispatch: Dispatch;
let secrets: string[];
const trusted = { url: 'app://console/index.html', isMainFrame: true };
const LEVER = 'lever-cached';
const stats = { calls: 0, ok: 0, refused: new Map<string, number>() };

beforeAll(async () => {
  f = await ashbyFixture({ sim: { tenant: { candidates: 25, applications: 30 } } });
  await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import', full: true });
  // A second connection with a cached Lever pipeline and no credential, pointing nowhere.
  insertConnection(f.ctx.db, {
    id: LEVER,
    provider: 'lever',
    label: 'Cached Lever',
    baseUrl: 'http://127.0.0.1:9',
    authMode: 'api_key',
    now: '2025-01-01T00:00:00.000Z',
  });
  writeTenant(f.ctx.db, LEVER, leverTenant());
  dispatch = f.core.createDispatch(() => true);
  secrets = Object.values(f.sim.keys);
}, 180_000);

afterAll(async () => {
  await f?.cleanup();
  const refused = [...stats.refused.entries()].map(([code, n]) => `${code} ${n}`).join(', ');
  console.log(
    `IPC fuzz: ${stats.calls} calls over ${CHANNELS.length} channels, ${stats.ok} ok, refused: ${refused}`,
  );
});

function column(sql: string): string[] {
  return f.ctx.db.prepare(sql).pluck().all() as string[];
}

function hints(): FieldHints {
  const connections = fc.constantFrom(f.connectionId, LEVER);
  const kulaStages = column('SELECT id FROM kula_stages');
  const atsRefs = column('SELECT remote_id FROM ats_stages').concat(
    column('SELECT remote_id FROM ats_archive_reasons').map(reasonRef),
  );
  const candidates = column('SELECT remote_id FROM ats_candidates');
  const users = column('SELECT remote_id FROM ats_users');
  const ids = kulaStages.length ? fc.constantFrom(...kulaStages) : fc.string();
  return {
    connectionId: connections,
    candidateId: candidates.length ? fc.constantFrom(...candidates) : fc.string(),
    userId: users.length ? fc.constantFrom(...users) : fc.string(),
    id: ids,
    after: ids,
    kulaStageId: ids,
    ids: fc.shuffledSubarray(kulaStages, { minLength: 1 }),
    atsRef: atsRefs.length ? fc.constantFrom(...atsRefs) : fc.string(),
    apiKey: fc.constantFrom(f.sim.keys.full, 'not-a-real-key-12345'),
    baseUrl: fc.constantFrom(f.sim.url, 'http://127.0.0.1:9', 'https://127.0.0.1:9', 'ftp://x', ''),
    authBaseUrl: fc.constantFrom('http://127.0.0.1:9', ''),
    callbackUrl: fc.constantFrom('http://127.0.0.1:0/callback', 'https://evil.example/cb', ''),
    url: fc.constantFrom(
      'https://app.ashbyhq.com/candidates/1',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ),
    text: fc.constantFrom(exportedMapping(), exportedMapping().slice(0, 80), '{"format":"x"}'),
  };
}

let mappingText = '';
function exportedMapping(): string {
  return mappingText;
}

/** A digest of every table's rows (the search index's shadow tables aside). */
function fingerprint(): Map<string, string> {
  const tables = column(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
  );
  return new Map(
    tables.map((table) => {
      const hash = crypto.createHash('sha1');
      for (const row of f.ctx.db.prepare(`SELECT * FROM "${table}"`).raw().iterate()) {
        hash.update(
          JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
        );
      }
      return [table, hash.digest('hex')];
    }),
  );
}

async function settle(): Promise<void> {
  f.ctx.oauth.cancelAll();
  await expect.poll(() => f.ctx.tasks.size, { timeout: 60_000 }).toBe(0);
}

async function check(channel: Channel, input: unknown): Promise<void> {
  const before = fingerprint();
  let result: Result<unknown>;
  try {
    result = await dispatch(channel, input, trusted);
  } catch (error) {
    throw new Error(`${channel} threw: ${String(error)}`);
  }
  await settle();
  stats.calls++;
  // It crosses Electron's IPC as a structured clone: no functions, no class instances lost.
  expect(() => structuredClone(result)).not.toThrow();
  const text = JSON.stringify(result) ?? '';
  for (const secret of secrets)
    expect(text.includes(secret), `${channel} returned a key`).toBe(false);
  if (result.ok) {
    stats.ok++;
    return;
  }
  const { error } = result;
  stats.refused.set(error.code, (stats.refused.get(error.code) ?? 0) + 1);
  expect(ERROR_CODES).toContain(error.code);
  expect(error.code, `${channel}: ${error.message}`).not.toBe('INTERNAL');
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  const after = fingerprint();
  const changed = [...after.keys()].filter(
    (table) => before.get(table) !== after.get(table) && !MAY_CHANGE_ON_FAILURE.has(table),
  );
  expect(changed, `${channel} failed (${error.code}: ${error.message}) but wrote`).toEqual([]);
}

describe('IPC fuzzing, every channel', () => {
  it(
    'answers schema-shaped input with a Result: no throw, no INTERNAL, no secret, no partial write',
    async () => {
      const mapping = await dispatch('mapping:export', { connectionId: f.connectionId }, trusted);
      mappingText = mapping.ok ? (mapping.value as { text: string }).text : '';
      const fieldHints = hints();
      for (const channel of ORDERED) {
        await fc.assert(
          fc.asyncProperty(zodArbitrary(schemas[channel], fieldHints), (input) =>
            check(channel, input),
          ),
          { ...fuzzParams(8), numRuns: PER_CHANNEL },
        );
      }
    },
    fuzzTimeout(8 * CHANNELS.length, 400),
  );

  it(
    'answers input of any shape with BAD_INPUT or a value, never a throw',
    async () => {
      for (const channel of ORDERED) {
        await fc.assert(
          fc.asyncProperty(hostileInput(), (input) => check(channel, input)),
          { ...fuzzParams(4), numRuns: HOSTILE_PER_CHANNEL },
        );
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    fuzzTimeout(4 * CHANNELS.length, 100),
  );

  it('refuses channels outside the contract and callers outside the app', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), async (channel) => {
        fc.pre(!(CHANNELS as readonly unknown[]).includes(channel));
        const result = await dispatch(channel, {}, trusted);
        expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      }),
      fuzzParams(100),
    );
  });
});
