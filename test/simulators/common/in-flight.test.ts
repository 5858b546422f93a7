import { describe, expect, it } from 'vitest';
import { InFlightMeter } from './in-flight';

describe('InFlightMeter', () => {
  it('reports the most requests open at once and their time-weighted mean', () => {
    let now = 1_000;
    const meter = new InFlightMeter(() => now);
    // 0–100 ms: one open; 100–300 ms: three open; 300–400 ms: one open.
    const first = meter.enter();
    now = 1_100;
    const second = meter.enter();
    const third = meter.enter();
    now = 1_300;
    second();
    third();
    third(); // a second 'done' for the same request changes nothing
    now = 1_400;
    first();
    expect(meter.stats()).toEqual({
      requests: 3,
      max: 3,
      mean: (1 * 100 + 3 * 200 + 1 * 100) / 400,
      firstArrivalAt: 1_000,
      lastDoneAt: 1_400,
      open: 0,
    });
  });

  it('starts a new window at reset: only later requests count, idle time before them does not', () => {
    let now = 0;
    const meter = new InFlightMeter(() => now);
    meter.enter()();
    now = 5_000;
    meter.reset();
    expect(meter.stats()).toMatchObject({ requests: 0, max: 0, mean: 0, firstArrivalAt: null });
    now = 9_000;
    const done = meter.enter();
    now = 9_250;
    expect(meter.stats()).toMatchObject({ requests: 1, max: 1, mean: 1, open: 1 });
    done();
    expect(meter.stats()).toMatchObject({ mean: 1, firstArrivalAt: 9_000, lastDoneAt: 9_250 });
  });
});
