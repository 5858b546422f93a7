import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from '../../../../src/main/core/http/rate-limiter';
import type { TokenStore } from '../../../../src/main/core/http/token-bucket';

const LIMIT = { perSecond: 10, burst: 4 };

describe('TokenBucketLimiter over a store', () => {
  it('asks the store once for every request that arrived in the same tick, and serves them in order', async () => {
    const asked: number[] = [];
    const store: TokenStore = {
      take: (_limit, wanted) => {
        asked.push(wanted);
        return { granted: wanted, retryInMs: 1 };
      },
      pause: () => undefined,
    };
    const limiter = new TokenBucketLimiter(LIMIT, store);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => limiter.acquire().then(() => order.push(i))),
    );
    expect(asked).toEqual([5]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects every waiting request when the store fails', async () => {
    const store: TokenStore = {
      take: () => {
        throw new Error('The database connection is not open');
      },
      pause: () => undefined,
    };
    const limiter = new TokenBucketLimiter(LIMIT, store);
    await expect(Promise.all([limiter.acquire(), limiter.acquire()])).rejects.toThrow('not open');
  });
});
