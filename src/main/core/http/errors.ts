import type { ErrorCode } from '../../../shared/ipc/result';
import { ConsoleError } from '../errors';

/**
 * Why a call to an ATS failed, independent of the ATS. Providers map their envelopes (Ashby's
 * HTTP 200 `success:false`, Lever's HTTP status + `code`) onto these kinds; the sync engine and
 * the UI branch on the kind, never on a provider's own code.
 */
export const ATS_ERROR_KINDS = [
  /** The credential was refused: wrong, revoked, expired. The admin must reconnect. */
  'auth',
  /** The credential works but lacks a permission (Ashby `missing_endpoint_permission`). */
  'permission',
  'not_found',
  /** The ATS refused the request's content (validation, conflict, expired cursor or token). */
  'rejected',
  'rate_limited',
  /** 5xx, maintenance, gateway errors. */
  'unavailable',
  /** DNS, refused, reset, offline. */
  'network',
  'timeout',
  /** An answer the console cannot read (malformed or truncated JSON, unexpected shape). */
  'bad_response',
  'cancelled',
] as const;
export type AtsErrorKind = (typeof ATS_ERROR_KINDS)[number];

const CODE_FOR_KIND: Record<AtsErrorKind, ErrorCode> = {
  auth: 'AUTH_FAILED',
  permission: 'PERMISSION_MISSING',
  not_found: 'NOT_FOUND',
  rejected: 'ATS_REJECTED',
  rate_limited: 'RATE_LIMITED',
  unavailable: 'ATS_UNAVAILABLE',
  network: 'NETWORK',
  timeout: 'NETWORK',
  bad_response: 'ATS_BAD_RESPONSE',
  cancelled: 'CANCELLED',
};

export interface AtsApiErrorInit {
  kind: AtsErrorKind;
  /** The ATS's name for the admin, e.g. "Ashby". */
  provider: string;
  message: string;
  action?: string;
  /** The ATS's own error code, e.g. `sync_token_expired`. */
  providerCode?: string | null;
  status?: number | null;
  requestId?: string | null;
  /** `METHOD /path` of the call. */
  endpoint: string;
  attempts?: number;
  retryAfterMs?: number | null;
}

/** A failed ATS call, after the HTTP layer's own retries. Message and action are admin-facing. */
export class AtsApiError extends ConsoleError {
  readonly kind: AtsErrorKind;
  readonly provider: string;
  readonly providerCode: string | null;
  readonly status: number | null;
  readonly requestId: string | null;
  readonly endpoint: string;
  readonly attempts: number;
  readonly retryAfterMs: number | null;

  constructor(init: AtsApiErrorInit) {
    super(CODE_FOR_KIND[init.kind], init.message, init.action ?? defaultAction(init));
    this.name = 'AtsApiError';
    this.kind = init.kind;
    this.provider = init.provider;
    this.providerCode = init.providerCode ?? null;
    this.status = init.status ?? null;
    this.requestId = init.requestId ?? null;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /** Would trying again later (not right now, in a loop) plausibly succeed? */
  get retryable(): boolean {
    return (
      this.kind === 'rate_limited' ||
      this.kind === 'unavailable' ||
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      this.kind === 'bad_response'
    );
  }
}

export function isAtsApiError(value: unknown): value is AtsApiError {
  return value instanceof AtsApiError;
}

function defaultAction(init: AtsApiErrorInit): string {
  const ats = init.provider;
  switch (init.kind) {
    case 'auth':
      return `Reconnect ${ats} with a valid credential from the Connections page.`;
    case 'permission':
      return `Ask a ${ats} admin to grant the missing permission to the console's credential, then check the connection again.`;
    case 'not_found':
      return `Sync again to refresh the cached ${ats} data.`;
    case 'rejected':
      return 'Check the values involved; if they look right, export the sync log and send it to your Kula contact.';
    case 'rate_limited':
      return `${ats} asked the console to slow down. Wait a few minutes and sync again.`;
    case 'unavailable':
      return `${ats} is having trouble right now. Try again in a few minutes.`;
    case 'network':
    case 'timeout':
      return `Check your internet connection, VPN or proxy, then try again. If ${ats} works in your browser, its API host may be blocked on this network.`;
    case 'bad_response':
      return `Try again. If it keeps happening, ${ats} may be changing its API; export the sync log and send it to your Kula contact.`;
    case 'cancelled':
      return 'Start it again when you are ready; it resumes where it stopped.';
  }
}
