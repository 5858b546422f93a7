import type http from 'node:http';
import type https from 'node:https';

/** One HTTP attempt as the client hands it to the transport, and what comes back. */

export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** A JSON text, or a multipart form. */
  body?: string | FormData;
  /** Per attempt: the answer must keep coming at least this often. */
  timeoutMs: number;
  signal?: AbortSignal;
  maxContentLength: number;
  agents: { http: http.Agent; https: https.Agent };
  /** False for a loopback sandbox, which never goes through a corporate proxy. */
  proxyAllowed: boolean;
}

export interface WireResponse {
  status: number;
  /** Lower-case names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent, unpacked when it was compressed. */
  bytes: Buffer;
}

/**
 * An attempt that got no complete answer. `code` is Node's network code (`ECONNREFUSED`,
 * `ECONNRESET`, …), `ETIMEDOUT`, `ERR_CANCELED`, `ERR_BAD_RESPONSE` (an answer over the size limit)
 * or, through axios, one of axios's codes.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
