import { describe, expect, it } from 'vitest';
import {
  fullBucket,
  MAX_PAUSE_MS,
  mergeBuckets,
  pauseBucket,
  refill,
  takeTokens,
} from '../../../../src/main/core/http/token-bucket';

const LIMIT = { perSecond: 10, burst: 4 };

describe('token bucket arithmetic', () => {
  it('hands out whole tokens up to the burst, then says when the next one is there', () => {
    const first = takeTokens(fullBucket(LIMIT, 0), LIMIT, 0, 6);
    expect(first.granted).toBe(4);
    expect(first.retryInMs).toBe(100);
    const later = takeTokens(first.state, LIMIT, 250, 6);
    expect(later.granted).toBe(2);
    expect(later.state.tokens).toBeCloseTo(0.5);
    expect(later.retryInMs).toBeCloseTo(50);
  });

  it('refills at the rate and never beyond the burst', () => {
    expect(refill({ tokens: 0, updatedAt: 0, pausedUntil: 0 }, LIMIT, 200).tokens).toBeCloseTo(2);
    expect(refill({ tokens: 0, updatedAt: 0, pausedUntil: 0 }, LIMIT, 60_000).tokens).toBe(4);
  });

  it('treats a clock set back as no time passed, and refills again from the new time', () => {
    const state = { tokens: 1, updatedAt: 1_000_000, pausedUntil: 0 };
    const setBack = refill(state, LIMIT, 400_000);
    expect(setBack).toEqual({ tokens: 1, updatedAt: 400_000, pausedUntil: 0 });
    expect(refill(setBack, LIMIT, 400_100).tokens).toBeCloseTo(2);
  });

  it('holds every token during a pause, and cuts a pause left far ahead by a clock set back', () => {
    const paused = pauseBucket(fullBucket(LIMIT, 0), LIMIT, 0, 1500);
    expect(paused.tokens).toBe(1);
    expect(takeTokens(paused, LIMIT, 1000, 1)).toMatchObject({ granted: 0, retryInMs: 500 });
    expect(takeTokens(paused, LIMIT, 1500, 1).granted).toBe(1);
    const stale = { tokens: 4, updatedAt: 0, pausedUntil: 3_600_000 };
    expect(takeTokens(stale, LIMIT, 0, 1).retryInMs).toBe(MAX_PAUSE_MS);
  });

  it('merges two buckets of one limit: what both spent is spent, the longer pause holds', () => {
    const spentThree = { tokens: 1, updatedAt: 0, pausedUntil: 0 };
    const spentOne = { tokens: 3, updatedAt: 0, pausedUntil: 700 };
    expect(mergeBuckets(spentOne, spentThree, LIMIT, 0)).toEqual({
      tokens: 0,
      updatedAt: 0,
      pausedUntil: 700,
    });
    expect(mergeBuckets(undefined, spentThree, LIMIT, 0).tokens).toBe(1);
  });
});
