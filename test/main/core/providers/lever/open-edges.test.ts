import { afterEach, describe, expect, it } from 'vitest';
import {
  connectionConfig,
  getConnectionRow,
} from '../../../../../src/main/core/db/repos/connections';
import { addNote, uploadResume } from '../../../../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../../../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../../../../src/main/core/kula/flows';
import { confirmMapping } from '../../../../../src/main/core/mapping/service';
import type { LeverCursor } from '../../../../../src/main/core/providers/lever/cursor';
import type { LeverQuirks } from '../../../../simulators/lever/quirks';
import { LEVER_FULL_ACCESS_KEY } from '../../../../simulators/lever/server';
import {
  expectedCache,
  leverCache,
  leverFixture,
  type LeverFixture,
} from '../../../../support/lever';
import { FAST_OUTBOX, outboxStates, syncUntilSent } from '../../../../support/writeback';

/**
 * Where Lever's documents leave a behaviour open, the simulator takes either reading and the
 * console must work with both: a credential without confidential access, the reach of the
 * `distributionChannel` filter, and the status of a refused offset token.
 */
let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const signal = new AbortController().signal;
const LIMITED_KEY = 'lever-sim-no-confidential-key-77c2';

describe('Lever postings: the first read gets every state', () => {
  for (const channelFilterEveryState of [false, true]) {
    it(`imports closed, draft and internal postings when distributionChannel ${channelFilterEveryState ? 'filters every state' : 'filters published postings only'}`, async () => {
      const f = (fixture = await leverFixture({
        sim: { tenant: { seed: 11, postings: 40 }, quirks: { channelFilterEveryState } },
      }));
      if (channelFilterEveryState) {
        // The stricter reading bites: one request for both channels leaves postings out.
        const response = await fetch(
          `${f.sim.apiUrl}/postings?confidentiality=all&distributionChannel=public&distributionChannel=internal&limit=100`,
          {
            headers: {
              Authorization: `Basic ${Buffer.from(`${LEVER_FULL_ACCESS_KEY}:`).toString('base64')}`,
            },
          },
        );
        const { data } = (await response.json()) as { data: Array<{ state: string }> };
        expect(data.length).toBeLessThan(f.sim.tenant.postings.length);
        expect(data.some((posting) => posting.state === 'closed')).toBe(false);
      }
      expect((await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' })).status).toBe(
        'succeeded',
      );
      const jobs = leverCache(f.ctx, f.connectionId).jobs;
      expect(jobs).toEqual(expectedCache(f).jobs);
      const states = new Set(f.sim.tenant.postings.map((posting) => posting.state));
      expect(states).toEqual(
        new Set(['published', 'internal', 'closed', 'draft', 'pending', 'rejected']),
      );
    });
  }
});

describe('Lever: a refused offset token', () => {
  for (const status of [400, 422, 500]) {
    it(`is recognised by its message with HTTP ${status}, and the window restarts at once`, async () => {
      const f = (fixture = await leverFixture({
        sim: {
          tenant: { seed: 3, opportunities: 250 },
          quirks: { invalidOffsetStatus: status } satisfies Partial<LeverQuirks>,
        },
      }));
      const { provider } = f.ctx.connections.openProvider(f.connectionId);
      const request = {
        resource: 'opportunities',
        stream: '',
        committed: null,
        forceFull: false,
        signal,
      };
      const first = await provider.fetchPage({ ...request, cursor: null });
      expect((first.next as LeverCursor).offset).not.toBeNull();
      f.sim.invalidateOffsets();
      const again = await provider.fetchPage({ ...request, cursor: first.next });
      expect(again.passStarted).toBe(true);
      expect(again.notices?.map((notice) => notice.code)).toEqual(['offset_restarted']);
      expect(again.batch.applications?.map((a) => a.remoteId)).toEqual(
        first.batch.applications?.map((a) => a.remoteId),
      );
      // Refused once, never retried, whatever the status says.
      expect(f.sim.requests.entries.filter((entry) => entry.status === status)).toHaveLength(1);
      provider.close?.();
    });
  }
});

/** A connected fixture with a write user, the mapping confirmed and a flow on an open posting. */
async function writableFixture(options: {
  key: { key: string; confidential: boolean };
  quirks?: Partial<LeverQuirks>;
}) {
  const probe = await leverFixture({ connect: false });
  const performAs = probe.sim.tenant.users.find((user) => user.deactivatedAt === null)!.id;
  await probe.cleanup();
  const f = (fixture = await leverFixture({
    core: { outbox: FAST_OUTBOX },
    config: { performAs },
    apiKey: options.key.key,
    sim: {
      apiKeys: [options.key],
      ...(options.quirks ? { quirks: options.quirks } : {}),
    },
  }));
  expect((await f.ctx.sync.run(f.connectionId, { trigger: 'manual' })).status).toBe('succeeded');
  confirmMapping(f.ctx, f.connectionId);
  const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
  const flow = createFlow(f.ctx, {
    name: 'Lever outreach',
    link: { connectionId: f.connectionId, jobId: job.jobId },
  });
  return { f, flowId: flow.id };
}

const learned = (f: LeverFixture) =>
  connectionConfig(getConnectionRow(f.ctx.db, f.connectionId)!).learned as
    Record<string, unknown> | undefined;

const askedForAll = (f: LeverFixture, from: number) =>
  f.sim.requests.entries
    .slice(from)
    .filter((entry) => entry.path === '/v1/opportunities' && entry.query.email !== undefined)
    .map((entry) => ({ all: entry.query.confidentiality === 'all', status: entry.status }));

describe('Lever: a credential without confidential access', () => {
  for (const confidentialRefusal of ['forbidden', 'filtered'] as const) {
    it(`reads and writes everything when Lever answers confidentiality=all ${confidentialRefusal === 'forbidden' ? 'with 403' : 'with the non-confidential records'}, and remembers the access level`, async () => {
      const { f, flowId } = await writableFixture({
        key: { key: LIMITED_KEY, confidential: false },
        quirks: { confidentialRefusal },
      });
      expect(leverCache(f.ctx, f.connectionId)).toEqual(expectedCache(f, false));

      const before = f.sim.requests.entries.length;
      const ada = addCandidate(f.ctx, {
        name: 'Ada Lovelace',
        emails: ['ada@example.org'],
        flowIds: [flowId],
        origin: 'form',
      });
      addNote(f.ctx, { candidate: ada.id, body: 'First call went well.', private: false });
      uploadResume(f.ctx, {
        candidate: ada.id,
        fileName: 'ada.pdf',
        bytes: Buffer.from('%PDF-1.4 ada'),
      });
      await syncUntilSent(f.ctx, f.connectionId);
      moveCandidate(f.ctx, ada.id, 'Replied');
      await syncUntilSent(f.ctx, f.connectionId);
      expect(Object.keys(outboxStates(f.ctx, f.connectionId))).toEqual(['done']);
      expect(f.sim.mutations.log.map((entry) => entry.kind)).toEqual(
        expect.arrayContaining(['opportunity.create', 'note.create', 'opportunity.stage']),
      );
      const lookups = askedForAll(f, before);
      if (confidentialRefusal === 'forbidden') {
        // One refusal taught the writer; it is kept with the connection.
        expect(lookups.filter((lookup) => lookup.status === 403)).toHaveLength(1);
        expect(learned(f)).toEqual({ confidentialAccess: false });
      } else {
        expect(lookups.every((lookup) => lookup.status === 200)).toBe(true);
      }

      // A later run (a new provider instance) asks the right way at once.
      const later = f.sim.requests.entries.length;
      addCandidate(f.ctx, {
        name: 'Grace Hopper',
        emails: ['grace@example.org'],
        flowIds: [flowId],
        origin: 'form',
      });
      await syncUntilSent(f.ctx, f.connectionId);
      expect(Object.keys(outboxStates(f.ctx, f.connectionId))).toEqual(['done']);
      const next = askedForAll(f, later);
      expect(next.length).toBeGreaterThan(0);
      expect(next.every((lookup) => lookup.status === 200)).toBe(true);
      if (confidentialRefusal === 'forbidden')
        expect(next.every((lookup) => !lookup.all)).toBe(true);
    });
  }

  it('learns again on a 403 when a credential that had access loses it, and forgets on reconnect', async () => {
    const key = { key: LIMITED_KEY, confidential: true };
    const { f, flowId } = await writableFixture({ key });
    addCandidate(f.ctx, {
      name: 'Ada Lovelace',
      emails: ['ada@example.org'],
      flowIds: [flowId],
      origin: 'form',
    });
    await syncUntilSent(f.ctx, f.connectionId);
    expect(learned(f)).toEqual({ confidentialAccess: true });

    f.sim.addApiKey({ ...key, confidential: false });
    const before = f.sim.requests.entries.length;
    addCandidate(f.ctx, {
      name: 'Grace Hopper',
      emails: ['grace@example.org'],
      flowIds: [flowId],
      origin: 'form',
    });
    await syncUntilSent(f.ctx, f.connectionId);
    expect(Object.keys(outboxStates(f.ctx, f.connectionId))).toEqual(['done']);
    expect(askedForAll(f, before)).toEqual([
      { all: true, status: 403 },
      { all: false, status: 200 },
    ]);
    expect(learned(f)).toEqual({ confidentialAccess: false });

    f.sim.addApiKey({ key: 'lever-sim-new-key-with-access', confidential: true });
    await f.ctx.connections.replaceCredential(f.connectionId, {
      kind: 'api_key',
      apiKey: 'lever-sim-new-key-with-access',
    });
    expect(learned(f)).toBeUndefined();
  });
});
