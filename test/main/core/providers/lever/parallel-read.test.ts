import { afterEach, describe, expect, it } from 'vitest';
import { listLogLinesForRun } from '../../../../../src/main/core/db/repos/sync-log';
import type { RecordedRequest } from '../../../../simulators/common/request-log';
import {
  expectedCache,
  leverCache,
  leverFixture,
  type LeverFixture,
} from '../../../../support/lever';

let fixture: LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const TENANT = { seed: 33, opportunities: 2400, postings: 12 };

function opportunityPages(f: LeverFixture, from = 0): RecordedRequest[] {
  return f.sim.requests.entries
    .slice(from)
    .filter((entry) => entry.path === '/v1/opportunities' && entry.status === 200);
}

/** A request's creation-time window, as `[start, end]` (end null when open). */
function windowOf(entry: RecordedRequest): [number, number | null] | null {
  const start = entry.query.created_at_start;
  if (typeof start !== 'string') return null;
  const end = entry.query.created_at_end;
  return [Number(start), typeof end === 'string' ? Number(end) : null];
}

function distinctWindows(entries: RecordedRequest[]): Array<[number, number | null]> {
  const seen = new Map<string, [number, number | null]>();
  for (const entry of entries) {
    const window = windowOf(entry);
    if (window) seen.set(window.join('-'), window);
  }
  return [...seen.values()].sort((a, b) => a[0] - b[0]);
}

describe('Lever opportunities read in parts at the same time', () => {
  it('splits a full read into disjoint creation-date parts, reads them in parallel, and the cache equals the simulator', async () => {
    fixture = await leverFixture({ sim: { tenant: TENANT } });
    const f = fixture;
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full' });
    expect(leverCache(f.ctx, f.connectionId)).toEqual(expectedCache(f));

    const pages = opportunityPages(f);
    const windows = distinctWindows(pages);
    expect(windows.length).toBeGreaterThanOrEqual(2);
    // Parts never overlap, except a part split again later: its own parts lie within it (they
    // cover what it had not read yet).
    const end = (window: [number, number | null]) => window[1] ?? Infinity;
    for (const a of windows) {
      for (const b of windows) {
        if (a === b) continue;
        const disjoint = end(a) < b[0] || end(b) < a[0];
        const nested = (a[0] >= b[0] && end(a) <= end(b)) || (b[0] >= a[0] && end(b) <= end(a));
        expect(disjoint || nested, `${a.join('-')} and ${b.join('-')}`).toBe(true);
      }
    }
    // Lever answers newest first, so a split re-reads nothing but ties at its boundary: the
    // import needs about one page per 100 opportunities, plus the first page of each part.
    const needed = Math.ceil(TENANT.opportunities / 100);
    expect(pages.length).toBeLessThanOrEqual(needed + windows.length + 1);
    const split = listLogLinesForRun(f.ctx.db, run.id).filter(
      (line) => line.rule === 'read-in-parts',
    );
    expect(split.length).toBeGreaterThanOrEqual(1);
  });

  it('splits only where the order says what is left when Lever lists in an order that tells nothing', async () => {
    fixture = await leverFixture({ sim: { tenant: TENANT, opportunityOrder: 'unordered' } });
    const f = fixture;
    const run = await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'full' });
    expect(leverCache(f.ctx, f.connectionId)).toEqual(expectedCache(f));
    // Streams are only ever split after their first page (that page is read again by the
    // parts), so the waste is at most one page per split.
    const pages = opportunityPages(f);
    const splits = listLogLinesForRun(f.ctx.db, run.id).filter(
      (line) => line.rule === 'read-in-parts',
    ).length;
    expect(pages.length).toBeLessThanOrEqual(
      Math.ceil(TENANT.opportunities / 100) + distinctWindows(pages).length + splits + 1,
    );
  });

  it('keeps the next sync incremental: one request for what changed, from the watermark of the split read', async () => {
    fixture = await leverFixture({ sim: { tenant: TENANT } });
    const f = fixture;
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const before = f.sim.requests.entries.length;
    const quiet = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(quiet).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    const pages = opportunityPages(f, before);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.query.updated_at_start).toEqual(expect.any(String));
    expect(pages[0]?.query.created_at_start).toBeUndefined();
  });

  it('stops every part at a page boundary when cancelled, and the next sync resumes each of them', async () => {
    fixture = await leverFixture({ sim: { tenant: TENANT } });
    const f = fixture;
    const started = f.ctx.sync.start(f.connectionId, { trigger: 'initial-import' });
    let parts = 0;
    const stop = f.ctx.events.on('sync:log', (line) => {
      if (line.rule === 'pull-page-full' && /part created:/.test(line.message) && ++parts === 3) {
        stop();
        void f.ctx.sync.cancel(f.connectionId);
      }
    });
    const cancelled = await started.done;
    expect(cancelled.status).toBe('cancelled');
    const before = f.sim.requests.entries.length;
    const resumed = await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    expect(resumed.status).toBe('succeeded');
    const resume = listLogLinesForRun(f.ctx.db, resumed.id).find(
      (line) => line.rule === 'resume-checkpoint' && line.message.startsWith('Candidates'),
    );
    expect(resume?.message).toMatch(/parts read in parallel/);
    // Resumed parts continue from their saved offsets: no part starts over from its first page
    // unless it had not started.
    const resumedPages = opportunityPages(f, before).filter((entry) => windowOf(entry));
    expect(resumedPages.some((entry) => typeof entry.query.offset === 'string')).toBe(true);
    expect(leverCache(f.ctx, f.connectionId)).toEqual(expectedCache(f));
  });
});
