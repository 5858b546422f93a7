import { afterEach, describe, expect, it } from 'vitest';
import { listLogLinesForRun } from '../../../../src/main/core/db/repos/sync-log';
import { AtsApiError } from '../../../../src/main/core/http/errors';
import type {
  AtsProvider,
  PageRequest,
  PageResult,
  ResourceSpec,
  SplitRequest,
  StreamSplit,
} from '../../../../src/main/core/providers/provider';
import type { AtsCandidateRecord } from '../../../../src/main/core/providers/records';
import { ProviderRegistry } from '../../../../src/main/core/providers/registry';
import { UNLIMITED_STREAMS } from '../../../../src/main/core/sync/concurrency';
import { openTestCore } from '../../../support/core';

/**
 * The pull's parallel streams against a scripted provider: each resource is a list of pages, and
 * the `big` one splits into parts after its first page. Every page takes a few milliseconds, so
 * streams overlap; the provider counts pages in flight and every page asked for.
 */

const RESOURCES: ResourceSpec[] = [
  { name: 'small', label: 'Small', entities: ['users'], incremental: false },
  { name: 'big', label: 'Big', entities: ['candidates'], incremental: false },
  { name: 'other', label: 'Other', entities: ['applications'], incremental: false },
];
const PARTS = 3;
const PART_PAGES = 4;

interface Cursor {
  part: number | null;
  page: number;
}

class ScriptedProvider implements AtsProvider {
  readonly kind = 'ashby' as const;
  readonly resources = RESOURCES;
  inFlight = 0;
  maxInFlight = 0;
  /** `resource/stream#page` of every page asked for, in order. */
  readonly asked: string[] = [];
  /** Throws once at this `stream#page` of `big`. */
  failAt: string | null = null;
  /** The `other` resource is refused for the credential. */
  refuseOther = false;

  checkConnection() {
    return Promise.resolve({ accountLabel: null, permissions: [], setup: [] });
  }

  async fetchPage(request: PageRequest): Promise<PageResult> {
    const cursor = (request.cursor as Cursor | null) ?? { part: null, page: 0 };
    const label = `${request.resource}/${request.stream}#${cursor.page}`;
    this.asked.push(label);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (request.signal.aborted) throw cancelled();
      if (request.resource === 'other' && this.refuseOther) throw refused();
      if (this.failAt === `${request.stream}#${cursor.page}` && request.resource === 'big') {
        this.failAt = null;
        throw unavailable();
      }
      return this.page(request, cursor);
    } finally {
      this.inFlight--;
    }
  }

  private page(request: PageRequest, cursor: Cursor): PageResult {
    const base = { mode: 'full' as const, passStarted: request.cursor === null };
    if (request.resource === 'small') {
      return {
        ...base,
        batch: { users: [user(`u${cursor.page}`)] },
        next: cursor.page < 1 ? { part: null, page: cursor.page + 1 } : null,
      };
    }
    if (request.resource === 'other') {
      return {
        ...base,
        batch: {},
        next: cursor.page < 2 ? { part: null, page: cursor.page + 1 } : null,
      };
    }
    const prefix = cursor.part === null ? 'root' : `p${cursor.part}`;
    const candidates = Array.from({ length: 10 }, (_, i) =>
      candidate(`${prefix}-${cursor.page}-${i}`),
    );
    const last = cursor.part === null ? 5 : PART_PAGES - 1;
    return {
      ...base,
      batch: { candidates },
      next: cursor.page < last ? { part: cursor.part, page: cursor.page + 1 } : null,
    };
  }

  splitStream(request: SplitRequest): StreamSplit | null {
    const cursor = request.cursor as Cursor;
    if (request.resource !== 'big' || cursor.part !== null) return null;
    // The root's remaining pages become parts; the root ends here.
    return {
      keep: null,
      spawn: Array.from({ length: PARTS }, (_, part) => ({
        stream: `part-${part}`,
        cursor: { part, page: 0 },
      })),
    };
  }
}

function candidate(id: string): AtsCandidateRecord {
  return {
    remoteId: id,
    name: `Candidate ${id}`,
    primaryEmail: `${id}@example.org`,
    emails: [`${id}@example.org`],
    phones: [],
    links: [],
    profileUrl: null,
    createdAt: null,
    updatedAt: null,
  };
}

function user(id: string) {
  return { remoteId: id, name: id, email: null, role: null, active: true };
}

const error = (kind: 'unavailable' | 'permission' | 'cancelled', message: string) =>
  new AtsApiError({ kind, provider: 'Scripted', message, endpoint: 'GET /scripted' });
