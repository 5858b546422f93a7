import type { CallbackAddress } from './callback-url';
import { startLoopbackReceiver } from './loopback-receiver';
import { createPkcePair, createState } from './pkce';
import { exchangeCode, type TokenEndpoint, type TokenSet } from './token-endpoint';

/**
 * The authorization-code flow of a desktop app (see docs/security.md): open the loopback listener,
 * send the admin's system browser (through the host's `openExternal`; never an embedded window,
 * whose page the app could read) to
 * the authorize URL with `state` and a PKCE S256 challenge, wait for the one redirect, check the
 * state, and exchange the code. Provider-neutral: the ATS supplies endpoints, scopes and extra
 * authorize parameters (Lever's `audience`).
 */
export interface AuthorizationRequest {
  authorizeUrl: string;
  endpoint: TokenEndpoint;
  scopes: readonly string[];
  extraParams?: Record<string, string>;
  callback: CallbackAddress;
  /** Send a PKCE challenge (harmless where the server ignores it). */
  pkce: boolean;
  timeoutMs: number;
  openExternal(url: string): Promise<void>;
  now(): number;
}

export interface PendingAuthorization {
  /** The URL the browser was sent to (the CLI prints it for a headless admin). */
  url: string;
  redirectUri: string;
  /** Waits for the redirect, checks `state`, exchanges the code. Rejects with a ConsoleError. */
  complete(signal?: AbortSignal): Promise<TokenSet & { redirectUri: string }>;
  /** Stops waiting; the listener closes and `complete` rejects as cancelled. */
  cancel(): void;
}

export async function beginAuthorization(
  request: AuthorizationRequest,
): Promise<PendingAuthorization> {
  const state = createState();
  const pkce = request.pkce ? createPkcePair() : null;
  const receiver = await startLoopbackReceiver({
    address: request.callback,
    expectedState: state,
    timeoutMs: request.timeoutMs,
    providerLabel: request.endpoint.providerLabel,
  });
  const url = new URL(request.authorizeUrl);
  const params: Record<string, string> = {
    client_id: request.endpoint.clientId,
    redirect_uri: receiver.redirectUri,
    response_type: 'code',
    state,
    scope: request.scopes.join(' '),
    ...request.extraParams,
  };
  if (pkce) {
    params.code_challenge = pkce.challenge;
    params.code_challenge_method = pkce.method;
  }
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  try {
    await request.openExternal(url.toString());
  } catch (error) {
    receiver.close();
    throw error;
  }
  return {
    url: url.toString(),
    redirectUri: receiver.redirectUri,
    async complete(signal) {
      const onAbort = () => receiver.close();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const code = await receiver.code;
        const tokens = await exchangeCode(
          request.endpoint,
          { code, redirectUri: receiver.redirectUri, codeVerifier: pkce?.verifier ?? null },
          request.now(),
          signal,
        );
        return { ...tokens, redirectUri: receiver.redirectUri };
      } finally {
        signal?.removeEventListener('abort', onAbort);
        receiver.close();
      }
    },
    cancel: () => receiver.close(),
  };
}
