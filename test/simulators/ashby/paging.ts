import crypto from 'node:crypto';
import type { ChangeEntity } from './tenant';

/**
 * Ashby's pagination and incremental sync: opaque cursors that expire, a `syncToken` on the last
 * page of every pass, incremental passes that return the records changed since the token, and the
 * documented errors (`next_cursor_expired`, `invalid_next_cursor`, `sync_token_expired`,
 * `sync_token_invalid`, `incremental_sync_too_large`). See docs/ashby.md.
 *
 * Cursors and tokens are signed base64url JSON: opaque to the client, tamper-evident, and
 * expirable by age or by a test hook that bumps their epoch.
 */

export interface PagingOptions {
  /** Cursor lifetime; `next_cursor_expired` after it. */
  cursorTtlMs: number;
  /** Sync token lifetime; `sync_token_expired` after it. */
  syncTokenTtlMs: number;
  /** More changes than this since a token → `incremental_sync_too_large`. */
  incrementalCap: number;
}

export type PagingError =
  | 'next_cursor_expired'
  | 'invalid_next_cursor'
  | 'sync_token_expired'
  | 'sync_token_invalid'
  | 'incremental_sync_too_large'
  | 'invalid_input';

interface CursorState {
  /** Entity (endpoint) the cursor belongs to. */
  e: string;
  m: 'full' | 'inc';
  /** Next index (full) or next change-log position (incremental). */
  p: number;
  /** Incremental: changes after this sequence… */
  from: number;
  /** …up to this one (the tenant's sequence when the pass began; the next token). */
  to: number;
  /** Fingerprint of the request's filters: a cursor only continues the same query. */
  f: string;
  ep: number;
  t: number;
}

interface TokenState {
  e: string;
  s: number;
  ep: number;
  t: number;
}

export interface Listable<T> {
  entity: ChangeEntity | string;
  /** Number of index slots (records may be missing at some). */
  total(): number;
  /** The record at an index as this caller may see it, or null (deleted, hidden, filtered). */
  get(index: number): T | null;
  seqOf(item: T): number;
  /** The change log of the entity, for incremental passes; absent when unsupported. */
  changes?: ReadonlyArray<{ seq: number; index: number }>;
}

export interface ListRequest {
  cursor?: unknown;
  syncToken?: unknown;
  limit?: unknown;
}

export type ListOutcome<T> =
  | {
      ok: true;
      results: T[];
      moreDataAvailable: boolean;
      nextCursor?: string;
      syncToken?: string;
    }
  | { ok: false; code: PagingError; message: string };

export class Paging {
  cursorEpoch = 0;
  tokenEpoch = 0;
  private readonly secret: Buffer;

  constructor(
    readonly options: PagingOptions,
    seed: number,
    private readonly now: () => number = Date.now,
  ) {
    this.secret = crypto.createHash('sha256').update(`ashby-sim-${seed}`).digest();
  }

  /** Test hook: every cursor handed out so far is expired. */
  expireCursors(): void {
    this.cursorEpoch++;
  }

  /** Test hook: every sync token handed out so far is expired. */
  expireSyncTokens(): void {
    this.tokenEpoch++;
  }

  encodeToken(entity: string, seq: number): string {
    return this.seal({
      e: entity,
      s: seq,
      ep: this.tokenEpoch,
      t: this.now(),
    } satisfies TokenState);
  }

