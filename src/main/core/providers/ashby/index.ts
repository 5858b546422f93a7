import type { ProviderDefinition } from '../registry';
import { ASHBY_API_VERSION, ASHBY_DEFAULT_BASE_URL, ASHBY_NAME } from './api';
import { ASHBY_RESOURCES, AshbyProvider } from './provider';
import { ASHBY_WRITE_CAPABILITIES } from './writer';

/**
 * Ashby for the provider registry. Ashby publishes no numeric rate limit, so the default is
 * conservative: 5 requests per second, bursts of 10; the admin can change it per connection (see
 * docs/ashby.md).
 */
export const ashbyDefinition: ProviderDefinition = {
  kind: 'ashby',
  label: ASHBY_NAME,
  defaultBaseUrl: ASHBY_DEFAULT_BASE_URL,
  defaultRateLimit: { perSecond: 5, burst: 10 },
  authModes: ['api_key'],
  apiKeyEnv: 'ASHBY_API_KEY',
  resources: ASHBY_RESOURCES,
  writeCapabilities: ASHBY_WRITE_CAPABILITIES,
  apiVersion: ASHBY_API_VERSION,
  create: (context) => new AshbyProvider(context),
};
