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

/** How a call that got no answer failed, in the words the admin and the sync log see. */
export interface NetworkProblem {
  kind: 'network' | 'timeout';
  /** A few words for the sync log's list of failed attempts. */
  brief: string;
  message: string;
  action: string;
}

/**
 * One sentence per way the network can fail, each naming what to do: the app reaches the ATS
 * through the operating system's proxy settings and trust store, the command line through
 * `HTTPS_PROXY`/`NO_PROXY` and `NODE_EXTRA_CA_CERTS`. Nothing secret goes in: the ATS's name, its
 * host and the error code only (never a proxy address, which may carry a password).
 */
export function describeNetworkProblem(
  code: string,
  where: { provider: string; host: string },
  proxyStatus: number | null = null,
): NetworkProblem {
  const { provider: ats, host } = where;
  const unreachable = (brief: string, action = networkAction(ats)): NetworkProblem => ({
    kind: 'network',
    brief,
    message: `Could not reach ${ats} at ${host} (${brief}).`,
    action,
  });
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return {
      kind: 'network',
      brief: 'certificate not trusted',
      message: `This computer does not trust the certificate that answered for ${ats} at ${host} (${codeWords(code)}); on a company network this usually means the network inspects encrypted traffic with its own company certificate.`,
      action:
        "Ask IT for the company's root certificate: the app trusts it once it is installed in the operating system's trust store, the command line once NODE_EXTRA_CA_CERTS names its PEM file. On any other network, stop: the connection may be intercepted.",
    };
  }
  if (INVALID_CERTIFICATE.has(code)) {
    return {
      kind: 'network',
      brief: 'certificate not valid',
      message: `The certificate that answered for ${ats} at ${host} is not valid for it (${codeWords(code)}).`,
      action: `Check that this computer's date and time are right. On a company network that inspects encrypted traffic, ask IT to fix the certificate its proxy presents for ${host}; on any other network, stop: the connection may be intercepted.`,
    };
  }
  switch (code) {
    case 'ETIMEDOUT':
      return {
        kind: 'timeout',
        brief: 'timed out',
        message: `${ats} (${host}) did not answer in time.`,
        action: networkAction(ats),
      };
    case 'ECONNREFUSED':
      return unreachable('connection refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        kind: 'network',
        brief: 'the address could not be resolved; are you offline?',
        message: `Could not reach ${ats}: this computer could not look up ${host} (DNS).`,
        action: `Check that this computer is online (and the VPN connected, if you use one). If ${ats} opens in your browser, this network may reach it only through a proxy: the app uses the operating system's proxy settings; on the command line, set HTTPS_PROXY (and NO_PROXY for hosts that bypass it).`,
      };
    case 'ERR_PROXY_AUTH':
      return {
        kind: 'network',
        brief: 'the proxy asks for credentials (HTTP 407)',
        message: `The proxy between this computer and ${ats} refused to connect to ${host} without credentials (HTTP 407).`,
        action:
          "In the app, sign in to the proxy in the operating system's network settings or ask IT; on the command line, put the proxy user and password in HTTPS_PROXY (http://user:password@proxy:port).",
      };
    case 'ERR_PROXY_REFUSED': {
      const status = proxyStatus ? ` (HTTP ${proxyStatus})` : '';
      return {
        kind: 'network',
        brief: `the proxy refused the connection${status}`,
        message: `The proxy between this computer and ${ats} refused to connect to ${host}${status}.`,
        action: `Ask IT to allow ${host} through the proxy, then try again.`,
      };
    }
    case 'ERR_PROXY_UNREACHABLE':
      return {
        kind: 'network',
        brief: 'the proxy did not answer',
        message: `Could not reach ${ats}: the proxy this computer is set to use did not answer.`,
        action:
          "Check the proxy settings (the operating system's for the app, HTTPS_PROXY on the command line) or ask IT.",
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return unreachable('the connection was dropped');
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return unreachable('no network route; are you offline?');
    default:
      return unreachable(codeWords(code));
  }
}

/**
 * Failures that trying again in a few seconds cannot fix (a certificate, a proxy's refusal): the
 * call ends at once with its sentence instead of retrying for a minute first.
 */
export function isLastingNetworkFailure(code: string): boolean {
  return (
    UNTRUSTED_CERTIFICATE.has(code) ||
    INVALID_CERTIFICATE.has(code) ||
    code === 'ERR_PROXY_AUTH' ||
    code === 'ERR_PROXY_REFUSED'
  );
}

/** TLS codes for a certificate whose issuer this computer does not trust. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);

/** TLS codes for a certificate that is trusted but wrong here: another name, out of date. */
const INVALID_CERTIFICATE = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

function codeWords(code: string): string {
  return code.toLowerCase().replace(/^err_/, '').replace(/_/g, ' ');
}

function networkAction(ats: string): string {
  return `Check your internet connection, VPN or proxy, then try again. If ${ats} works in your browser, its API host may be blocked on this network.`;
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
      return networkAction(ats);
    case 'bad_response':
      return `Try again. If it keeps happening, ${ats} may be changing its API; export the sync log and send it to your Kula contact.`;
    case 'cancelled':
      return 'Start it again when you are ready; it resumes where it stopped.';
  }
}
