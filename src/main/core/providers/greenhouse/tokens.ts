import type { Clock } from '../../clock';
import { AtsApiError, type HttpClient } from '../../http';

/**
 * Harvest v3 access tokens from the client-credentials grant: one per (token URL, client id,
 * acting user), minted once however many calls ask at the same moment and shared by every
 * provider instance of this process, because a new token may revoke the previous one (an
 * unconfirmed reading). Expiry: `expires_at` when readable, else `expires_in`, else an hour;
 * renewed a minute early. See docs/greenhouse.md.
 */

export interface MintedToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

const RENEW_EARLY_MS = 60_000;
const DEFAULT_LIFETIME_MS = 3_600_000;

const shared = new Map<string, MintedToken>();
const minting = new Map<string, Promise<MintedToken>>();

export class GreenhouseTokens {
  constructor(
    private readonly auth: HttpClient,
    private readonly tokenUrl: string,
    private readonly clientId: () => string,
    private readonly clock: Clock,
  ) {}

  private key(userId: string | null): string {
    return `${this.tokenUrl}\n${this.clientId()}\n${userId ?? ''}`;
  }

  /** A token acting as `userId` (null: the credential's service user). */
  async get(userId: string | null, signal?: AbortSignal): Promise<string> {
    const key = this.key(userId);
    const cached = shared.get(key);
    if (cached && cached.expiresAt - RENEW_EARLY_MS > this.clock.now()) return cached.accessToken;
    let pending = minting.get(key);
    if (!pending) {
      pending = this.mint(userId, signal).finally(() => minting.delete(key));
      minting.set(key, pending);
    }
    return (await pending).accessToken;
  }

  /** Forgets the token (Harvest refused it): the next call mints another. */
  drop(userId: string | null, token?: string): void {
    const key = this.key(userId);
    if (!token || shared.get(key)?.accessToken === token) shared.delete(key);
  }

  private async mint(userId: string | null, signal?: AbortSignal): Promise<MintedToken> {
    const response = await this.auth.request<Record<string, unknown>>({
      method: 'POST',
      path: '/token',
      url: this.tokenUrl,
      // The grant travels in the query string, as Greenhouse's own reference shows it and as live
      // probes found accepted; the client secret only ever in the Basic header.
      query: { grant_type: 'client_credentials', ...(userId ? { sub: userId } : {}) },
      // Minting again is harmless (only the newest token is used), so a lost answer is retried.
      safety: 'read',
      ...(signal ? { signal } : {}),
    });
    const body = response.body ?? {};
    const accessToken = typeof body.access_token === 'string' ? body.access_token : '';
    if (!accessToken) {
      throw new AtsApiError({
        kind: 'bad_response',
        provider: 'Greenhouse',
        message: 'Greenhouse answered the token request without an access token.',
        endpoint: 'POST /token',
      });
    }
    const token = { accessToken, expiresAt: expiryOf(body, this.clock.now()) };
    shared.set(this.key(userId), token);
    return token;
  }
}

export function expiryOf(body: Record<string, unknown>, now: number): number {
  const at = typeof body.expires_at === 'string' ? Date.parse(body.expires_at) : NaN;
  if (Number.isFinite(at)) return at;
  const seconds = Number(body.expires_in);
  if (Number.isFinite(seconds) && seconds > 0) return now + seconds * 1000;
  return now + DEFAULT_LIFETIME_MS;
}

/** For tests: forget every token of this process. */
export function forgetGreenhouseTokens(): void {
  shared.clear();
  minting.clear();
}
