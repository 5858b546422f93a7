import { DEFAULT_CALLBACK_URL } from '../../oauth/callback-url';
import type { ProviderDefinition } from '../registry';
import { defaultAuthBase, LEVER_API_BASE, leverOAuthEndpoints } from './hosts';
import { createLeverApi, LEVER_NAME } from './api';
import { LEVER_REQUESTED_PERMISSIONS } from './permissions';
import { LeverProvider } from './provider';
import { LEVER_WRITE_CAPABILITIES } from './writer';

/**
 * Lever for the provider registry. Lever allows 10 requests/s per key with bursts of 20 (see
 * docs/lever.md). The default limit keeps the rate and holds back 2 of the burst: a request
 * whose network delay is shorter than the one before it reaches Lever earlier than the client's
 * bucket allowed, and without that margin Lever's own bucket, which started when the first request
 * arrived, would refuse it. A sequential import then runs at the full 10/s with no 429.
 */
export const LEVER_RATE_LIMIT = { perSecond: 10, burst: 18 } as const;

export const leverDefinition: ProviderDefinition = {
  kind: 'lever',
  label: LEVER_NAME,
  defaultBaseUrl: LEVER_API_BASE,
  defaultRateLimit: LEVER_RATE_LIMIT,
  authModes: ['oauth', 'api_key'],
  apiKeyEnv: 'LEVER_API_KEY',
  writeUserRequired: true,
  oauth: {
    permissions: LEVER_REQUESTED_PERMISSIONS.map(({ scope, label, features }) => ({
      scope,
      label,
      features,
    })),
    defaultCallbackUrl: DEFAULT_CALLBACK_URL,
    // Lever documents no PKCE; a challenge is harmless where ignored and protects where honoured.
    pkce: true,
    endpoints: (baseUrl, authBaseUrl) => {
      const { authorizeUrl, tokenUrl, audience } = leverOAuthEndpoints(baseUrl, authBaseUrl);
      return { authorizeUrl, tokenUrl, extraParams: { audience } };
    },
    defaultAuthBaseUrl: defaultAuthBase,
    // Lever documents no endpoint to revoke an app: a Super Admin revokes it in Lever.
    revokeSteps: [
      'Sign in to Lever as a Super Admin.',
      'Open Settings → Integrations and API → Authorized Apps.',
      'Find the Kula ATS Console app and click Revoke Access.',
    ],
  },
  writeCapabilities: LEVER_WRITE_CAPABILITIES,
  create: (context) =>
    new LeverProvider({
      api: createLeverApi(context),
      clock: context.clock,
      config: context.config,
      credentials: context.credentials,
      ...(context.learn ? { learn: context.learn } : {}),
    }),
};
