import { describe, expect, it } from 'vitest';
import {
  MAX_STREAMS,
  MIN_STREAMS,
  StreamTarget,
  UNLIMITED_STREAMS,
} from '../../../../src/main/core/sync/concurrency';

describe('the number of streams read at once', () => {
  it('keeps the limiter busy: the request rate times the latency, plus one', () => {
    const lever = new StreamTarget({ perSecond: 10, burst: 18 });
    for (let i = 0; i < 10; i++) lever.observe(300);
    expect(lever.value).toBe(4);
    const ashby = new StreamTarget({ perSecond: 10, burst: 18 });
    for (let i = 0; i < 10; i++) ashby.observe(750);
    expect(ashby.value).toBe(9);
  });

  it('follows the median of recent answers, so one slow answer does not open streams', () => {
    const target = new StreamTarget({ perSecond: 10, burst: 18 });
    for (let i = 0; i < 10; i++) target.observe(300);
    target.observe(30_000);
    expect(target.value).toBe(4);
  });

  it('stays within its bounds for a fast or a very slow ATS, and without a limit', () => {
    const fast = new StreamTarget({ perSecond: 10, burst: 18 });
    fast.observe(1);
    expect(fast.value).toBe(MIN_STREAMS);
    const slow = new StreamTarget({ perSecond: 10, burst: 18 });
    for (let i = 0; i < 5; i++) slow.observe(20_000);
    expect(slow.value).toBe(MAX_STREAMS);
    expect(new StreamTarget(null).value).toBe(UNLIMITED_STREAMS);
  });
});

describe('the number of streams after the ATS refuses a request for its rate', () => {
  it('halves at each refusal, down to one, and grows back one every ten seconds', () => {
    let now = 0;
    const target = new StreamTarget({ perSecond: 10, burst: 18 }, () => now);
    for (let i = 0; i < 10; i++) target.observe(750);
    expect(target.value).toBe(9);
    target.throttled();
    expect(target.value).toBe(4);
    target.throttled();
    target.throttled();
    target.throttled();
    expect(target.value).toBe(1);
    now += 10_000;
    expect(target.value).toBe(2);
    now += 80_000;
    expect(target.value).toBe(9);
  });
});
