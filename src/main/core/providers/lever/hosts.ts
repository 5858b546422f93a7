/**
 * Lever's hosts: the Data API, and the OAuth host that goes with it. Production and sandbox are
 * separate Lever environments with separate OAuth apps. For any other API host (the simulator),
 * the OAuth host is the API host's origin unless the admin says otherwise (see docs/lever.md).
 */
export const LEVER_API_BASE = 'https://api.lever.co/v1';

const OAUTH_HOSTS: Record<string, string> = {
  'https://api.lever.co/v1': 'https://auth.lever.co',
  'https://api.sandbox.lever.co/v1': 'https://sandbox-lever.auth0.com',
};

export function defaultAuthBase(apiBase: string): string {
  return OAUTH_HOSTS[apiBase] ?? new URL(apiBase).origin;
}

export interface LeverOAuthEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  /** "The unique identifier of the target API": the API base with a trailing slash. */
  audience: string;
}

export function leverOAuthEndpoints(apiBase: string, authBase?: string): LeverOAuthEndpoints {
  const auth = (authBase?.trim() || defaultAuthBase(apiBase)).replace(/\/+$/, '');
  return {
    authorizeUrl: `${auth}/authorize`,
    tokenUrl: `${auth}/oauth/token`,
    audience: `${apiBase.replace(/\/+$/, '')}/`,
  };
}
