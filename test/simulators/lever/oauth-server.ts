import crypto from 'node:crypto';
import type http from 'node:http';
import { readBody, sendJson } from '../common/http';
import type { LeverTenant, LeverUser } from './model';
import { LEVER_SCOPE_DESCRIPTIONS } from './scopes';

/**
 * Lever's OAuth server as a strict fake: `/authorize` renders a consent page with Accept and Deny,
 * `/oauth/token` exchanges codes and rotates refresh tokens. Strict where Lever is unconfirmed, to
 * catch clients that would break on the real thing: the redirect URI must match a registered one
 * exactly, a rotated-away refresh token is refused with `invalid_grant` and revokes the whole
 * authorization (RFC 9700 reuse detection), codes are single use. See docs/lever.md.
 */
export interface OAuthClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page. */
  name: string;
  redirectUris: string[];
  /** Accept any port on a registered loopback redirect, as desktop OAuth asks (Lever: unconfirmed). */
  loopbackAnyPort?: boolean;
}

export interface OAuthServerOptions {
  now: () => number;
  audience: string;
  issuer: string;
  accessTokenTtlSeconds?: number;
  /** Test switch: refresh responses without a new refresh token (some servers do that). */
  omitRefreshTokenOnRefresh?: boolean;
}

interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  revoked: boolean;
  currentRefreshToken: string | null;
  retiredRefreshTokens: Set<string>;
}

interface AccessToken {
  grantId: string;
  expiresAt: number;
}

interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: string[];
  codeChallenge: string | null;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
  grantId: string | null;
}

export interface TokenRequestRecord {
  at: number;
  grantType: string;
  clientId: string | null;
  outcome: 'ok' | string;
  /** Last characters of the refresh token presented, to tell rotations apart in assertions. */
  refreshTokenTail: string | null;
}

export type BearerCheck =
  | { ok: true; grantId: string; scopes: ReadonlySet<string>; userId: string }
  | { ok: false; message: string };

const CODE_TTL_MS = 10 * 60_000;

export class LeverOAuthServer {
  private readonly clients = new Map<string, OAuthClientRegistration>();
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly grantByRefreshToken = new Map<string, string>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly signingKey = crypto.randomBytes(32);
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly options: OAuthServerOptions;

  constructor(
    private readonly tenant: LeverTenant,
    options: OAuthServerOptions,
  ) {
    this.options = { accessTokenTtlSeconds: 3600, ...options };
  }

  registerClient(registration: OAuthClientRegistration): void {
    this.clients.set(registration.clientId, registration);
  }

  /** The Super Admin who signs in on the consent page. */
  get signedInUser(): LeverUser {
    return (
      this.tenant.users.find((user) => user.accessRole === 'super admin') ??
      (this.tenant.users[0] as LeverUser)
    );
  }

  // ── test hooks ────────────────────────────────────────────────────────────────────────────

  /** What a Super Admin's "Revoke Access" in Lever does: every token of the app stops working. */
  revokeClient(clientId: string): void {
    for (const grant of this.grants.values()) if (grant.clientId === clientId) grant.revoked = true;
  }

  /** Every access token issued so far expires now (refresh tokens keep working). */
  expireAccessTokens(): void {
    const now = this.options.now();
    for (const token of this.accessTokens.values()) token.expiresAt = now - 1;
  }

  /** Issues tokens without the browser, for tests that start from a connected state. */
  issueTokens(clientId: string, scopes: string[]): Record<string, unknown> {
    const grant = this.newGrant(clientId, scopes);
    return this.tokenResponse(grant, true);
  }

  activeGrants(clientId?: string): number {
    return [...this.grants.values()].filter(
      (grant) => !grant.revoked && (clientId === undefined || grant.clientId === clientId),
    ).length;
  }

