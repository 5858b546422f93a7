import type { SplitRequest, StreamSplit } from '../provider';

/**
 * Where a Greenhouse list pass stands, and how a full read is divided by creation time into parts
 * read at the same time. Greenhouse pages by an opaque cursor, newest id first, with no totals;
 * `created_at` filters with `gte|…` and `lt|…` give disjoint parts. The newest part is open-ended
 * and the oldest has only an upper bound, so two parts never need the two-sided form whose support
 * is unconfirmed; a part that needs it and is refused falls back to its lower bound alone (it then
 * reads some records of newer parts again, harmlessly). See docs/greenhouse.md.
 */

export interface CreatedWindow {
  /** Inclusive lower bound, epoch ms; null: from the beginning. */
  from: number | null;
  /** Exclusive upper bound, epoch ms; null: open-ended. */
  to: number | null;
}

export interface SeenDates {
  records: number;
  oldest: number;
  newest: number;
}

export interface GreenhouseCursor {
  mode: 'full' | 'incremental';
  /** The `Link` next URL to read; null: the pass's (or part's) first page. */
  next: string | null;
  /** When the pass started (epoch ms): the upper end of an incremental window. */
  startedAt: number;
  /** When the last full pass started (epoch ms), carried to the next pass. */
  lastFullAt: number;
  /** Lower end of an incremental window (epoch ms). */
  since: number | null;
  /** The part of a full read this stream covers; null: all of it. */
  window: CreatedWindow | null;
  /** Whether `gte|A|lte|B` windows are accepted (learned; true until refused). */
  twoSided: boolean;
  /** Creation times of the records read so far, for sizing parts. */
  seen: SeenDates | null;
}

export interface GreenhouseCommitted {
  /** Epoch ms: the next incremental window starts here (minus the overlap). */
  checkpoint: number;
  lastFullAt: number;
  twoSided: boolean;
}

const MIN_PART_MS = 60 * 60_000;
/** The newest part holds about this many records; each older one spans twice the one after. */
const PART_RECORDS = 1000;
const MAX_PARTS = 6;
const MIN_SPLIT_RECORDS = 4 * 500;
/** A stream that has read more than this reads on alone rather than pay for it again. */
const MAX_REREAD_RECORDS = 4 * 500;

export function observe(before: SeenDates | null, items: unknown[]): SeenDates | null {
  let seen = before;
  for (const item of items) {
    const created = Date.parse(String((item as { created_at?: unknown } | null)?.created_at ?? ''));
    if (!Number.isFinite(created)) continue;
    seen = seen
      ? {
          records: seen.records + 1,
          oldest: Math.min(seen.oldest, created),
          newest: Math.max(seen.newest, created),
        }
      : { records: 1, oldest: created, newest: created };
  }
  return seen;
}

/** The query filter of a part: `created_at=gte|A`, `lt|B` or both. */
export function createdFilter(window: CreatedWindow, twoSided: boolean): string | null {
  const lower = window.from === null ? null : `gte|${new Date(window.from).toISOString()}`;
  const upper = window.to === null ? null : `lt|${new Date(window.to).toISOString()}`;
  if (lower && upper) return twoSided ? `${lower}|${upper}` : lower;
  return lower ?? upper;
}

export function splitFullRead(
  request: SplitRequest,
  committedOf: (cursor: GreenhouseCursor) => GreenhouseCommitted,
): StreamSplit | null {
  const cursor = request.cursor as GreenhouseCursor | null;
  if (!cursor || cursor.mode !== 'full' || cursor.next === null || !cursor.seen) return null;
  if (cursor.seen.records < 2) return null;
  const window = cursor.window ?? { from: null, to: null };
  const top = window.to ?? cursor.startedAt;
  // Without a lower bound the part reaches back to the first record, whenever that was.
  const bottom = window.from ?? 0;
  if (top - bottom < 2 * MIN_PART_MS) return null;
  const density =
    cursor.seen.records / Math.max(MIN_PART_MS, cursor.seen.newest - cursor.seen.oldest);
  // Splitting costs the pages read so far (the parts cover them again): not worth it for a part
  // of a few pages, nor once a part has read a good share of itself.
  const estimate = (top - bottom) * density;
  if (estimate < MIN_SPLIT_RECORDS) return null;
  if (cursor.seen.records > MAX_REREAD_RECORDS || cursor.seen.records * 4 > estimate) return null;
  const bounds: number[] = [];
  let width = Math.max(MIN_PART_MS, PART_RECORDS / density);
  let edge = top;
  while (bounds.length < MAX_PARTS - 1 && edge - width > bottom + MIN_PART_MS) {
    edge -= width;
    bounds.push(Math.floor(edge));
    width *= 2;
  }
  if (bounds.length === 0) return null;
  const parts: CreatedWindow[] = [];
  let upper: number | null = window.to;
  for (const bound of bounds) {
    parts.push({ from: bound, to: upper });
    upper = bound;
  }
  parts.push({ from: window.from, to: upper });
  return {
    keep: null,
    ...(request.stream === '' ? { committed: committedOf(cursor) } : {}),
    spawn: parts.map((part) => ({
      stream: `created:${part.from ?? 'start'}-${part.to ?? 'now'}`,
      cursor: { ...cursor, next: null, window: part, seen: null } satisfies GreenhouseCursor,
    })),
    notice: {
      level: 'info',
      code: 'read-in-parts',
      message: `reading the rest in ${parts.length} parts by creation date, at the same time.`,
    },
  };
}
