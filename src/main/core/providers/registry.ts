import type { ProviderKind } from '../../../shared/domain/connections';
import { ConsoleError } from '../errors';
import type { RateLimit } from '../http/rate-limiter';
import type { AtsProvider, ProviderContext, ResourceSpec, WriteCapabilities } from './provider';

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
  /**
   * The ATS attributes every write to one of its users, chosen by the admin (Lever `perform_as`,
   * stored as the connection's `performAs` setting).
   */
  writeUserRequired?: boolean;
  /**
   * How an admin withdraws a pasted credential in the ATS after disconnecting (the console
   * cannot: Greenhouse has no revoke endpoint); absent when nothing needs doing there.
   */
  credentialRevokeSteps?: readonly string[];
  /** How the ATS's OAuth app is authorized, for providers with an `oauth` auth mode. */
  oauth?: ProviderOAuthSpec;
  /**
   * The resources its provider pulls, in order (the same list an instance exposes), when they are
   * known without an instance; the sync status reads them. Absent: taken from an instance.
   */
  resources?: readonly ResourceSpec[];
  /** How the ATS takes the console's writes (the same object its writer reports); none: read-only. */
  writeCapabilities?: WriteCapabilities;
  /**
   * The API version the console asks for on every call, where the ATS versions its API (Ashby's
   * `Ashby-Version`): the one its mappers were written for. The provider records what the ATS
   * answered under the connection's `learned.apiVersion` (`{version, status}`).
   */
  apiVersion?: string;
  create(context: ProviderContext): AtsProvider;
}

/** An ATS's OAuth authorization-code flow, as the provider-neutral connector runs it. */
export interface ProviderOAuthSpec {
  /** What the console asks for, with what each permission enables (the review step). */
  permissions: ReadonlyArray<{ scope: string; label: string; features: string[] }>;
  /** The loopback callback URL suggested for registering the OAuth app. */
  defaultCallbackUrl: string;
  /** Send a PKCE challenge (harmless where the server ignores it). */
  pkce: boolean;
  /** Authorize and token URLs, and extra authorize parameters, for an API host. */
  endpoints(
    baseUrl: string,
    authBaseUrl?: string,
  ): { authorizeUrl: string; tokenUrl: string; extraParams: Record<string, string> };
  /** Where the OAuth host may be set apart from the API host (sandboxes): its default. */
  defaultAuthBaseUrl(baseUrl: string): string;
  /** How an admin revokes the app in the ATS: there may be no API for it (Lever has none). */
  revokeSteps: readonly string[];
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
