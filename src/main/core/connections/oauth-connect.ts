import type {
  ConnectionCheck,
  ConnectionSummary,
  OAuthDescription,
  ProviderKind,
} from '../../../shared/domain/connections';
import type { CoreBasics } from '../basics';
import { connectionConfig } from '../db/repos/connections';
import { ConsoleError } from '../errors';
import { beginAuthorization } from '../oauth/authorization-flow';
import { parseCallbackUrl } from '../oauth/callback-url';
import { PendingFlows } from '../oauth/pending-flows';
import type {
  ProviderDefinition,
  ProviderOAuthSpec,
  ProviderRegistry,
} from '../providers/registry';
import type { FetchFunction } from '../http/wire';
import type { StoredSecret, Vault } from '../vault/vault';
import { checkSavedBaseUrl, normalizeBaseUrl } from './base-url';
import type { ConnectionService } from './service';

/** How long the console waits for the admin to finish in the browser. */
const FLOW_TIMEOUT_MS = 5 * 60_000;

export interface OAuthBeginInput {
  provider: ProviderKind;
  clientId?: string | undefined;
  /** Omitted on a reconnect that reuses the stored client secret. */
  clientSecret?: string | undefined;
  callbackUrl?: string | undefined;
  baseUrl?: string | undefined;
  authBaseUrl?: string | undefined;
  /** Reconnect this connection instead of creating one. */
  connectionId?: string | undefined;
  label?: string | undefined;
}

interface FlowMeta {
  definition: ProviderDefinition;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Where the client secret goes; stored with it, so it is never sent anywhere else. */
  tokenUrl: string;
  config: Record<string, unknown>;
  connectionId: string | null;
  label: string | undefined;
  requestedScopes: string[];
}

export type OAuthConnectorDeps = Pick<CoreBasics, 'clock' | 'log' | 'redactor'> & {
  providers: ProviderRegistry;
  /** The host's fetch, for the token endpoint. */
  fetch: FetchFunction;
  /** Reads the client id and secret a connection being reconnected was authorized with. */
  vault: Pick<Vault, 'load'>;
  /** Checks and stores the tokens, as for an API key. */
  connections: Pick<ConnectionService, 'row' | 'summary' | 'create' | 'replaceCredential'>;
  /** Opens the ATS's authorize page in the system browser. */
  openExternal(url: string): Promise<void>;
};

/**
 * Connects (or reconnects) an ATS through its OAuth app, provider-neutral: checks the admin's
 * input, opens the system browser at the authorize URL and waits on the loopback redirect
 * (`oauth/authorization-flow.ts`), then hands the tokens to the connection service, which checks
 * them and stores them encrypted. Nothing is stored before the ATS has answered with tokens: a
 * denial, a wrong `state`, a timeout or a refused code leave no trace but the error.
 */
export class OAuthConnector {
  private readonly flows = new PendingFlows<FlowMeta>();

  constructor(private readonly deps: OAuthConnectorDeps) {}

  describe(provider: ProviderKind): OAuthDescription {
    const definition = this.deps.providers.get(provider);
    const spec = oauthSpec(definition);
    return {
      provider,
      permissions: spec.permissions.map((permission) => ({ ...permission })),
      defaultCallbackUrl: spec.defaultCallbackUrl,
      defaultAuthBaseUrl: spec.defaultAuthBaseUrl(definition.defaultBaseUrl),
      revokeSteps: [...spec.revokeSteps],
    };
  }

  /** Opens the browser at the ATS's authorize page; `complete` then waits for the answer. */
  async begin(
    input: OAuthBeginInput,
  ): Promise<{ flowId: string; url: string; redirectUri: string }> {
    const definition = this.deps.providers.get(input.provider);
    const spec = oauthSpec(definition);
    const existing = input.connectionId ? this.deps.connections.row(input.connectionId) : null;
    if (existing && existing.provider !== input.provider) {
      throw new ConsoleError(
        'BAD_INPUT',
        `That connection is not a ${definition.label} connection.`,
      );
    }
    const saved = existing ? connectionConfig(existing) : {};
    const baseUrl = existing
      ? checkSavedBaseUrl(existing.base_url, definition, existing.label)
      : normalizeBaseUrl(input.baseUrl, definition);
    const authBaseUrl = checkAuthHost(
      input.authBaseUrl?.trim() ||
        (typeof saved.authBaseUrl === 'string' ? saved.authBaseUrl : '') ||
        spec.defaultAuthBaseUrl(baseUrl),
    );
    const endpoints = spec.endpoints(baseUrl, authBaseUrl);
    const stored = existing ? this.storedClient(existing.id) : null;
    const clientId = input.clientId?.trim() || stored?.clientId || '';
    // The stored secret goes only to the token endpoint it was saved for: a reconnect that names
    // another OAuth host (or a database pointed elsewhere) asks for the secret again.
    const savedFor =
      stored?.tokenUrl ?? spec.endpoints(baseUrl, spec.defaultAuthBaseUrl(baseUrl)).tokenUrl;
    const reusable = stored?.clientId === clientId && savedFor === endpoints.tokenUrl;
    const clientSecret = input.clientSecret?.trim() || (reusable ? stored.clientSecret : '');
    if (!clientId) throw missing('clientId', 'client id', definition.label);
    if (!clientSecret) {
      throw stored?.clientId === clientId && !reusable
        ? otherHost(definition.label, savedFor, endpoints.tokenUrl)
        : missing('clientSecret', 'client secret', definition.label);
    }
    const callbackUrl =
      input.callbackUrl?.trim() ||
      (typeof saved.callbackUrl === 'string' ? saved.callbackUrl : '') ||
      spec.defaultCallbackUrl;
    const callback = parseCallbackUrl(callbackUrl);
    const scopes = spec.permissions.map((permission) => permission.scope);
    this.deps.redactor.register(clientSecret);
    const started = await this.flows.start(
      () =>
        beginAuthorization({
          authorizeUrl: endpoints.authorizeUrl,
          endpoint: {
            tokenUrl: endpoints.tokenUrl,
            fetch: this.deps.fetch,
            clientId,
            clientSecret,
            providerLabel: definition.label,
          },
          scopes,
          extraParams: endpoints.extraParams,
          callback,
          pkce: spec.pkce,
          timeoutMs: FLOW_TIMEOUT_MS,
          openExternal: (url) => this.deps.openExternal(url),
          now: () => this.deps.clock.now(),
        }),
      {
        definition,
        baseUrl,
        clientId,
        clientSecret,
        tokenUrl: endpoints.tokenUrl,
        config: {
          ...(authBaseUrl !== spec.defaultAuthBaseUrl(baseUrl) ? { authBaseUrl } : {}),
          callbackUrl: callback.uri,
        },
        connectionId: existing?.id ?? null,
        label: input.label,
        requestedScopes: scopes,
      },
    );
    this.deps.log.info('oauth authorization started', {
      provider: input.provider,
      reconnect: Boolean(existing),
    });
    return { flowId: started.flowId, url: started.url, redirectUri: callback.uri };
  }

