/**
 * Harvest v3 list parameters: `per_page` (1–500, default 100), comma lists of at most 50 ids,
 * date filters with a pipe (`updated_at=gte|2024-01-01T00:00:00Z`, and the two-sided
 * `gte|A|lte|B` behind a switch), never `created_at` with `updated_at`, and a cursor that must
 * travel alone and carries every original parameter (see docs/greenhouse.md).
 */

export class UnprocessableError extends Error {
  constructor(readonly errors: unknown[]) {
    super(JSON.stringify(errors));
  }
}

export type DateOp = 'gte' | 'lte' | 'gt' | 'lt';
export interface DateBound {
  op: DateOp;
  ms: number;
}

export interface QueryRules {
  /** Accept the two-sided `gte|A|lte|B` form (used in production by some; undocumented to others). */
  twoSidedDates: boolean;
}

/** Parameters every list takes besides its own. */
const COMMON = new Set(['per_page', 'ids', 'created_at', 'updated_at', 'fields']);
const OPS = new Set(['gte', 'lte', 'gt', 'lt']);

export interface ListParams {
  perPage: number;
  values: Map<string, string>;
  dates: Map<string, DateBound[]>;
  ids: Map<string, Set<number>>;
  fields: string[] | null;
}

export function parseListParams(
  raw: URLSearchParams,
  own: ReadonlySet<string>,
  dateParams: ReadonlySet<string>,
  rules: QueryRules,
): ListParams {
  const values = new Map<string, string>();
  for (const [key, value] of raw) {
    if (!COMMON.has(key) && !own.has(key) && !dateParams.has(key)) {
      throw new UnprocessableError([`Unknown parameter: ${key}`]);
    }
    values.set(key, value);
  }
  const perPageText = values.get('per_page');
  let perPage = 100;
  if (perPageText !== undefined) {
    perPage = Number(perPageText);
    if (!Number.isInteger(perPage)) {
      throw new UnprocessableError([{ per_page: `\`${perPageText}\` is not an integer` }]);
    }
    if (perPage > 500) {
      throw new UnprocessableError([{ per_page: `\`${perPage}\` number is greater than: 500` }]);
    }
    if (perPage < 1) {
      throw new UnprocessableError([{ per_page: `\`${perPage}\` number is less than: 1` }]);
    }
  }
  if (values.has('created_at') && values.has('updated_at')) {
    throw new UnprocessableError(['Do not pass created_at and updated_at together.']);
  }
  const dates = new Map<string, DateBound[]>();
  for (const key of ['created_at', 'updated_at', ...dateParams]) {
    const text = values.get(key);
    if (text !== undefined) dates.set(key, parseDate(key, text, rules));
  }
  const ids = new Map<string, Set<number>>();
  for (const [key, value] of values) {
    if (key !== 'ids' && !key.endsWith('_ids')) continue;
    const parts = value.split(',').filter(Boolean);
    if (parts.length > 50) {
      throw new UnprocessableError([{ [key]: 'no more than 50 ids may be given' }]);
    }
    if (parts.some((part) => !/^\d+$/.test(part))) {
      throw new UnprocessableError([{ [key]: 'must be a comma-separated list of integers' }]);
    }
    ids.set(key, new Set(parts.map(Number)));
  }
  const fieldsText = values.get('fields');
  const fields = fieldsText ? fieldsText.split(',').filter(Boolean) : null;
  if (fields && fields.length > 50) {
    throw new UnprocessableError([{ fields: 'no more than 50 fields may be given' }]);
  }
  return { perPage, values, dates, ids, fields };
}

function parseDate(key: string, text: string, rules: QueryRules): DateBound[] {
  const parts = text.split('|');
  if (parts.length !== 2 && parts.length !== 4) {
    throw new UnprocessableError([{ [key]: `\`${text}\` is not a valid date filter` }]);
  }
  if (parts.length === 4 && !rules.twoSidedDates) {
    throw new UnprocessableError([{ [key]: `\`${text}\` is not a valid date filter` }]);
  }
  const bounds: DateBound[] = [];
  for (let index = 0; index < parts.length; index += 2) {
    const op = parts[index]!;
    const ms = Date.parse(parts[index + 1]!);
    if (!OPS.has(op) || Number.isNaN(ms)) {
      throw new UnprocessableError([{ [key]: `\`${text}\` is not a valid date filter` }]);
    }
    bounds.push({ op: op as DateOp, ms });
  }
  return bounds;
}

export function dateMatches(iso: string | null, bounds: DateBound[] | undefined): boolean {
  if (!bounds) return true;
  if (iso === null) return false;
  const ms = Date.parse(iso);
  return bounds.every(({ op, ms: bound }) =>
    op === 'gte' ? ms >= bound : op === 'lte' ? ms <= bound : op === 'gt' ? ms > bound : ms < bound,
  );
}

export function boolParam(params: ListParams, key: string): boolean | null {
  const value = params.values.get(key);
  if (value === undefined) return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UnprocessableError([{ [key]: `\`${value}\` is not a boolean` }]);
}

/** What a cursor carries: the list, its original query and where the next page starts. */
export interface CursorState {
  resource: string;
  query: string;
  /** The next page holds ids below this one (lists are id-descending). */
  below: number;
  issuedAt: number;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(text: string): CursorState | null {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorState;
    if (
      typeof value.resource === 'string' &&
      typeof value.query === 'string' &&
      typeof value.below === 'number' &&
      typeof value.issuedAt === 'number'
    ) {
      return value;
    }
    return null;
  } catch {
    return null;
  }
}
