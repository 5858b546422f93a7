import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  observeOrder,
  splitOpportunities,
  splitWindow,
} from '../../../../../src/main/core/providers/lever/created-windows';
import type { LeverCursor } from '../../../../../src/main/core/providers/lever/cursor';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Every instant of `[from, to]` falls in exactly one part. */
function coversOnce(parts: Array<{ from: number; to: number | null }>, from: number, to: number) {
  const sorted = [...parts].sort((a, b) => a.from - b.from);
  expect(sorted[0]!.from).toBe(from);
  for (let index = 1; index < sorted.length; index++) {
    expect(sorted[index]!.from).toBe((sorted[index - 1]!.to ?? Infinity) + 1);
  }
  const last = sorted.at(-1)!.to;
  if (last !== null) expect(last).toBe(to);
}

describe('splitWindow', () => {
  it('divides a range into disjoint parts that cover every instant, with or without a density', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_800_000_000_000 }),
        fc.integer({ min: 2 * HOUR, max: 20 * 365 * DAY }),
        fc.option(fc.double({ min: 1e-9, max: 1, noNaN: true }), { nil: null }),
        (from, span, density) => {
          const parts = splitWindow({ from, to: from + span }, density);
          expect(parts.length).toBeGreaterThanOrEqual(1);
          expect(parts.length).toBeLessThanOrEqual(6);
          coversOnce(parts, from, from + span);
        },
      ),
    );
  });

  it('gives the newest part about 500 records at the density seen, and each older part twice the span', () => {
    const to = 1_700_000_000_000;
    const density = 100 / DAY; // 100 opportunities a day near `to`
    const parts = splitWindow({ from: 0, to }, density);
    const spans = parts.map((part) => (part.to ?? to) - part.from + 1);
    expect(spans[0]).toBeCloseTo(5 * DAY, -3);
    expect(spans[1]).toBeCloseTo(10 * DAY, -3);
    // The oldest part takes whatever remains back to the start.
    expect(parts.at(-1)!.from).toBe(0);
  });

  it('leaves the newest part open when the range is open-ended', () => {
    const parts = splitWindow({ from: 0, to: 1_700_000_000_000 }, null, true);
    expect(parts[0]!.to).toBeNull();
  });
});

describe('observeOrder', () => {
  it('tells a list that comes newest first, page after page, from one that does not', () => {
    const page = (...times: number[]) => times.map((createdAt) => ({ createdAt }));
    const first = observeOrder(null, page(900, 800, 700));
    expect(first).toMatchObject({ records: 3, oldest: 700, newest: 900, newestFirst: true });
    expect(observeOrder(first, page(700, 600)).newestFirst).toBe(true);
    expect(observeOrder(first, page(750, 600)).newestFirst).toBe(false);
    expect(observeOrder(null, page(100, 300, 200)).newestFirst).toBe(false);
  });
});

describe('splitOpportunities', () => {
  const cursor = (patch: Partial<LeverCursor>): LeverCursor => ({
    mode: 'full',
    phase: 'list',
    offset: 'token',
    since: null,
    startedAt: 1_700_000_000_000,
    confidentiality: 'all',
    ...patch,
  });

  it('splits what is older than the oldest record read when the list came newest first, and ends the stream', () => {
    const split = splitOpportunities(
      {
        resource: 'opportunities',
        stream: '',
        cursor: cursor({
          seen: {
            records: 100,
            oldest: 1_699_000_000_000,
            newest: 1_700_000_000_000,
            newestFirst: true,
          },
        }),
      },
      1_700_000_000_000,
    );
    expect(split?.keep).toBeNull();
    expect(split?.committed).toEqual({
      watermark: 1_700_000_000_000,
      lastFullAt: 1_700_000_000_000,
    });
    const windows = split!.spawn.map((part) => (part.cursor as LeverCursor).window!);
    coversOnce(windows, 0, 1_699_000_000_000);
    expect(new Set(split!.spawn.map((part) => part.stream)).size).toBe(split!.spawn.length);
  });

  it('does not split an incremental read, a deleted list, or a stream whose pages showed no order after the first', () => {
    const seen = { records: 300, oldest: 1, newest: 9, newestFirst: false };
    const request = (patch: Partial<LeverCursor>) => ({
      resource: 'opportunities',
      stream: 'x',
      cursor: cursor(patch),
    });
    expect(splitOpportunities(request({ mode: 'incremental', seen }), 0)).toBeNull();
    expect(splitOpportunities(request({ phase: 'deleted', seen }), 0)).toBeNull();
    expect(splitOpportunities(request({ seen }), 0)).toBeNull();
  });

  it('re-divides a whole window after a first page that showed no order', () => {
    const split = splitOpportunities(
      {
        resource: 'opportunities',
        stream: 'w',
        cursor: cursor({
          window: { from: 1_600_000_000_000, to: 1_650_000_000_000 },
          seen: { records: 100, oldest: 1, newest: 9, newestFirst: false },
        }),
      },
      0,
    );
    const windows = split!.spawn.map((part) => (part.cursor as LeverCursor).window!);
    coversOnce(windows, 1_600_000_000_000, 1_650_000_000_000);
    expect(split?.committed).toBeUndefined();
  });
});
