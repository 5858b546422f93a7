import { describe, expect, it } from 'vitest';
import { ResponseDelay } from './latency';

describe('ResponseDelay', () => {
  it('draws every latency within ±jitter of the mean, from a seed, averaging the mean', () => {
    const delay = new ResponseDelay({ ms: 300, jitter: 0.1 }, 3);
    const draws = Array.from({ length: 2000 }, () => delay.draw());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(270);
    expect(Math.max(...draws)).toBeLessThanOrEqual(330);
    expect(new Set(draws.map(Math.round)).size).toBeGreaterThan(40);
    const mean = draws.reduce((sum, ms) => sum + ms, 0) / draws.length;
    expect(mean).toBeGreaterThan(295);
    expect(mean).toBeLessThan(305);
    const again = new ResponseDelay({ ms: 300, jitter: 0.1 }, 3);
    expect(Array.from({ length: 5 }, () => again.draw())).toEqual(draws.slice(0, 5));
  });

  it('answers exactly the mean without jitter, and at once without latency', async () => {
    const delay = new ResponseDelay({ ms: 40 });
    expect(delay.draw()).toBe(40);
    delay.set({ ms: 0, jitter: 0.5 });
    expect(delay.draw()).toBe(0);
    const started = performance.now();
    await delay.wait();
    expect(performance.now() - started).toBeLessThan(20);
  });

  it('lets waits overlap: ten at once take about one latency, not ten', async () => {
    const delay = new ResponseDelay({ ms: 100 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => delay.wait()));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(500);
  });
});
