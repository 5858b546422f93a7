import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  carryOverRequests,
  sharedLimiterRegistry,
  SharedTokenStore,
} from '../../../../src/main/core/connections/shared-rate-limits';
import { openDatabase, type DB } from '../../../../src/main/core/db/database';
import { getRateLimitBucket } from '../../../../src/main/core/db/repos/rate-limit-buckets';
import { TokenBucketLimiter, UnlimitedLimiter } from '../../../../src/main/core/http/rate-limiter';
import { LEVER_FULL_ACCESS_KEY } from '../../../simulators/lever/server';
import { leverFixture, type LeverFixture } from '../../../support/lever';
import { makeTempDir } from '../../../support/temp-dir';

const LIMIT = { perSecond: 20, burst: 3 };
const opened: DB[] = [];
const temps: Array<() => void> = [];
let fixture: LeverFixture | undefined;
afterEach(async () => {
  opened.splice(0).forEach((db) => db.close());
  temps.splice(0).forEach((cleanup) => cleanup());
  await fixture?.cleanup();
  fixture = undefined;
});

/** Two handles on one database file, as two processes on one data folder have. */
function twoHandles(): [DB, DB] {
  const temp = makeTempDir('kula-shared-limit-');
  temps.push(temp.cleanup);
  const file = path.join(temp.dir, 'console.db');
  const handles: [DB, DB] = [openDatabase(file), openDatabase(file)];
  opened.push(...handles);
  return handles;
}

describe('a connection rate limit kept in the database', () => {
  it('is one budget for two handles on the data folder: one burst between them, then the rate', async () => {
    const [a, b] = twoHandles();
    const first = sharedLimiterRegistry(a).get('conn', LIMIT);
    const second = sharedLimiterRegistry(b).get('conn', LIMIT);
    const started = performance.now();
    const times: number[] = [];
    const stamp = () => times.push(performance.now() - started);
    await Promise.all([
      ...Array.from({ length: 4 }, () => first.acquire().then(stamp)),
      ...Array.from({ length: 4 }, () => second.acquire().then(stamp)),
    ]);
    // 3 at once, then 5 more at 20 a second: about 250 ms, however the two handles interleave.
    // Measured from the start, not from the first grant: a busy machine may stamp that one late.
    times.sort((x, y) => x - y);
    expect(times[3]!).toBeGreaterThanOrEqual(45);
    expect(times[7]!).toBeGreaterThanOrEqual(240);
  });

  it('keeps each handle first come first served, and an aborted wait leaves the others served', async () => {
    const [a] = twoHandles();
    const limiter = new TokenBucketLimiter(
      { perSecond: 20, burst: 1 },
      new SharedTokenStore(a, 'conn'),
    );
    await limiter.acquire();
    const controller = new AbortController();
    const order: string[] = [];
    const aborted = limiter.acquire(controller.signal).then(() => order.push('aborted'));
    const waiting = [1, 2, 3].map((n) => limiter.acquire().then(() => order.push(`w${n}`)));
    controller.abort();
    await expect(aborted).rejects.toThrow();
    await Promise.all(waiting);
    expect(order).toEqual(['w1', 'w2', 'w3']);
  });

  it('honours a pause written through the other handle', async () => {
    const [a, b] = twoHandles();
    sharedLimiterRegistry(a).get('conn', LIMIT).pauseFor(300);
    const started = performance.now();
    await sharedLimiterRegistry(b).get('conn', LIMIT).acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('waits, rather than failing, while another handle holds the write lock', async () => {
    const [a, b] = twoHandles();
    a.pragma('busy_timeout = 20');
    const limiter = sharedLimiterRegistry(a).get('conn', LIMIT);
    b.exec('BEGIN IMMEDIATE');
    setTimeout(() => b.exec('COMMIT'), 150);
    const started = performance.now();
    await limiter.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(120);
  });

  it('still holds its own process to a pause it could not write while the database was locked', async () => {
    const [a, b] = twoHandles();
    a.pragma('busy_timeout = 20');
    const limiter = sharedLimiterRegistry(a).get('conn', LIMIT);
    b.exec('BEGIN IMMEDIATE');
    limiter.pauseFor(300);
    b.exec('COMMIT');
    expect(getRateLimitBucket(a, 'conn')).toBeUndefined();
    const started = performance.now();
    await limiter.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('takes a limit the admin changed from the next request on, and keeps what was spent', async () => {
    const [a] = twoHandles();
    const registry = sharedLimiterRegistry(a);
    const before = registry.get('conn', { perSecond: 20, burst: 3 });
    const started = performance.now();
    await Promise.all([before.acquire(), before.acquire(), before.acquire()]);
    const after = registry.get('conn', { perSecond: 5, burst: 10 });
    expect(after).not.toBe(before);
    expect(after.limit).toEqual({ perSecond: 5, burst: 10 });
    // The burst was spent under the old limit: the next token comes at the new rate (200 ms).
    await after.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('keeps an unlimited connection in the process', () => {
    const [a] = twoHandles();
    expect(sharedLimiterRegistry(a).get('conn', null)).toBeInstanceOf(UnlimitedLimiter);
  });

  it('counts the requests of a check made before saving against the saved connection', async () => {
    const [a] = twoHandles();
    const unsaved = sharedLimiterRegistry(a).get('unsaved-lever', LIMIT);
    await Promise.all([unsaved.acquire(), unsaved.acquire()]);
    carryOverRequests(a, 'unsaved-lever', 'lever-1', LIMIT, () => Date.now());
    expect(getRateLimitBucket(a, 'lever-1')!.tokens).toBeLessThan(1.5);
  });
});

describe('connections and their shared rate limit', () => {
  it('carries the check of a new connection over to it, and removing the connection removes its bucket', async () => {
    fixture = await leverFixture({ connect: false });
    const { ctx, sim } = fixture;
    const started = Date.now();
    const { connection } = await ctx.connections.create({
      provider: 'lever',
      baseUrl: sim.apiUrl,
      secret: { kind: 'api_key', apiKey: LEVER_FULL_ACCESS_KEY },
      storeCredential: true,
    });
    const took = Date.now() - started;
    // The check spent part of Lever's burst of 18 (what 10 a second refilled meanwhile aside)…
    const checked = getRateLimitBucket(ctx.db, 'unsaved-lever')!;
    const requests = sim.requests.entries.length;
    expect(requests).toBeGreaterThan(5);
    expect(checked.tokens).toBeLessThanOrEqual(18 - requests + (took / 1000) * 10);
    // …and the saved connection starts from there, not from a full burst.
    const saved = getRateLimitBucket(ctx.db, connection.id)!;
    const refilled = ((saved.updated_at - checked.updated_at) / 1000) * 10;
    expect(saved.tokens).toBeCloseTo(Math.min(18, checked.tokens + refilled), 5);
    await ctx.connections.remove(connection.id);
    expect(getRateLimitBucket(ctx.db, connection.id)).toBeUndefined();
  });
});
