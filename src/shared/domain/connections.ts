export const PROVIDERS = ['ashby', 'lever', 'greenhouse'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  ashby: 'Ashby',
  lever: 'Lever',
  greenhouse: 'Greenhouse',
};

/**
 * - `connected`: credentials stored and usable.
 * - `needs_reauth`: the ATS refused the credential (revoked key, `invalid_grant`); syncs pause and
 *   queued writes wait until the admin reconnects.
 * - `needs_reconnect`: the stored credential cannot be decrypted on this machine.
 * - `disabled`: the admin turned syncing off; cached data stays.
 */
export const CONNECTION_STATUSES = [
  'connected',
  'needs_reauth',
  'needs_reconnect',
  'disabled',
] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** A permission of the ATS credential and the console features that need it. */
export interface PermissionCheck {
  /** The ATS's own name for it, e.g. `candidatesWrite`, `opportunities:write:admin`. */
  name: string;
  /** How the ATS's admin screen names it, e.g. "Candidates: Write". */
  label?: string;
  granted: boolean | 'unknown';
  /** Console features that need it, for "what is disabled without it". */
  features: string[];
}

/** A setup item on the ATS side the admin must see (e.g. the "Kula" source in Ashby). */
export interface SetupCheck {
  id: string;
  ok: boolean;
  title: string;
  detail: string;
  /** Step-by-step instructions when not ok. */
  action?: string;
}

/** What a connection check found. Never contains the credential. */
export interface ConnectionCheck {
  /** How the ATS names the account or key, e.g. the Ashby key title. */
  accountLabel: string | null;
  permissions: PermissionCheck[];
  setup: SetupCheck[];
  /** How the permissions were found, when that qualifies them (e.g. "probed one by one"). */
  notes?: string[];
}

/** A client-side request limit: sustained requests per second and the burst allowed. */
export interface RateLimitSetting {
  perSecond: number;
  burst: number;
}

/** What the UI knows about an ATS the console can connect to. */
export interface ProviderInfo {
  kind: ProviderKind;
  label: string;
  defaultBaseUrl: string;
  authModes: Array<'api_key' | 'oauth'>;
  defaultRateLimit: RateLimitSetting | null;
  /** The admin chooses the ATS user the console's writes are attributed to (Lever). */
  writeUserRequired: boolean;
  /**
   * How to withdraw a pasted credential's access in the ATS when disconnecting, where the admin
   * should (Greenhouse: delete the API credential); absent when there is nothing to do there.
   */
  revokeSteps?: string[];
}

export interface ConnectionSummary {
  id: string;
  provider: ProviderKind;
  label: string;
  status: ConnectionStatus;
  /** API host; differs from the provider default only for sandboxes. */
  baseUrl: string;
  authMode: 'api_key' | 'oauth';
  /** Whether a credential is stored. The credential itself never leaves the main process. */
  hasCredential: boolean;
  createdAt: string;
  updatedAt: string;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  /** The last connection check (permissions, setup items), and when it ran. */
  check: ConnectionCheck | null;
  checkedAt: string | null;
  /** The request limit in force; null when throttling is off. */
  rateLimit: RateLimitSetting | null;
  /** Whether `rateLimit` is the ATS's default (the admin has not changed it). */
  rateLimitIsDefault: boolean;
  /** The ATS user the console's writes are attributed to (Lever `perform_as`); null if unset. */
  writeUserId: string | null;
}

/** A user of the ATS account, as cached: a choice for the user writes are attributed to. */
export interface AtsUserOption {
  id: string;
  name: string;
  email: string | null;
  role: string | null;
  active: boolean;
}

/** What connecting an ATS through its OAuth app involves, for the wizard's review step. */
export interface OAuthDescription {
  provider: ProviderKind;
  /** Each permission the console asks for, and what it enables. */
  permissions: Array<{ scope: string; label: string; features: string[] }>;
  /** The loopback callback URL to register for the OAuth app (its host and port can change). */
  defaultCallbackUrl: string;
  /** The OAuth host for the ATS's default API host. */
  defaultAuthBaseUrl: string;
  /** How an admin revokes the console's access in the ATS (disconnecting cannot do it). */
  revokeSteps: string[];
}
