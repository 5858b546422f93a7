import type { SplitRequest, StreamSplit } from '../provider';
import type { LeverQuery } from './api';
import type { CreatedWindow, LeverCommitted, LeverCursor, SeenOrder } from './cursor';

/**
 * A full read of Lever's opportunities in parts by creation time (`created_at_start` /
 * `created_at_end`, inclusive, epoch ms), read at the same time so the request limit, not
 * Lever's latency, sets the pace.
 */

/**
 * Splits what a full read of opportunities has left into parts by creation time, read at the same
 * time. Possible while the pages so far came newest first: what is left is then everything created
 * before the oldest record seen (ties at that instant are read again, harmlessly). A stream whose
 * first page showed no order is abandoned for parts of its whole window (one page read again);
 * later, nothing can be said of what is left, and the stream reads on alone.
 */
export function splitOpportunities(request: SplitRequest, now: number): StreamSplit | null {
  const cursor = request.cursor as LeverCursor | null;
  if (!cursor || cursor.mode !== 'full' || cursor.phase !== 'list' || cursor.offset === null) {
    return null;
  }
  const seen = cursor.seen;
  if (!seen || seen.records === 0) return null;
  const window = cursor.window ?? { from: 0, to: null };
  let left: CreatedWindow;
  let density: number | null = null;
  if (seen.newestFirst) {
    left = { from: window.from, to: seen.oldest };
    density = seen.records / Math.max(MIN_PART_MS, seen.newest - seen.oldest);
  } else if (seen.records <= PAGE_SIZE) {
    left = window;
  } else {
    return null;
  }
  const to = left.to ?? cursor.startedAt ?? now;
  if (to - left.from < MIN_SPLIT_MS) return null;
  const parts = splitWindow({ from: left.from, to }, density, left.to === null);
  if (parts.length < 2) return null;
  const spawn = parts.map((part) => ({
    stream: `created:${part.from}-${part.to ?? 'now'}`,
    cursor: {
      mode: 'full',
      phase: 'list',
      offset: null,
      since: null,
      startedAt: cursor.startedAt,
      confidentiality: cursor.confidentiality,
      window: part,
      seen: null,
    } satisfies LeverCursor,
  }));
  const ending =
    request.stream === ''
      ? {
          committed: {
            watermark: cursor.startedAt as number,
            lastFullAt: cursor.startedAt as number,
          } satisfies LeverCommitted,
        }
      : {};
  return {
    keep: null,
    ...ending,
    spawn,
    notice: {
      level: 'info',
      code: 'read-in-parts',
      message: seen.newestFirst
        ? `reading the rest in ${parts.length} parts by creation date, at the same time.`
        : `Lever's order says nothing of what is left, so this part is read again as ${parts.length} parts by creation date, at the same time.`,
    },
  };
}

/** Below this, a part is not worth a stream of its own. */
const MIN_SPLIT_MS = 60 * 60_000;
const MIN_PART_MS = 1_000;
const PAGE_SIZE = 100;
/**
 * The newest part holds about this many records at the density seen; each older one spans twice
 * the one before (see splitWindow). Small, so a stream with a few pages left still divides (a
 * part that turns out large is divided again when a stream is free).
 */
const PART_RECORDS = 500;
const MAX_PARTS = 6;

export function createdBounds(window: CreatedWindow | null): LeverQuery {
  if (!window) return [];
  return [
    ['created_at_start', String(window.from)],
    ...(window.to === null ? [] : ([['created_at_end', String(window.to)]] as const)),
  ];
}

/** Creation times of a page's opportunities (records without one are left out). */
function createdTimes(items: unknown[]): number[] {
  const times: number[] = [];
  for (const item of items) {
    const created = (item as { createdAt?: unknown } | null)?.createdAt;
    if (typeof created === 'number' && Number.isFinite(created)) times.push(created);
  }
  return times;
}

export function observeOrder(before: SeenOrder | null, items: unknown[]): SeenOrder {
  const times = createdTimes(items);
  if (times.length === 0) return before ?? { records: 0, oldest: 0, newest: 0, newestFirst: false };
  let newestFirst = before ? before.newestFirst && times[0]! <= before.oldest : true;
  for (let index = 1; index < times.length && newestFirst; index++) {
    if (times[index]! > times[index - 1]!) newestFirst = false;
  }
  return {
    records: (before?.records ?? 0) + times.length,
    oldest: Math.min(before?.oldest ?? Infinity, ...times),
    newest: Math.max(before?.newest ?? -Infinity, ...times),
    newestFirst,
  };
}

/**
 * Divides `[from, to]` into parts read at the same time. With a density known near `to` (records
 * per ms, from the pages read), the newest part holds about `PART_RECORDS` and each older one
 * spans twice the one after it, since a hiring history thins out going back; the oldest part takes
 * what remains. Without one, equal spans. Parts are disjoint and cover every instant.
 */
export function splitWindow(
  range: { from: number; to: number },
  density: number | null,
  openEnded = false,
): CreatedWindow[] {
  const span = range.to - range.from;
  const bounds: number[] = [];
  if (density && density > 0) {
    let width = Math.max(MIN_SPLIT_MS, PART_RECORDS / density);
    let edge = range.to;
    while (bounds.length < MAX_PARTS - 1 && edge - width > range.from + MIN_SPLIT_MS) {
      edge -= width;
      bounds.push(Math.floor(edge));
      width *= 2;
    }
  } else {
    const parts = Math.min(MAX_PARTS, Math.max(2, Math.floor(span / MIN_SPLIT_MS)));
    for (let index = 1; index < parts; index++) {
      bounds.push(Math.floor(range.to - (span * index) / parts));
    }
  }
  const edges = [...new Set(bounds)].sort((a, b) => b - a);
  const parts: CreatedWindow[] = [];
  let upper: number | null = openEnded ? null : range.to;
  for (const edge of edges) {
    parts.push({ from: edge + 1, to: upper });
    upper = edge;
  }
  parts.push({ from: range.from, to: upper });
  return parts;
}