const unavailable = () => error('unavailable', 'The scripted ATS is down.');
const refused = () => error('permission', 'The key may not read Other.');
const cancelled = () => error('cancelled', 'Cancelled.');

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function setup(provider: ScriptedProvider) {
  const registry = new ProviderRegistry().register({
    kind: 'ashby',
    label: 'Scripted',
    defaultBaseUrl: 'https://scripted.invalid',
    defaultRateLimit: null,
    authModes: ['api_key'],
    resources: RESOURCES,
    create: () => provider,
  });
  const test = openTestCore({ providers: registry });
  cleanup = test.cleanup;
  const { connection } = await test.core.context.connections.create({
    provider: 'ashby',
    secret: { kind: 'api_key', apiKey: 'scripted-key-123' },
    storeCredential: true,
  });
  return { ctx: test.core.context, connectionId: connection.id };
}

function count(ctx: Awaited<ReturnType<typeof setup>>['ctx'], table: string, connectionId: string) {
  return (
    ctx.db
      .prepare(`SELECT count(*) AS n FROM ${table} WHERE connection_id = ?`)
      .get(connectionId) as {
      n: number;
    }
  ).n;
}

describe('the pull reads streams at the same time', () => {
  it('reads resources and the parts of a split one at once, never more pages in flight than its target', async () => {
    const provider = new ScriptedProvider();
    const { ctx, connectionId } = await setup(provider);
    const run = await ctx.sync.run(connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(provider.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(provider.maxInFlight).toBeLessThanOrEqual(UNLIMITED_STREAMS);
    // The root's first page, then every part's pages, all saved.
    expect(count(ctx, 'ats_candidates', connectionId)).toBe(10 + PARTS * PART_PAGES * 10);
    expect(provider.asked.filter((page) => page.startsWith('big/part-'))).toHaveLength(
      PARTS * PART_PAGES,
    );
    // The pass completed: its checkpoint is gone and it counts as complete.
    const status = ctx.sync.status(connectionId);
    expect(status.resources.find((resource) => resource.name === 'big')).toMatchObject({
      inProgress: false,
      cached: 10 + PARTS * PART_PAGES * 10,
    });
  });

  it('stops every stream when one fails, keeps their saved pages, and resumes each part where it stopped', async () => {
    const provider = new ScriptedProvider();
    provider.failAt = 'part-1#2';
    const { ctx, connectionId } = await setup(provider);
    const failed = await ctx.sync.run(connectionId, { trigger: 'manual' });
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/The scripted ATS is down/);
    const saved = count(ctx, 'ats_candidates', connectionId);
    expect(saved).toBeGreaterThan(10);
    const before = provider.asked.length;
    const resumed = await ctx.sync.run(connectionId, { trigger: 'manual' });
    expect(resumed.status).toBe('succeeded');
    expect(count(ctx, 'ats_candidates', connectionId)).toBe(10 + PARTS * PART_PAGES * 10);
    // Each part asks again at most the one page it had in flight; the root is not read again.
    const again = provider.asked.slice(before).filter((page) => page.startsWith('big/'));
    expect(again.some((page) => page.startsWith('big/#'))).toBe(false);
    const firstRun = new Set(provider.asked.slice(0, before));
    for (let part = 0; part < PARTS; part++) {
      const repeated = again.filter(
        (page) => page.startsWith(`big/part-${part}#`) && firstRun.has(page),
      );
      expect(repeated.length, `part ${part}`).toBeLessThanOrEqual(1);
    }
    expect(
      listLogLinesForRun(ctx.db, resumed.id).some(
        (line) => line.rule === 'resume-checkpoint' && /parts read in parallel/.test(line.message),
      ),
    ).toBe(true);
  });

  it('skips a resource the credential may not read and completes the others', async () => {
    const provider = new ScriptedProvider();
    provider.refuseOther = true;
    const { ctx, connectionId } = await setup(provider);
    const run = await ctx.sync.run(connectionId, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(run.message).toMatch(/Other skipped: The key may not read Other/);
    expect(count(ctx, 'ats_candidates', connectionId)).toBe(10 + PARTS * PART_PAGES * 10);
    expect(count(ctx, 'ats_users', connectionId)).toBe(2);
  });

  it('reports progress per resource as the streams advance, with the streams each one reads', async () => {
    const provider = new ScriptedProvider();
    const { ctx, connectionId } = await setup(provider);
    const events: Array<{ resource?: string; streams?: number; finished: boolean }> = [];
    ctx.events.on('sync:progress', (event) => events.push(event));
    await ctx.sync.run(connectionId, { trigger: 'manual' });
    const big = events.filter((event) => event.resource === 'big');
    expect(Math.max(...big.map((event) => event.streams ?? 0))).toBeGreaterThanOrEqual(2);
    expect(big.at(-1)).toMatchObject({ finished: true, streams: 0 });
    for (const name of ['small', 'big', 'other']) {
      expect(events.filter((event) => event.resource === name && event.finished)).toHaveLength(1);
    }
  });
});
