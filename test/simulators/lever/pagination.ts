import crypto from 'node:crypto';

/**
 * Lever's list pagination: `limit` 1–100 (default 100), and an opaque `offset`
 * token that only ever comes from a previous response's `next`. Tokens are keyset positions (the
 * last item's sort key and id), so records created or deleted between pages never shift a page.
 *
 * Two token styles, as Lever shows both: opportunities use the recorded URL-encoded JSON array
 * (`%5B3%2C1491435120000%2C%22…%22%5D`), other lists the documented dotted form
 * (`0.1414895548650.a6070140-…`). Clients pass the token back verbatim (their HTTP library
 * encodes it once more) or once-decoded; both are accepted. A token from another query (other
 * filters) or from before `invalidate()` is refused with Lever's "Invalid offset token" message.
 * See docs/lever.md.
 */
export type TokenStyle = 'json' | 'dotted';

export class InvalidOffsetError extends Error {}
export class BadLimitError extends Error {}

export interface SortKey {
  key: number;
  id: string;
}

export interface PageInput<T> {
  /** Sorted in list order. */
  items: readonly T[];
  sortKey(item: T): SortKey;
  /** Keys run high to low (ids always ascending within one key). */
  descending: boolean;
  matches(item: T): boolean;
  limit: string | undefined;
  offset: string | undefined;
  /** Identifies the query (resource and filters), so a token cannot be replayed elsewhere. */
  querySignature: string;
  style: TokenStyle;
}

export interface PageOutput<T> {
  data: T[];
  hasNext: boolean;
  next?: string;
}

export class Paginator {
  private generation = 0;

  /** Makes every outstanding token invalid (as a Lever deploy or sort change would). */
  invalidate(): void {
    this.generation += 1;
  }

  /** Changes whenever `invalidate()` is called. */
  get epoch(): number {
    return this.generation;
  }

  page<T>(input: PageInput<T>): PageOutput<T> {
    const limit = parseLimit(input.limit);
    const sort = this.sortCode(input.querySignature);
    let start = 0;
    if (input.offset !== undefined && input.offset !== '') {
      const position = decodeToken(input.offset, input.style);
      if (position.sort !== sort) {
        throw new InvalidOffsetError('Invalid offset token: Offset token is invalid for sort');
      }
      start = firstAfter(input.items, input.sortKey, input.descending, position);
    }
    const data: T[] = [];
    let index = start;
    for (; index < input.items.length && data.length < limit; index += 1) {
      const item = input.items[index] as T;
      if (input.matches(item)) data.push(item);
    }
    // Look ahead for one more match, so the last page says hasNext:false and carries no `next`.
    let more = false;
    for (let ahead = index; ahead < input.items.length; ahead += 1) {
      if (input.matches(input.items[ahead] as T)) {
        more = true;
        break;
      }
    }
    if (!more || data.length === 0) return { data, hasNext: false };
    const last = input.sortKey(data[data.length - 1] as T);
    return { data, hasNext: true, next: encodeToken({ sort, ...last }, input.style) };
  }

  private sortCode(signature: string): number {
    const digest = crypto.createHash('sha1').update(`${this.generation}|${signature}`).digest();
    return digest.readUInt16BE(0) % 1000;
  }
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 100;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new BadLimitError(`Invalid limit "${raw}": limit must be an integer from 1 to 100`);
  }
  return value;
}

interface Position extends SortKey {
  sort: number;
}

function encodeToken(position: Position, style: TokenStyle): string {
  if (style === 'json') {
    return encodeURIComponent(JSON.stringify([position.sort, position.key, position.id]));
  }
  return `${position.sort}.${position.key}.${position.id}`;
}

function decodeToken(raw: string, style: TokenStyle): Position {
  const malformed = () => new InvalidOffsetError('Invalid offset token: Offset token is malformed');
  if (style === 'json') {
    // As given (`%5B…`) or once-decoded (`[…`).
    let text = raw;
    if (text.startsWith('%')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        throw malformed();
      }
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw malformed();
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 3 ||
      typeof parsed[0] !== 'number' ||
      typeof parsed[1] !== 'number' ||
      typeof parsed[2] !== 'string'
    ) {
      throw malformed();
    }
    return { sort: parsed[0], key: parsed[1], id: parsed[2] };
  }
  const match = /^(\d+)\.(-?\d+)\.(.+)$/.exec(raw);
  if (!match) throw malformed();
  return { sort: Number(match[1]), key: Number(match[2]), id: match[3] as string };
}

/** Index of the first item strictly after the position, by binary search. */
function firstAfter<T>(
  items: readonly T[],
  sortKey: (item: T) => SortKey,
  descending: boolean,
  position: SortKey,
): number {
  const after = (item: T): boolean => {
    const { key, id } = sortKey(item);
    if (key !== position.key) return descending ? key < position.key : key > position.key;
    return id > position.id;
  };
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(items[middle] as T)) high = middle;
    else low = middle + 1;
  }
  return low;
}
