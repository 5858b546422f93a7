import { z } from 'zod';
import { ConsoleError } from '../errors';
import { describeNetworkProblem } from '../http/errors';
import { send } from '../http/transport';
import { TransportError, type FetchFunction, type WireResponse } from '../http/wire';

/**
 * The OAuth token endpoint, for the code exchange and refreshes: form-encoded POSTs with the client
 * secret in the body, as Lever documents. Never retried here: a refresh whose answer was lost may
 * already have rotated the refresh token on the server, and sending the old one again looks like
 * a stolen token to a strict server, which then revokes the authorization. The caller decides what
 * a failure means. See docs/security.md and docs/lever.md.
 */
export interface TokenEndpoint {
  tokenUrl: string;
  /** The host's fetch, the same way out as the ATS's API calls (proxy, trusted certificates). */
  fetch: FetchFunction;
  clientId: string;
  clientSecret: string;
  /** The ATS's name in messages, e.g. "Lever". */
  providerLabel: string;
}

export interface TokenSet {
  accessToken: string;
  /** Null when the server sent none (then the caller keeps the one it has). */
  refreshToken: string | null;
  /** Epoch ms. */
  expiresAt: number;
  /** Granted scopes, when the server said. */
  scopes: string[] | null;
}

/** The token endpoint refused the request with an OAuth error code. */
export class OAuthTokenError extends ConsoleError {
  constructor(
    readonly oauthCode: string,
    readonly status: number,
    message: string,
    action: string,
  ) {
    super(
      oauthCode === 'invalid_grant' || oauthCode === 'invalid_client'
        ? 'NEEDS_REAUTH'
        : 'ATS_REJECTED',
      message,
      action,
    );
    this.name = 'OAuthTokenError';
  }
}

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

const ErrorResponse = z.object({
  error: z.string().min(1),
  error_description: z.string().optional(),
});

export function exchangeCode(
  endpoint: TokenEndpoint,
  grant: { code: string; redirectUri: string; codeVerifier: string | null },
  now: number,
  signal?: AbortSignal,
): Promise<TokenSet> {
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
  };
  if (grant.codeVerifier) form.code_verifier = grant.codeVerifier;
  return postForm(endpoint, form, now, signal);
}

export function refreshTokens(
  endpoint: TokenEndpoint,
  refreshToken: string,
  now: number,
  signal?: AbortSignal,
): Promise<TokenSet> {
  return postForm(
    endpoint,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    now,
    signal,
  );
}

async function postForm(
  endpoint: TokenEndpoint,
  fields: Record<string, string>,
  now: number,
  signal?: AbortSignal,
): Promise<TokenSet> {
  const ats = endpoint.providerLabel;
  const url = new URL(endpoint.tokenUrl);
  let response: WireResponse;
  try {
    response = await send(endpoint.fetch, {
      method: 'POST',
      url,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({
        ...fields,
        client_id: endpoint.clientId,
        client_secret: endpoint.clientSecret,
      }),
      timeoutMs: 30_000,
      ...(signal ? { signal } : {}),
      maxContentLength: 1024 * 1024,
    });
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    if (error.code === 'ERR_CANCELED') {
      throw new ConsoleError(
        'CANCELLED',
        `Talking to ${ats}'s sign-in service was cancelled.`,
        'Try again when you are ready.',
      );
    }
    const problem = describeNetworkProblem(
      error.code,
      { provider: `${ats}'s sign-in service`, host: url.host },
      error.proxyStatus,
    );
    throw new ConsoleError('NETWORK', problem.message, `${problem.action} Nothing was changed.`);
  }
  const parsedJson = safeJson(response.bytes.toString('utf8'));
  if (response.status >= 200 && response.status < 300) {
    const ok = TokenResponse.safeParse(parsedJson);
    if (!ok.success) {
      throw new ConsoleError(
        'ATS_BAD_RESPONSE',
        `${ats}'s sign-in service answered with something the console cannot read (no access token).`,
        'Try again. If it keeps happening, export the sync log and send it to your Kula contact.',
      );
    }
    return {
      accessToken: ok.data.access_token,
      refreshToken: ok.data.refresh_token ?? null,
      // Without expires_in, assume an hour (Lever's documented lifetime) rather than forever.
      expiresAt: now + (ok.data.expires_in ?? 3600) * 1000,
      scopes: ok.data.scope ? ok.data.scope.split(' ').filter(Boolean) : null,
    };
  }
  const failure = ErrorResponse.safeParse(parsedJson);
  if (!failure.success) {
    if (response.status >= 500) {
      throw new ConsoleError(
        'ATS_UNAVAILABLE',
        `${ats}'s sign-in service is having trouble (HTTP ${response.status}).`,
        'Try again in a few minutes. Nothing was changed.',
      );
    }
    throw new ConsoleError(
      'ATS_BAD_RESPONSE',
      `${ats}'s sign-in service refused the request (HTTP ${response.status}) without saying why.`,
      'Try again. If it keeps happening, reconnect from the Connections page.',
    );
  }
  const { error, error_description: description } = failure.data;
  const detail = description ? ` (${description})` : '';
  switch (error) {
    case 'invalid_grant':
      throw new OAuthTokenError(
        error,
        response.status,
        `${ats} no longer accepts the console's authorization${detail}: it was revoked in ${ats}, expired, or was already used.`,
        `Reconnect: sign in to ${ats} again from the Connections page. Cached data and queued changes are kept.`,
      );
    case 'invalid_client':
    case 'unauthorized_client':
      throw new OAuthTokenError(
        'invalid_client',
        response.status,
        `${ats} refused the OAuth app's client id or client secret${detail}.`,
        `Check the client id and secret of the ${ats} OAuth app (they change when ${ats} reissues them), then reconnect.`,
      );
    default:
      throw new OAuthTokenError(
        error,
        response.status,
        `${ats}'s sign-in service refused the request: ${error}${detail}.`,
        'Check the OAuth app settings (callback URL, scopes), then try again.',
      );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
