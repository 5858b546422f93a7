import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedLimiterRegistry } from '../../../../src/main/core/connections/shared-rate-limits';
import { openDatabase } from '../../../../src/main/core/db/database';
import { getRateLimitBucket } from '../../../../src/main/core/db/repos/rate-limit-buckets';
import { makeTempDir } from '../../../support/temp-dir';
import { killLimiterProcesses, startLimiterProcess } from './fixtures/limiter-process';

const LIMIT = { perSecond: 20, burst: 5 };

const temps: Array<() => void> = [];
afterEach(() => {
  killLimiterProcesses();
  temps.splice(0).forEach((cleanup) => cleanup());
});

const limiterProcess = (file: string, env: NodeJS.ProcessEnv = {}) =>
  startLimiterProcess(file, 'conn-1', LIMIT, env);

function dataFile(): string {
  const temp = makeTempDir('kula-limit-');
  temps.push(temp.cleanup);
  const file = path.join(temp.dir, 'console.db');
  openDatabase(file).close();
  return file;
}

/**
 * The token bucket's promise over every window of time: no more than the burst plus the rate
 * times the window's length. One token of slack covers the moment between a token being taken
 * and its time being printed.
 */
function worstExcess(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const allowed = LIMIT.burst + (LIMIT.perSecond * (sorted[j]! - sorted[i]!)) / 1000;
      worst = Math.max(worst, j - i + 1 - allowed);
    }
  }
  return worst;
}

describe('one rate limit per connection across processes', () => {
  it('three processes acquiring on one connection at once never exceed burst + rate × elapsed, and each gets its share', async () => {
    const file = dataFile();
    const processes = [limiterProcess(file), limiterProcess(file), limiterProcess(file)];
    await Promise.all(processes.map((child) => child.waitFor(/^READY$/)));
    const started = Date.now();
    processes.forEach((child) => child.send('RUN 2000 4'));
    await Promise.all(processes.map((child) => child.waitFor(/^DONE /)));
    const all = processes.flatMap((child) => child.grants());
    expect(worstExcess(all)).toBeLessThanOrEqual(1);
    // The limit is used, not wasted: about burst + rate × 2 s in all.
    const elapsed = (Math.max(...all) - started) / 1000;
    expect(all.length).toBeGreaterThanOrEqual(LIMIT.burst + LIMIT.perSecond * 2 * 0.8);
    expect(all.length).toBeLessThanOrEqual(LIMIT.burst + LIMIT.perSecond * elapsed + 1);
    // No process is starved by the others.
    for (const child of processes) expect(child.grants().length).toBeGreaterThan(all.length / 8);
  }, 60_000);

  it('a pause set after a 429 in one process holds the other', async () => {
    const file = dataFile();
    const [first, second] = [limiterProcess(file), limiterProcess(file)];
    await Promise.all([first.waitFor(/^READY$/), second.waitFor(/^READY$/)]);
    first.send('PAUSE 1500');
    const paused = Number((await first.waitFor(/^PAUSED /)).slice(7));
    second.send('ACQUIRE');
    const granted = Number((await second.waitFor(/^GRANT /)).slice(6));
    expect(granted - paused).toBeGreaterThanOrEqual(1490);
    expect(granted - paused).toBeLessThan(4000);
  }, 60_000);

  it('a process killed in the middle of a bucket transaction leaves nothing stuck', async () => {
    const file = dataFile();
    const before = limiterProcess(file);
    await before.waitFor(/^READY$/);
    before.send('ACQUIRE');
    await before.waitFor(/^GRANT /);
    before.send('EXIT');
    await before.exited;
    const db = openDatabase(file);
    try {
      const committed = getRateLimitBucket(db, 'conn-1');
      expect(committed).toBeDefined();

      const crashing = limiterProcess(file, { KULA_CRASH_AT: 'rate-limit:mid-transaction' });
      await crashing.waitFor(/^READY$/);
      crashing.send('PAUSE 600000');
      expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // Its write was never committed, and the write lock went with it.
      expect(getRateLimitBucket(db, 'conn-1')).toEqual(committed);
      const limiter = sharedLimiterRegistry(db).get('conn-1', LIMIT);
      const started = performance.now();
      await limiter.acquire();
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      db.close();
    }
  }, 60_000);
});
