import type {
  ConnectionCheck,
  ConnectionSummary,
  PermissionCheck,
} from '../../../shared/domain/connections';
import type { SyncRunSummary } from '../../../shared/domain/runs';
import { ConsoleError } from '../../core/errors';
import type { StoredSecret } from '../../core/vault/vault';
import type { ProviderDefinition } from '../../core/providers/registry';
import { UsageError, type CommandContext, type CommandSpec } from '../command';
import { readInputFile } from '../input-file';
import { resolveConnection } from '../resolve-connection';
import { printProgress, printRun } from '../sync-output';
import { VAULT_PASSPHRASE_ENV } from '../vault-env';

/**
 * `connect <ats>`: checks a credential and saves the connection. An API key comes from
 * `--api-key-file` or the ATS's environment variable, never from the command line (shell history);
 * it is stored encrypted when the passphrase vault is available, else each run passes it again.
 * An ATS with an OAuth app also gets `--oauth`: the command prints the authorize URL, waits on
 * the loopback redirect, and stores the tokens (which requires the vault: refresh tokens rotate).
 */
export function connectCommand(definition: ProviderDefinition): CommandSpec {
  const oauth = definition.oauth;
  const keyEnv = definition.apiKeyEnv ?? `${definition.kind.toUpperCase()}_API_KEY`;
  const secretEnv = `${definition.kind.toUpperCase()}_CLIENT_SECRET`;
  return {
    name: `connect ${definition.kind}`,
    summary: oauth
      ? `Connect ${definition.label} with an API key ($${keyEnv}) or its OAuth app (--oauth)`
      : `Connect ${definition.label} with an API key ($${keyEnv} or --api-key-file)`,
    usage: oauth
      ? `[--base-url URL] [--api-key-file F] [--label TEXT] [--import] | --reconnect CONNECTION [--api-key-file F] | --oauth --client-id ID [--callback-url URL] [--auth-url URL] [--reconnect CONNECTION] [--import]  (client secret from $${secretEnv})`
      : `[--base-url URL] [--api-key-file F]${definition.writeUserRequired ? ' [--write-user USER_ID]' : ''} [--label TEXT] [--import] | --reconnect CONNECTION [--api-key-file F]`,
    options: {
      ...(definition.writeUserRequired ? { 'write-user': { type: 'string' as const } } : {}),
      'base-url': { type: 'string' },
      'api-key-file': { type: 'string' },
      label: { type: 'string' },
      import: { type: 'boolean' },
      reconnect: { type: 'string' },
      ...(oauth
        ? {
            oauth: { type: 'boolean' },
            'client-id': { type: 'string' },
            'callback-url': { type: 'string' },
            'auth-url': { type: 'string' },
          }
        : {}),
    },
    async run(ctx, { values }) {
      const text = (name: string) =>
        typeof values[name] === 'string' ? (values[name] as string) : undefined;
      if (values.oauth === true) {
        if (text('api-key-file'))
          throw new UsageError('--oauth and --api-key-file cannot be combined.');
        const connected = await connectWithOAuth(ctx, definition, {
          clientId: text('client-id'),
          clientSecret: ctx.env[secretEnv],
          secretEnv,
          callbackUrl: text('callback-url'),
          authBaseUrl: text('auth-url'),
          baseUrl: text('base-url'),
          reconnect: text('reconnect'),
          label: text('label'),
        });
        return values.import === true
          ? { ...connected, run: await initialImport(ctx, connected.connection) }
          : connected;
      }
      for (const flag of ['client-id', 'callback-url', 'auth-url']) {
        if (text(flag)) throw new UsageError(`--${flag} only goes with --oauth.`);
      }
      const reconnect = text('reconnect');
      if (reconnect !== undefined) {
        for (const flag of ['base-url', 'label']) {
          if (text(flag))
            throw new UsageError(
              `--${flag} does not go with --reconnect: a reconnection keeps the connection's host and name.`,
            );
        }
        const apiKey = readApiKey(ctx, text('api-key-file'), keyEnv, definition.label);
        const reconnected = await reconnectWithKey(ctx, definition, reconnect, apiKey);
        return values.import === true
          ? { ...reconnected, run: await initialImport(ctx, reconnected.connection) }
          : reconnected;
      }
      const apiKey = readApiKey(ctx, text('api-key-file'), keyEnv, definition.label);
      const { context } = ctx.core();
      const store = context.vault.status().available;
      // The ATS user reads and writes act as, known before any import (Greenhouse: a Site Admin).
      const writeUser = text('write-user');
      if (writeUser !== undefined && !/^\S+$/.test(writeUser)) {
        throw new UsageError(
          '--write-user takes the user’s id (in Greenhouse, the number in their address under Configure → Users).',
        );
      }
      const created = await context.connections.create({
        provider: definition.kind,
        baseUrl: text('base-url'),
        secret: { kind: 'api_key', apiKey },
        label: text('label'),
        storeCredential: store,
        ...(writeUser ? { config: { performAs: writeUser } } : {}),
      });
      report(ctx, created.connection, created.check);
      if (!store && !ctx.io.json) {
        ctx.io.out(
          `The key was not stored (no $${VAULT_PASSPHRASE_ENV}); pass it to each run through $${keyEnv}.`,
        );
      }
      const run =
        values.import === true
          ? await initialImport(ctx, created.connection, { kind: 'api_key', apiKey })
          : undefined;
      return { ...created, credentialStored: store, ...(run ? { run } : {}) };
    },
  };
}

