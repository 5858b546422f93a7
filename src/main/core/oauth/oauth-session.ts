import type { Clock } from '../clock';
import { crashPoint } from '../crash-points';
import { ConsoleError } from '../errors';
import type { FetchFunction } from '../http/wire';
import type { CredentialAccess } from '../providers/provider';
import type { StoredSecret } from '../vault/vault';
import type { RefreshLease } from './refresh-lease';
import { OAuthTokenError, refreshTokens } from './token-endpoint';

type OAuthSecret = Extract<StoredSecret, { kind: 'oauth' }>;

export interface OAuthSessionOptions {
  credentials: CredentialAccess;
  /** The host's fetch, for the token endpoint. */
  fetch: FetchFunction;
  tokenUrl: string;
  /** The ATS's name in messages, e.g. "Lever". */
  providerLabel: string;
  clock: Clock;
  /** Cross-process exclusion for refreshes (the app and the CLI may share a data folder). */
  lease?: RefreshLease;
  /** Renew this long before the access token expires (default 2 minutes). */
  refreshMarginMs?: number;
  /** Told about each renewal, for the sync log. */
  onRefresh?: (outcome: 'renewed' | 'reused-other-process' | 'failed', detail: string) => void;
}

/**
 * A connection's OAuth access token, renewed before it expires:
 *
 * - **single flight**: concurrent callers that find the token expiring share one refresh;
 * - **cross-process**: the refresh runs under a lease and first re-reads the stored tokens, so a
 *   refresh another process just made is used instead of presenting a rotated-away token;
 * - **persist first**: the new token pair is written to the vault before the new access token is
 *   handed to anyone, so a crash right after the refresh never loses the only valid refresh token;
 * - a response without a refresh token keeps the old one;
 * - `invalid_grant` (revoked, expired, reused) and `invalid_client` mark the connection
 *   "needs re-authorization" (syncs pause, queued writes stay) and fail with NEEDS_REAUTH; the
 *   session then sends no further token requests.
 */
export class OAuthSession {
  private current: OAuthSecret | null = null;
  private inflight: Promise<string> | null = null;
  /** Set once the ATS refused the authorization for good: no more token requests. */
  private refused: ConsoleError | null = null;
  private readonly margin: number;

  constructor(private readonly options: OAuthSessionOptions) {
    this.margin = options.refreshMarginMs ?? 120_000;
  }

  /** A usable access token, renewing it first when it expires within the margin. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    const secret = (this.current ??= this.load());
    if (!this.expiring(secret)) return secret.accessToken;
    return this.refresh(null, signal);
  }

  /**
   * The API refused `rejected` (401): renew unless someone already replaced that token, and return
   * the token to retry with. Throws when the authorization is gone.
   */
  async renewAfterRejection(rejected: string, signal?: AbortSignal): Promise<string> {
    const secret = (this.current ??= this.load());
    if (secret.accessToken !== rejected && !this.expiring(secret)) return secret.accessToken;
    return this.refresh(rejected, signal);
  }

  private refresh(rejected: string | null, signal?: AbortSignal): Promise<string> {
    if (this.refused) return Promise.reject(this.refused);
    this.inflight ??= this.runRefresh(rejected, signal).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async runRefresh(rejected: string | null, signal?: AbortSignal): Promise<string> {
    const release = this.options.lease ? await this.options.lease.acquire(signal) : () => undefined;
    try {
      // The stored pair may be newer than ours: another process may have refreshed meanwhile.
      const stored = this.load();
      const known = rejected ?? this.current?.accessToken;
      if (stored.accessToken !== known && !this.expiring(stored)) {
        this.current = stored;
        this.options.onRefresh?.('reused-other-process', 'used tokens another process renewed');
        return stored.accessToken;
      }
      if (stored.tokenUrl !== undefined && stored.tokenUrl !== this.options.tokenUrl) {
        // The connection's OAuth host was changed since the authorization was stored (only
        // something other than the console changes it without a new sign-in).
        const reason = `This connection's ${this.options.providerLabel} OAuth host no longer matches the one its authorization was stored for, so the client secret and refresh token were not sent.`;
        this.refused = new ConsoleError(
          'NEEDS_REAUTH',
          reason,
          'Reconnect it, entering the client secret again for the OAuth host you mean.',
        );
        this.options.credentials.markNeedsReauth(reason);
        throw this.refused;
      }
      if (!stored.refreshToken) {
        const reason = `${this.options.providerLabel} gave the console no refresh token (offline_access was not granted), so the authorization cannot be renewed.`;
        this.refused = new ConsoleError(
          'NEEDS_REAUTH',
          reason,
          `Reconnect and accept every permission on ${this.options.providerLabel}'s page.`,
        );
        this.options.credentials.markNeedsReauth(reason);
        throw this.refused;
      }
      let tokens;
      crashPoint('oauth:before-post');
      try {
        tokens = await refreshTokens(
          {
            tokenUrl: this.options.tokenUrl,
            fetch: this.options.fetch,
            clientId: stored.clientId,
            clientSecret: stored.clientSecret,
            providerLabel: this.options.providerLabel,
          },
          stored.refreshToken,
          this.options.clock.now(),
          signal,
        );
      } catch (error) {
        if (error instanceof OAuthTokenError && error.code === 'NEEDS_REAUTH') {
          this.refused = error;
          this.options.credentials.markNeedsReauth(error.message);
        }
        this.options.onRefresh?.('failed', error instanceof Error ? error.message : String(error));
        throw error;
      }
      const next: OAuthSecret = {
        ...stored,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken ?? stored.refreshToken,
        expiresAt: tokens.expiresAt,
      };
      crashPoint('oauth:before-persist');
      this.options.credentials.save(next);
      crashPoint('oauth:after-persist');
      this.current = next;
      this.options.onRefresh?.(
        'renewed',
        tokens.refreshToken
          ? 'access and refresh token renewed'
          : 'access token renewed; refresh token kept',
      );
      return next.accessToken;
    } finally {
      release();
    }
  }

  private expiring(secret: OAuthSecret): boolean {
    return secret.expiresAt - this.margin <= this.options.clock.now();
  }

  private load(): OAuthSecret {
    const secret = this.options.credentials.load();
    if (secret.kind !== 'oauth') {
      throw new ConsoleError(
        'NEEDS_REAUTH',
        'This connection has no OAuth authorization stored.',
        'Reconnect it from the Connections page.',
      );
    }
    return secret;
  }
}
