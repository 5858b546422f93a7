import { UsageError, type CliIo } from './command';

/**
 * Lists on the command line: a page by default (`--limit`, `--offset`), every row with `--all`,
 * and with `--jsonl` one JSON object per line, written as rows are read, so a list of 200,000
 * rows is never held whole and a script can stream it (`… --all --jsonl | jq …`).
 */

export const LIST_OPTIONS = {
  all: { type: 'boolean' },
  jsonl: { type: 'boolean' },
} as const;

/** What a command returns when it wrote its JSON lines itself: nothing more is printed. */
export const ALREADY_PRINTED: unique symbol = Symbol('already printed');

export interface ListMode {
  all: boolean;
  jsonl: boolean;
  limit: number;
  offset: number;
}

/** `--limit N` (1 to max), `--offset N`, `--all` (not with either), `--jsonl`. */
export function listMode(
  values: Record<string, unknown>,
  bounds: { defaultLimit: number; maxLimit: number },
): ListMode {
  const all = values.all === true;
  if (all && (values.limit !== undefined || values.offset !== undefined))
    throw new UsageError('--all lists every row: leave out --limit and --offset.');
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}.`);
    return value;
  };
  return {
    all,
    jsonl: values.jsonl === true,
    limit: whole('limit', bounds.defaultLimit, 1, bounds.maxLimit),
    offset: whole('offset', 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

/** Writes each row as one line of JSON; returns how many. */
export function writeJsonLines(io: CliIo, rows: Iterable<unknown>): number {
  let count = 0;
  for (const row of rows) {
    io.out(JSON.stringify(row));
    count += 1;
  }
  return count;
}

/**
 * Every row of a paged list, page after page (each page a query of its own, read as the rows are
 * consumed), until a page comes back short.
 */
export function* everyRow<T>(
  page: (offset: number, limit: number) => { rows: T[] },
  pageSize = 1000,
): Generator<T> {
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = page(offset, pageSize);
    yield* rows;
    if (rows.length < pageSize) return;
  }
}

/** Rows to read: no limit with `--all` (refused with `--limit`), else the command's `--limit`. */
export function allOrCount(values: Record<string, unknown>, limit: () => number): number {
  if (values.all !== true) return limit();
  if (values.limit !== undefined) throw new UsageError('--all lists every row: leave out --limit.');
  return Number.MAX_SAFE_INTEGER;
}
