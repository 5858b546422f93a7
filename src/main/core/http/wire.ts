/**
 * One HTTP attempt as the client hands it to the transport, what comes back, and the fetch
 * function the host supplies: Electron's `net.fetch` in the app (the OS proxy, PAC and trust
 * store), undici's `fetch` with the environment's proxy in the CLI and the tests. The types are
 * the few parts of WHATWG fetch the console uses, so either host's function fits.
 */

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  /** A JSON text, a multipart form, or a form-encoded body (OAuth token requests). */
  body?: string | FormData | URLSearchParams;
  signal: AbortSignal;
  /** A redirect is an answer the client reads (and refuses), never followed. */
  redirect: 'manual';
}

export interface FetchResponse {
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  /** A web `ReadableStream` (both are async-iterable), or a Node stream. */
  body: AsyncIterable<Uint8Array> | null;
}

export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | FormData | URLSearchParams;
  /** Per attempt: the answer must keep coming at least this often. */
  timeoutMs: number;
  signal?: AbortSignal;
  maxContentLength: number;
}

export interface WireResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent, unpacked when it was compressed. */
  bytes: Buffer;
}

/**
 * An attempt that got no complete answer. `code` is a Node network code (`ECONNREFUSED`,
 * `ECONNRESET`, `ENOTFOUND`, a TLS certificate code such as `SELF_SIGNED_CERT_IN_CHAIN`, …),
 * `ETIMEDOUT`, `ERR_CANCELED`, `ERR_BAD_RESPONSE` (an answer over the size limit), or a proxy's
 * refusal: `ERR_PROXY_AUTH` (407) or `ERR_PROXY_REFUSED` (any other status, in `proxyStatus`).
 * Errors of Electron's network stack (`net::ERR_…`) are translated to the same codes.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly proxyStatus: number | null = null,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