  /**
   * Waits for the browser's answer, exchanges the code, and saves the connection (or the new
   * credential of the one being reconnected). Rejects with a ConsoleError that says what happened.
   */
  async complete(
    flowId: string,
    signal?: AbortSignal,
  ): Promise<{ connection: ConnectionSummary; check: ConnectionCheck }> {
    const { tokens, meta } = await this.flows.complete(flowId, signal);
    const secret: StoredSecret = {
      kind: 'oauth',
      clientId: meta.clientId,
      clientSecret: meta.clientSecret,
      accessToken: tokens.accessToken,
      // Without offline_access there is none; the session then asks to reconnect at expiry.
      refreshToken: tokens.refreshToken ?? '',
      expiresAt: tokens.expiresAt,
      tokenUrl: meta.tokenUrl,
    };
    const config = { ...meta.config, grantedScopes: tokens.scopes ?? meta.requestedScopes };
    if (meta.connectionId) {
      const check = await this.deps.connections.replaceCredential(
        meta.connectionId,
        secret,
        config,
      );
      return { connection: this.deps.connections.summary(meta.connectionId), check };
    }
    return this.deps.connections.create({
      provider: meta.definition.kind,
      baseUrl: meta.baseUrl,
      secret,
      config,
      label: meta.label,
      storeCredential: true,
    });
  }

  cancel(flowId: string): void {
    this.flows.cancel(flowId);
  }

  /** Stops every flow waiting for a browser (shutdown). */
  cancelAll(): void {
    this.flows.cancelAll();
  }

  private storedClient(
    connectionId: string,
  ): { clientId: string; clientSecret: string; tokenUrl: string | undefined } | null {
    try {
      const secret = this.deps.vault.load(connectionId);
      return secret.kind === 'oauth'
        ? {
            clientId: secret.clientId,
            clientSecret: secret.clientSecret,
            tokenUrl: secret.tokenUrl,
          }
        : null;
    } catch {
      // Undecryptable or gone: the admin enters the client secret again.
      return null;
    }
  }
}

function oauthSpec(definition: ProviderDefinition): ProviderOAuthSpec {
  if (!definition.oauth) {
    throw new ConsoleError(
      'BAD_INPUT',
      `${definition.label} connects with an API key, not through an OAuth app.`,
      `Use the API key step of the ${definition.label} connection.`,
    );
  }
  return definition.oauth;
}

function missing(field: string, what: string, ats: string): ConsoleError {
  const message = `Enter the ${what} of the ${ats} OAuth app.`;
  return new ConsoleError(
    'BAD_INPUT',
    message,
    `${ats} gives the client id and secret when it registers the app for your account.`,
    [{ path: field, message }],
  );
}

function otherHost(ats: string, savedFor: string, wanted: string): ConsoleError {
  const message = `The stored client secret of this ${ats} OAuth app was saved for ${new URL(savedFor).host}, not ${new URL(wanted).host}, so it is not sent there.`;
  return new ConsoleError(
    'BAD_INPUT',
    message,
    `Enter the client secret again for the new OAuth host (or leave the OAuth host as it was).`,
    [{ path: 'clientSecret', message }],
  );
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The OAuth host receives the client secret: https, or http on this computer (a sandbox). */
function checkAuthHost(value: string): string {
  const refuse = (detail: string) =>
    new ConsoleError(
      'BAD_INPUT',
      `The OAuth host "${value}" cannot be used: ${detail}`,
      'Leave it empty to use the ATS’s own.',
      [{ path: 'authBaseUrl', message: detail }],
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('it is not a web address.');
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  ) {
    throw refuse('it must start with https:// (plain http only for a sandbox on this computer).');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw refuse('it must not contain a user name, password, query or fragment.');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
