export const PROVIDERS = ['ashby', 'lever'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  ashby: 'Ashby',
  lever: 'Lever',
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
}
