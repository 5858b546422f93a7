import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readBody, sendJson } from '../common/http';
import type { GreenhouseTenant } from './model';

/**
 * Greenhouse's OAuth token host (`POST /token`, client credentials), as Harvest v3 uses it: HTTP
 * Basic with `<client id>:<client secret>`, a form body with `grant_type=client_credentials` and
 * the optional `sub` (the Greenhouse user the token acts as; without it, the credential's service
 * user). Its error answers are the ones recorded on the wire, the client-id echo included (see
 * docs/greenhouse.md).
 */

export interface GreenhouseCredentialConfig {
  /** Greenhouse client ids end in `-<number>`; one without that suffix is refused with 400. */
  clientId: string;
  clientSecret: string;
  /** Scopes ticked on the credential (`harvest:<resource>:<action>`); omitted: all of them. */
  scopes?: string[];
  /** The credential is restricted to IP addresses this machine is not on: every call is 403. */
  ipRestricted?: boolean;
}

export interface TokenOptions {
  /** Which lifetime field the token answer carries (sources disagree; default both). */
  expiryField: 'both' | 'expires_in' | 'expires_at';
  /** A new token revokes the previous token of the same credential (an unconfirmed reading). */
  singleActiveToken: boolean;
  lifetimeSeconds: number;
  /** Token requests per 60 s per credential (metered apart from the Harvest API). */
  perMinute: number;
}

export interface IssuedToken {
  jti: string;
  clientId: string;
  /** The user the token acts as. */
  userId: number;
  scopes: Set<string> | null;
  expiresAt: number;
  revoked: boolean;
  /** The token as sent (for tests that look for it where it must not be). */
  raw: string;
}

export type BearerCheck =
  { ok: true; token: IssuedToken; credential: GreenhouseCredentialConfig } | { ok: false };

export class GreenhouseTokenServer {
  private readonly credentials = new Map<string, GreenhouseCredentialConfig>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly windows = new Map<string, { start: number; count: number }>();
  /** Every token minted, in order (for tests of single-flight minting). */
  readonly minted: IssuedToken[] = [];

  constructor(
    private readonly tenant: GreenhouseTenant,
    public options: TokenOptions,
    private readonly now: () => number,
  ) {}

  addCredential(config: GreenhouseCredentialConfig): void {
    this.credentials.set(config.clientId, config);
  }

  /** The admin deletes the credential in Dev Center: its tokens stop working at once. */
  revokeCredential(clientId: string): void {
    this.credentials.delete(clientId);
    for (const token of this.tokens.values()) if (token.clientId === clientId) token.revoked = true;
  }

  /** Every token expires now (as after an hour). */
  expireAll(): void {
    for (const token of this.tokens.values()) token.expiresAt = this.now() - 1;
  }

  checkBearer(raw: string): BearerCheck {
    const jti = jtiOf(raw);
    const token = jti ? this.tokens.get(jti) : undefined;
    if (!token || token.revoked || token.expiresAt <= this.now()) return { ok: false };
    const credential = this.credentials.get(token.clientId);
    if (!credential) return { ok: false };
    return { ok: true, token, credential };
  }

  /**
   * `grant_type` and `sub` are read from the form body or, as Greenhouse's own reference shows
   * them and as live probes found accepted, from the query string.
   */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<number> {
    const errorId = `err-${randomBytes(6).toString('hex')}`;
    const fail = (status: number, body: unknown) => {
      sendJson(res, status, body);
      return status;
    };
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    for (const [key, value] of url.searchParams) if (!form.has(key)) form.set(key, value);
    const header = req.headers.authorization;
    if (!header?.startsWith('Basic ')) return fail(401, { message: 'Unauthorized', errorId });
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const clientId = colon === -1 ? decoded : decoded.slice(0, colon);
    const secret = colon === -1 ? '' : decoded.slice(colon + 1);
    if (!/-\d+$/.test(clientId)) {
      return fail(400, {
        message: `client_id=${clientId} does not contain a valid client ID suffix`,
        errorId,
      });
    }
    const grant = form.get('grant_type');
    if (!grant) {
      return fail(400, { message: 'Must include `grant_type` parameter in /token request' });
    }
    if (grant !== 'client_credentials') {
      const known = ['authorization_code', 'refresh_token'];
      if (!known.includes(grant)) {
        return fail(400, {
          message: `grant_type=${grant} is invalid, please use one of: authorization_code, refresh_token, client_credentials, urn:ietf:params:oauth:grant-type:token-exchange`,
        });
      }
      return fail(400, { error: 'unauthorized_client' });
    }
    const credential = this.credentials.get(clientId);
    if (!credential || credential.clientSecret !== secret) {
      return fail(401, { error: 'invalid_client' });
    }
    if (!this.admit(clientId)) {
      res.setHeader('retry-after', '60');
      return fail(429, { message: 'Too Many Requests' });
    }
    const sub = form.get('sub');
    let userId = this.tenant.serviceUserId;
    if (sub !== null && sub !== '') {
      const user = /^\d+$/.test(sub) ? this.tenant.users.get(Number(sub)) : undefined;
      if (!user || user.deactivated) {
        return fail(400, { error: 'invalid_request', message: `sub=${sub} is not an active user` });
      }
      userId = user.id;
    }
    if (this.options.singleActiveToken) {
      for (const token of this.tokens.values())
        if (token.clientId === clientId) token.revoked = true;
    }
    const now = this.now();
    const token: IssuedToken = {
      jti: randomBytes(12).toString('hex'),
      clientId,
      userId,
      scopes: credential.scopes ? new Set(credential.scopes) : null,
      expiresAt: now + this.options.lifetimeSeconds * 1000,
      revoked: false,
      raw: '',
    };
    const accessToken = jwtOf(token, now);
    token.raw = accessToken;
    this.tokens.set(token.jti, token);
    this.minted.push(token);
    const expiry =
      this.options.expiryField === 'expires_in'
        ? { expires_in: this.options.lifetimeSeconds }
        : this.options.expiryField === 'expires_at'
          ? { expires_at: new Date(token.expiresAt).toISOString() }
          : {
              expires_in: this.options.lifetimeSeconds,
              expires_at: new Date(token.expiresAt).toISOString(),
            };
    sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', ...expiry });
    return 200;
  }

  /** The token host's own fixed 60-second window. */
  private admit(clientId: string): boolean {
    const now = this.now();
    const window = this.windows.get(clientId);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(clientId, { start: now, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= this.options.perMinute;
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT-shaped token (unsigned here: the console never verifies it, only reads its claims). */
function jwtOf(token: IssuedToken, now: number): string {
  const claims = {
    sub: String(token.userId),
    exp: Math.floor(token.expiresAt / 1000),
    iat: Math.floor(now / 1000),
    jti: token.jti,
    client_id: token.clientId,
    silo: 'sim',
  };
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.${randomBytes(16).toString('base64url')}`;
}

function jtiOf(raw: string): string | null {
  const parts = raw.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as {
      jti?: unknown;
    };
    return typeof claims.jti === 'string' ? claims.jti : null;
  } catch {
    return null;
  }
}