  checkBearer(token: string): BearerCheck {
    const issued = this.accessTokens.get(token);
    if (!issued) return { ok: false, message: 'Invalid access token' };
    const grant = this.grants.get(issued.grantId);
    if (!grant || grant.revoked) return { ok: false, message: 'Access has been revoked' };
    if (issued.expiresAt <= this.options.now()) {
      return { ok: false, message: 'The access token has expired' };
    }
    return { ok: true, grantId: grant.id, scopes: new Set(grant.scopes), userId: grant.userId };
  }

  // ── /authorize ────────────────────────────────────────────────────────────────────────────

  handleAuthorize(res: http.ServerResponse, url: URL): void {
    const param = (name: string) => url.searchParams.get(name) ?? '';
    const clientId = param('client_id');
    const redirectUri = param('redirect_uri');
    const client = this.clients.get(clientId);
    // Without a known client and an exact registered redirect, never redirect anywhere.
    if (!client)
      return errorPage(res, 'Unknown client', `No application has the client id "${clientId}".`);
    if (!redirectUri || !this.redirectAllowed(client, redirectUri)) {
      return errorPage(
        res,
        'Callback URL mismatch',
        `The redirect_uri "${redirectUri}" is not one of the callback URLs registered for ${client.name}.`,
      );
    }
    const state = param('state');
    if (!state) return errorPage(res, 'Missing state', 'The request has no state parameter.');
    const redirectError = (error: string, description: string) =>
      redirect(res, redirectUri, { error, error_description: description, state });
    if (param('response_type') !== 'code') {
      return redirectError('unsupported_response_type', 'response_type must be code');
    }
    if (param('audience') !== this.options.audience) {
      return redirectError('invalid_request', `audience must be ${this.options.audience}`);
    }
    const scopes = param('scope').split(' ').filter(Boolean);
    if (scopes.length === 0) return redirectError('invalid_scope', 'scope is required');
    const unknown = scopes.filter((scope) => !(scope in LEVER_SCOPE_DESCRIPTIONS));
    if (unknown.length > 0)
      return redirectError('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
    const challenge = url.searchParams.get('code_challenge');
    const method = url.searchParams.get('code_challenge_method');
    if (challenge !== null && method !== 'S256') {
      return redirectError('invalid_request', 'code_challenge_method must be S256');
    }
    if (challenge !== null && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return redirectError('invalid_request', 'code_challenge is not a base64url SHA-256 digest');
    }
    const transaction = crypto.randomBytes(16).toString('hex');
    this.pending.set(transaction, {
      clientId,
      redirectUri,
      state,
      scopes,
      codeChallenge: challenge,
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      consentPage(client.name, this.tenant.accountName, this.signedInUser, scopes, transaction),
    );
  }

  async handleDecision(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const transaction = form.get('transaction') ?? '';
    const pending = this.pending.get(transaction);
    if (!pending)
      return errorPage(res, 'Request expired', 'Start the connection again from the console.');
    this.pending.delete(transaction);
    if (form.get('decision') !== 'accept') {
      return redirect(res, pending.redirectUri, {
        state: pending.state,
        error: 'access_denied',
        error_description: 'user_did_not_authorize_the_request',
      });
    }
    const code = crypto.randomBytes(18).toString('base64url');
    this.codes.set(code, {
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      scopes: pending.scopes,
      codeChallenge: pending.codeChallenge,
      expiresAt: this.options.now() + CODE_TTL_MS,
      used: false,
      grantId: null,
    });
    redirect(res, pending.redirectUri, { code, state: pending.state });
  }

  // ── /oauth/token ──────────────────────────────────────────────────────────────────────────

  async handleToken(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const record: TokenRequestRecord = {
      at: this.options.now(),
      grantType: '',
      clientId: null,
      outcome: 'ok',
      refreshTokenTail: null,
    };
    this.tokenRequests.push(record);
    const fail = (status: number, error: string, description: string) => {
      record.outcome = error;
      sendJson(
        res,
        status,
        { error, error_description: description },
        { 'cache-control': 'no-store' },
      );
    };
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return fail(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(body);
    record.grantType = form.get('grant_type') ?? '';
    const credentials = clientCredentials(req, form);
    record.clientId = credentials.clientId;
    const client = this.clients.get(credentials.clientId ?? '');
    if (!client || client.clientSecret !== credentials.clientSecret) {
      return fail(401, 'invalid_client', 'Client authentication failed');
    }

    if (record.grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.clientId !== client.clientId) {
        return fail(403, 'invalid_grant', 'Invalid authorization code');
      }
      if (code.used) {
        // A code used twice revokes what it granted, as OAuth servers should.
        if (code.grantId) this.revokeGrant(code.grantId);
        return fail(403, 'invalid_grant', 'Invalid authorization code');
      }
      code.used = true;
      if (code.expiresAt <= this.options.now()) {
        return fail(403, 'invalid_grant', 'Authorization code expired');
      }
      if (form.get('redirect_uri') !== code.redirectUri) {
        return fail(403, 'invalid_grant', 'redirect_uri does not match the authorization request');
      }
      if (code.codeChallenge !== null) {
        const verifier = form.get('code_verifier') ?? '';
        const digest = crypto.createHash('sha256').update(verifier).digest('base64url');
        if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || digest !== code.codeChallenge) {
          return fail(403, 'invalid_grant', 'Failed to verify code verifier');
        }
      }
      const grant = this.newGrant(client.clientId, code.scopes);
      code.grantId = grant.id;
      return sendJson(res, 200, this.tokenResponse(grant, true), { 'cache-control': 'no-store' });
    }

    if (record.grantType === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      record.refreshTokenTail = presented.slice(-6);
      const grantId = this.grantByRefreshToken.get(presented);
      const grant = grantId ? this.grants.get(grantId) : undefined;
      if (!grant || grant.clientId !== client.clientId) {
        return fail(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      }
      if (grant.retiredRefreshTokens.has(presented)) {
        // A rotated-away token came back: someone kept an old copy. Revoke the whole family.
        this.revokeGrant(grant.id);
        return fail(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      }
      if (grant.revoked) return fail(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      const rotate = !this.options.omitRefreshTokenOnRefresh;
      if (rotate) grant.retiredRefreshTokens.add(presented);
      return sendJson(res, 200, this.tokenResponse(grant, rotate), { 'cache-control': 'no-store' });
    }
    fail(400, 'unsupported_grant_type', `Unsupported grant type "${record.grantType}"`);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────

  private redirectAllowed(client: OAuthClientRegistration, redirectUri: string): boolean {
    if (client.redirectUris.includes(redirectUri)) return true;
    if (!client.loopbackAnyPort) return false;
    const withoutPort = (value: string) => {
      try {
        const url = new URL(value);
        if (url.hostname !== '127.0.0.1' && url.hostname !== '[::1]') return null;
        url.port = '';
        return url.toString();
      } catch {
        return null;
      }
    };
    const asked = withoutPort(redirectUri);
    return asked !== null && client.redirectUris.some((uri) => withoutPort(uri) === asked);
  }

  private newGrant(clientId: string, scopes: string[]): Grant {
    const grant: Grant = {
      id: crypto.randomUUID(),
      clientId,
      userId: this.signedInUser.id,
      scopes,
      revoked: false,
      currentRefreshToken: null,
      retiredRefreshTokens: new Set(),
    };
    this.grants.set(grant.id, grant);
    return grant;
  }

  private revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  private tokenResponse(grant: Grant, newRefreshToken: boolean): Record<string, unknown> {
    const now = this.options.now();
    const ttl = this.options.accessTokenTtlSeconds ?? 3600;
    const accessToken = this.signJwt({
      'https://oauth.lever.co/userId': grant.userId,
      'https://oauth.lever.co/accountId': this.tenant.accountId,
      'https://oauth.lever.co/clientId': grant.clientId,
      iss: this.options.issuer,
      sub: `${grant.clientId}@clients`,
      aud: this.options.audience,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + ttl,
      azp: grant.clientId,
      scope: grant.scopes.join(' '),
      jti: crypto.randomUUID(),
    });
    this.accessTokens.set(accessToken, { grantId: grant.id, expiresAt: now + ttl * 1000 });
    const response: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
      expires_in: ttl,
    };
    if (grant.scopes.includes('offline_access') && newRefreshToken) {
      const refreshToken = `v1.${crypto.randomBytes(48).toString('base64url')}`;
      grant.currentRefreshToken = refreshToken;
      this.grantByRefreshToken.set(refreshToken, grant.id);
      response.refresh_token = refreshToken;
    }
    return response;
  }

  private signJwt(payload: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS512', typ: 'JWT' })}.${part(payload)}`;
    const signature = crypto
      .createHmac('sha512', this.signingKey)
      .update(unsigned)
      .digest('base64url');
    return `${unsigned}.${signature}`;
  }
}

function clientCredentials(
  req: http.IncomingMessage,
  form: URLSearchParams,
): { clientId: string | null; clientSecret: string | null } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return {
      clientId: decodeURIComponent(id ?? ''),
      clientSecret: decodeURIComponent(secret ?? ''),
    };
  }
  return { clientId: form.get('client_id'), clientSecret: form.get('client_secret') };
}

function redirect(res: http.ServerResponse, target: string, params: Record<string, string>): void {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  res.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' });
  res.end();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const PAGE_STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; color: #1d2330; }
  main { max-width: 460px; margin: 48px auto; background: #fff; border-radius: 10px;
         box-shadow: 0 2px 10px rgba(0,0,0,.08); padding: 28px 32px; }
  .brand { font-weight: 700; letter-spacing: .04em; color: #2d6cdf; font-size: 14px; }
  h1 { font-size: 20px; margin: 10px 0 6px; }
  p { line-height: 1.45; margin: 6px 0; }
  .who { color: #5b6475; font-size: 13px; }
  ul { padding-left: 0; list-style: none; margin: 16px 0; }
  li { padding: 8px 0; border-bottom: 1px solid #eceef2; font-size: 14px; }
  li code { display: block; color: #7a8292; font-size: 11px; margin-top: 2px; }
  .actions { display: flex; gap: 12px; justify-content: flex-end; margin-top: 20px; }
  button { font-size: 15px; padding: 9px 22px; border-radius: 6px; border: 1px solid #c7ccd6;
           background: #fff; cursor: pointer; }
  button.accept { background: #2d6cdf; border-color: #2d6cdf; color: #fff; }
`;

function consentPage(
  appName: string,
  accountName: string,
  user: LeverUser,
  scopes: string[],
  transaction: string,
): string {
  const items = scopes
    .map(
      (scope) =>
        `<li>${escapeHtml(LEVER_SCOPE_DESCRIPTIONS[scope] ?? scope)}<code>${escapeHtml(scope)}</code></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize ${escapeHtml(appName)} · Lever</title>
<style>${PAGE_STYLE}</style></head>
<body><main>
  <div class="brand">LEVER (SIMULATOR)</div>
  <h1>${escapeHtml(appName)} wants to access ${escapeHtml(accountName)}</h1>
  <p class="who">Signed in as ${escapeHtml(user.name)} (${escapeHtml(user.accessRole)}), ${escapeHtml(user.email)}</p>
  <p>Review the permissions it requests. Once you accept, the app is listed under Settings →
     Integrations and API → Authorized Apps, where a Super Admin can revoke it.</p>
  <ul aria-label="Requested permissions">${items}</ul>
  <form method="post" action="/authorize/decision" class="actions">
    <input type="hidden" name="transaction" value="${transaction}">
    <button type="submit" name="decision" value="deny">Deny</button>
    <button type="submit" name="decision" value="accept" class="accept">Accept</button>
  </form>
</main></body></html>`;
}

function errorPage(res: http.ServerResponse, title: string, detail: string): void {
  res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style></head><body><main><div class="brand">LEVER (SIMULATOR)</div>
<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></main></body></html>`);
}
