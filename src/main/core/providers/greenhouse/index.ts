import type { ProviderDefinition } from '../registry';
import { GREENHOUSE_DEFAULT_BASE_URL, GREENHOUSE_NAME } from './api';
import { GREENHOUSE_RESOURCES, GreenhouseProvider } from './provider';
import { GREENHOUSE_WRITE_CAPABILITIES } from './writer';

/**
 * Greenhouse for the provider registry. Harvest v3 allows a number of requests per fixed 30-second
 * window that it states in `X-RateLimit-Limit` (75 in its documentation, the only value reported);
 * the default keeps any 30 seconds to at most 75: 2.4 a second with bursts of 3. The credential is
 * a Harvest V3 (OAuth) client id and secret, entered as `<client id>:<client secret>`; every read
 * and write acts as the Site Admin chosen for the connection (see docs/greenhouse.md).
 */
export const GREENHOUSE_RATE_LIMIT = { perSecond: 2.4, burst: 3 } as const;

export const greenhouseDefinition: ProviderDefinition = {
  kind: 'greenhouse',
  label: GREENHOUSE_NAME,
  defaultBaseUrl: GREENHOUSE_DEFAULT_BASE_URL,
  defaultRateLimit: GREENHOUSE_RATE_LIMIT,
  authModes: ['api_key'],
  apiKeyEnv: 'GREENHOUSE_API_KEY',
  writeUserRequired: true,
  // Greenhouse documents no way for a client to revoke its own credential.
  credentialRevokeSteps: [
    'Sign in to Greenhouse as a Site Admin.',
    'Open Configure → Dev Center → API Credentials.',
    'Find the Harvest V3 (OAuth) credential made for Kula and delete it (or remove its scopes).',
  ],
  resources: GREENHOUSE_RESOURCES,
  writeCapabilities: GREENHOUSE_WRITE_CAPABILITIES,
  create: (context) => new GreenhouseProvider(context),
};