/**
 * `--reconnect C` with an API key: checks the new key and stores it for the connection (its cached
 * data, queued changes and settings stay). Storing needs the vault, since the point is a key that
 * later commands read.
 */
async function reconnectWithKey(
  ctx: CommandContext,
  definition: ProviderDefinition,
  wanted: string,
  apiKey: string,
) {
  const { context } = ctx.core();
  const row = resolveConnection(context.db, wanted);
  if (row.provider !== definition.kind) {
    throw new UsageError(
      `“${row.label}” is a ${row.provider} connection; reconnect it with \`kula-console connect ${row.provider} --reconnect ${row.id}\`.`,
    );
  }
  if (!context.vault.status().available) {
    throw new ConsoleError(
      'VAULT_UNAVAILABLE',
      'Reconnecting stores the new key, and the command line cannot store it without a vault passphrase.',
      `Set $${VAULT_PASSPHRASE_ENV} and run the command again, or pass the key to each run through the environment instead.`,
    );
  }
  const check = await context.connections.replaceCredential(row.id, {
    kind: 'api_key',
    apiKey,
  });
  const connection = context.connections.summary(row.id);
  if (!ctx.io.json) ctx.io.out(`The new key of “${connection.label}” is checked and stored.`);
  report(ctx, connection, check);
  return { connection, check, credentialStored: true };
}

/** `--import`: the first sync right away, with the credential just checked (stored or not). */
async function initialImport(
  ctx: CommandContext,
  connection: ConnectionSummary,
  credential?: StoredSecret,
): Promise<SyncRunSummary> {
  const core = ctx.core();
  if (!ctx.io.json) ctx.io.out('\nImporting…');
  const stop = printProgress(core, ctx.io);
  let run: SyncRunSummary;
  try {
    run = await core.context.sync.run(connection.id, {
      trigger: 'initial-import',
      ...(credential ? { credential } : {}),
    });
  } finally {
    stop();
  }
  printRun(ctx.io, connection.label, run);
  if (run.status !== 'succeeded') {
    throw new ConsoleError(
      run.errorCode ?? 'INTERNAL',
      `Connected “${connection.label}”, but the import did not finish: ${run.message ?? run.status}`,
      `Run \`kula-console sync ${connection.id}\` to resume it from where it stopped.`,
    );
  }
  return run;
}