  list<T>(
    listable: Listable<T>,
    request: ListRequest,
    currentSeq: number,
    filterKey = '',
  ): ListOutcome<T> {
    const limit = request.limit ?? 100;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      return {
        ok: false,
        code: 'invalid_input',
        message: 'limit: Invalid input: expected an integer between 1 and 100',
      };
    }
    let state: CursorState;
    if (request.cursor !== undefined && request.cursor !== null) {
      const decoded = this.openCursor(request.cursor, listable.entity, filterKey);
      if (!decoded.ok) return decoded;
      state = decoded.state;
    } else if (request.syncToken !== undefined && request.syncToken !== null) {
      if (!listable.changes) {
        return {
          ok: false,
          code: 'invalid_input',
          message: 'syncToken is not supported by this endpoint',
        };
      }
      const token = this.openToken(request.syncToken, listable.entity);
      if (!token.ok) return token;
      const start = firstAfter(listable.changes, token.seq);
      if (listable.changes.length - start > this.options.incrementalCap) {
        return {
          ok: false,
          code: 'incremental_sync_too_large',
          message:
            'Too many records changed since this sync token was issued. Run a full sync without a syncToken.',
        };
      }
      state = {
        e: listable.entity,
        m: 'inc',
        p: start,
        from: token.seq,
        to: currentSeq,
        f: filterKey,
        ep: this.cursorEpoch,
        t: this.now(),
      };
    } else {
      state = {
        e: listable.entity,
        m: 'full',
        p: 0,
        from: 0,
        to: currentSeq,
        f: filterKey,
        ep: this.cursorEpoch,
        t: this.now(),
      };
    }

    const results: T[] = [];
    let position = state.p;
    let done: boolean;
    if (state.m === 'full') {
      const total = listable.total();
      while (results.length < limit && position < total) {
        const item = listable.get(position++);
        if (item !== null) results.push(item);
      }
      done = position >= listable.total();
    } else {
      const changes = listable.changes ?? [];
      while (results.length < limit && position < changes.length) {
        const change = changes[position]!;
        if (change.seq > state.to) break;
        position++;
        const item = listable.get(change.index);
        // Only a record's latest change counts; earlier entries of it are superseded.
        if (item !== null && listable.seqOf(item) === change.seq) results.push(item);
      }
      done = position >= changes.length || changes[position]!.seq > state.to;
    }
    if (done) {
      return listable.changes
        ? {
            ok: true,
            results,
            moreDataAvailable: false,
            syncToken: this.encodeToken(listable.entity, state.to),
          }
        : { ok: true, results, moreDataAvailable: false };
    }
    return {
      ok: true,
      results,
      moreDataAvailable: true,
      nextCursor: this.seal({ ...state, p: position, ep: this.cursorEpoch, t: this.now() }),
    };
  }

  private openCursor(
    value: unknown,
    entity: string,
    filterKey: string,
  ): { ok: true; state: CursorState } | { ok: false; code: PagingError; message: string } {
    const state = this.unseal<CursorState>(value);
    if (!state || state.e !== entity || state.f !== filterKey) {
      return {
        ok: false,
        code: 'invalid_next_cursor',
        message:
          'The cursor could not be decoded. Restart pagination without a cursor, using the same request body.',
      };
    }
    if (state.ep !== this.cursorEpoch || this.now() - state.t > this.options.cursorTtlMs) {
      return {
        ok: false,
        code: 'next_cursor_expired',
        message:
          'The cursor has expired because pages were fetched too slowly. Restart pagination from the first page.',
      };
    }
    return { ok: true, state };
  }

  private openToken(
    value: unknown,
    entity: string,
  ): { ok: true; seq: number } | { ok: false; code: PagingError; message: string } {
    const state = this.unseal<TokenState>(value);
    if (!state || state.e !== entity) {
      return {
        ok: false,
        code: 'sync_token_invalid',
        message: 'The sync token could not be decoded. Run a full sync without a syncToken.',
      };
    }
    if (state.ep !== this.tokenEpoch || this.now() - state.t > this.options.syncTokenTtlMs) {
      return {
        ok: false,
        code: 'sync_token_expired',
        message: 'The sync token has expired. Run a full sync without a syncToken.',
      };
    }
    return { ok: true, seq: state.s };
  }

  private seal(state: object): string {
    const body = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  private unseal<T>(value: unknown): T | null {
    if (typeof value !== 'string' || value.length > 2000) return null;
    const [body, signature, extra] = value.split('.');
    if (!body || !signature || extra !== undefined || this.sign(body) !== signature) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return crypto.createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 12);
  }
}

/** First position in a sequence-ordered change log whose seq is above `seq`. */
function firstAfter(changes: ReadonlyArray<{ seq: number }>, seq: number): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (changes[mid]!.seq > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
