/**
 * Greenhouse's hosts: Harvest v3 at `https://harvest.greenhouse.io/v3`, tokens from
 * `https://auth.greenhouse.io/token`, the recruiter web app (deep links) at
 * `https://app.greenhouse.io`. Some organisations use a numbered web host and an EU Harvest host
 * is not known, so the token and web hosts can be set per connection (`authBaseUrl`,
 * `webBaseUrl`); a non-default API host (a sandbox) serves tokens itself unless told otherwise.
 * See docs/greenhouse.md.
 */
export const GREENHOUSE_API_BASE = 'https://harvest.greenhouse.io';
export const GREENHOUSE_AUTH_BASE = 'https://auth.greenhouse.io';
export const GREENHOUSE_WEB_BASE = 'https://app.greenhouse.io';

function setting(config: Record<string, unknown>, key: string): string | null {
  const value = config[key];
  return typeof value === 'string' && /^https?:\/\//i.test(value)
    ? value.replace(/\/+$/, '')
    : null;
}

export function tokenUrlFor(baseUrl: string, config: Record<string, unknown>): string {
  const configured = setting(config, 'authBaseUrl');
  if (configured) return `${configured}/token`;
  const base = baseUrl.replace(/\/+$/, '');
  return base === GREENHOUSE_API_BASE
    ? `${GREENHOUSE_AUTH_BASE}/token`
    : `${new URL(base).origin}/token`;
}

export function webBaseFor(config: Record<string, unknown>): string {
  return setting(config, 'webBaseUrl') ?? GREENHOUSE_WEB_BASE;
}

/** The candidate's profile, on the given application when there is one. */
export function candidateUrl(
  web: string,
  candidateId: string,
  applicationId?: string | null,
): string {
  return `${web}/people/${encodeURIComponent(candidateId)}${
    applicationId ? `?application_id=${encodeURIComponent(applicationId)}` : ''
  }`;
}