async function connectWithOAuth(
  ctx: CommandContext,
  definition: ProviderDefinition,
  input: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    secretEnv: string;
    callbackUrl: string | undefined;
    authBaseUrl: string | undefined;
    baseUrl: string | undefined;
    reconnect: string | undefined;
    label: string | undefined;
  },
) {
  if (!input.clientId && !input.reconnect) {
    throw new UsageError('--oauth needs --client-id (the OAuth app’s client id).');
  }
  const { context } = ctx.core();
  if (!context.vault.status().available) {
    throw new ConsoleError(
      'VAULT_UNAVAILABLE',
      `${definition.label}'s OAuth tokens rotate, so the command line must store them, and it cannot without a vault passphrase.`,
      `Set $${VAULT_PASSPHRASE_ENV} (a new vault takes 12+ characters, not easy to guess) and run the command again.`,
    );
  }
  if (!input.clientSecret && !input.reconnect) {
    throw new ConsoleError(
      'BAD_INPUT',
      `The OAuth app's client secret is missing.`,
      `Set $${input.secretEnv} to the client secret ${definition.label} gave for the app (it is never taken from the command line).`,
    );
  }
  const started = await context.oauth.begin({
    provider: definition.kind,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    callbackUrl: input.callbackUrl,
    authBaseUrl: input.authBaseUrl,
    baseUrl: input.baseUrl,
    connectionId: input.reconnect,
    label: input.label,
  });
  // Instructions go to stderr, so `--json` output stays one JSON document.
  ctx.io.err(
    [
      `Open this address in your browser and sign in to ${definition.label} as a Super Admin:`,
      '',
      `  ${started.url}`,
      '',
      `Review the permissions and click Accept. Waiting for ${definition.label}'s answer on ${started.redirectUri} (up to 5 minutes)…`,
    ].join('\n'),
  );
  const done = await context.oauth.complete(started.flowId);
  if (!ctx.io.json) ctx.io.out(`${definition.label} is now connected to Kula.`);
  report(ctx, done.connection, done.check);
  return { ...done, credentialStored: true };
}

function readApiKey(
  ctx: CommandContext,
  file: string | undefined,
  env: string,
  ats: string,
): string {
  let key: string | undefined;
  if (file) {
    key = readInputFile(file, { what: 'an API key file', maxBytes: 64 * 1024 })
      .toString('utf8')
      .trim();
  } else {
    key = ctx.env[env]?.trim();
  }
  if (!key) {
    throw new ConsoleError(
      'BAD_INPUT',
      file ? `The API key file "${file}" is empty.` : `No ${ats} API key was given.`,
      `Pass --api-key-file FILE, or set $${env}.`,
    );
  }
  if (/\s/.test(key)) {
    throw new ConsoleError(
      'BAD_INPUT',
      `The ${ats} API key contains spaces or line breaks, so it cannot be a key.`,
      'Put only the key in the file or variable.',
    );
  }
  return key;
}

function report(ctx: CommandContext, connection: ConnectionSummary, check: ConnectionCheck): void {
  if (ctx.io.json) return;
  ctx.io.out(
    `Connection   ${connection.id}  “${connection.label}” (${connection.authMode === 'oauth' ? 'OAuth' : 'API key'})`,
  );
  if (check.accountLabel) ctx.io.out(`Account      ${check.accountLabel}`);
  ctx.io.out('Permissions');
  for (const permission of check.permissions) ctx.io.out(`  ${permissionLine(permission)}`);
  const open = check.setup.filter((item) => !item.ok);
  if (open.length > 0) {
    ctx.io.out('To do');
    for (const item of open) {
      ctx.io.out(`  - ${item.title}: ${item.detail}${item.action ? ` ${item.action}` : ''}`);
    }
  }
  for (const note of check.notes ?? []) ctx.io.out(note);
  ctx.io.out(`Next: kula-console sync ${connection.id}`);
}

function permissionLine(permission: PermissionCheck): string {
  const name = permission.label ?? permission.name;
  if (permission.granted === true) return `yes      ${name}`;
  if (permission.granted === 'unknown') return `unknown  ${name}`;
  return `MISSING  ${name} (without it: ${permission.features.join('; ')})`;
}
