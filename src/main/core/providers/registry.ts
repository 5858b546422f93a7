import type { ProviderKind } from '../../../shared/domain/connections';
import { ConsoleError } from '../errors';
import type { RateLimit } from '../http/rate-limiter';
import type { AtsProvider, ProviderContext } from './provider';

/**
 * What the rest of the core knows about an ATS without naming it: how to build its provider, its
 * default API host and request rate, and how it authenticates. The composition root
 * (providers/index.ts) registers one definition per ATS; the sync engine, the connection service,
 * the IPC handlers and the CLI look definitions up by the connection's `provider` column.
 */
export interface ProviderDefinition {
  kind: ProviderKind;
  /** The ATS's name for the admin, e.g. "Ashby". */
  label: string;
  defaultBaseUrl: string;
  /** Client-side request limit used until the admin sets one; null means unthrottled. */
  defaultRateLimit: RateLimit | null;
  authModes: ReadonlyArray<'api_key' | 'oauth'>;
  /** Environment variable the CLI reads an API key from, per run. */
  apiKeyEnv?: string;
  create(context: ProviderContext): AtsProvider;
}

export class ProviderRegistry {
  private readonly definitions = new Map<ProviderKind, ProviderDefinition>();

  register(definition: ProviderDefinition): this {
    this.definitions.set(definition.kind, definition);
    return this;
  }

  get(kind: ProviderKind | string): ProviderDefinition {
    const definition = this.definitions.get(kind as ProviderKind);
    if (!definition) {
      throw new ConsoleError(
        'NOT_FOUND',
        `This version of the console cannot connect to "${kind}".`,
        'Update the console, or remove the connection.',
      );
    }
    return definition;
  }

  has(kind: string): boolean {
    return this.definitions.has(kind as ProviderKind);
  }

  list(): ProviderDefinition[] {
    return [...this.definitions.values()];
  }
}
