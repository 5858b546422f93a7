import { ashbyDefinition } from './ashby';
import { greenhouseDefinition } from './greenhouse';
import { leverDefinition } from './lever';
import { ProviderRegistry } from './registry';

/**
 * The composition root for ATS providers: the one place that names them. Add a provider by
 * registering its definition here.
 */
export function createProviderRegistry(): ProviderRegistry {
  return new ProviderRegistry()
    .register(ashbyDefinition)
    .register(leverDefinition)
    .register(greenhouseDefinition);
}
