import type { ListEnvelope } from './payloads';

/** Query pairs: Lever repeats a key for several values (`distributionChannel=a&distributionChannel=b`). */
export type LeverQuery = ReadonlyArray<readonly [string, string]>;

export interface LeverListPage {
  envelope: ListEnvelope;
  /** The server's clock when it answered (the `Date` header), epoch ms; null when absent. */
  serverTime: number | null;
}

/**
 * What the Lever provider needs from HTTP: authenticated, rate-limited, retried GETs that return
 * Lever's envelopes or throw `AtsApiError`. `http-api.ts` implements it on the shared HTTP layer.
 */
export interface LeverApi {
  list(path: string, query: LeverQuery, signal?: AbortSignal): Promise<LeverListPage>;
  get(path: string, query: LeverQuery, signal?: AbortSignal): Promise<unknown>;
  /**
   * A write (POST/PUT) with a JSON or multipart body. Never blind-retried once Lever may have run
   * it (the HTTP layer's write safety); returns the parsed answer.
   */
  send(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    query: LeverQuery,
    body: { json: unknown } | { form: FormData },
    signal?: AbortSignal,
  ): Promise<unknown>;
  close(): void;
}

/** Lever's own error code for a stale or foreign `offset` (contract §3.2). */
export const INVALID_OFFSET = 'invalid_offset_token';
