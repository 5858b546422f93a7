import { afterEach, describe, expect, it } from 'vitest';
import {
  ashbyFixture,
  cacheCounts,
  expectedCounts,
  type AshbyFixture,
} from '../../../support/ashby';

/**
 * A disk that fills during a sync, simulated with SQLite's page limit (`max_page_count`), which
 * fails writes with SQLITE_FULL just as a full disk does; the CLI test of the same on a real small
 * disk is in test/main/cli/full-disk-cli.test.ts. The run ends as failed with what to do, nothing
 * rejects unhandled, and the next sync with room again completes the cache.
 */
let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('a full disk during a sync', () => {
  it('ends the run with "the disk is full: free space, then sync again", and nothing is lost', async () => {
    fixture = await ashbyFixture({ sim: { tenant: { candidates: 400, applications: 500 } } });
    const { ctx, connectionId, sim } = fixture;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pages = ctx.db.pragma('page_count', { simple: true }) as number;
      ctx.db.pragma(`max_page_count = ${pages + 40}`);
      const run = await ctx.sync.run(connectionId, { trigger: 'manual', full: true });
      expect(run).toMatchObject({ status: 'failed', errorCode: 'STORAGE' });
      expect(run.message).toMatch(/^The disk is full: free space, then sync again\./);
      expect(run.message).not.toMatch(/internal error/);
      expect(ctx.sync.isRunning(connectionId)).toBe(false);

      ctx.db.pragma('max_page_count = 1073741823');
      const again = await ctx.sync.run(connectionId, { trigger: 'manual' });
      expect(again.status).toBe('succeeded');
      expect(cacheCounts(ctx, connectionId)).toEqual(expectedCounts(sim));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('an IPC call that cannot write says the disk is full, with the folder, instead of "internal error"', async () => {
    fixture = await ashbyFixture({ connect: false });
    const { ctx, core, dataDir } = fixture;
    const dispatch = core.createDispatch(() => true);
    const pages = ctx.db.pragma('page_count', { simple: true }) as number;
    ctx.db.pragma(`max_page_count = ${pages}`);
    const names = Array.from({ length: 300 }, (_, i) => `Candidate ${i}`).join('\n');
    const answer = await dispatch(
      'candidates:import-csv',
      { text: `name\n${names}\n` },
      { url: 'app://console/index.html', isMainFrame: true },
    );
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'STORAGE',
        message: expect.stringContaining(`The disk holding ${dataDir} is full`),
      },
    });
  });
});
