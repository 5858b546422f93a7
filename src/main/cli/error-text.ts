import type { ConsoleError, ReconnectHint } from '../core/errors';
import { createProviderRegistry } from '../core/providers';
import { UnreadableCredentialError } from '../core/vault/unreadable-credential';
import { VAULT_PASSPHRASE_ENV } from './vault-env';

/**
 * The command line's words for an error. The core says what to do in the app's terms (the
 * Connections page); where an error names a connection to reconnect, or a passphrase to type
 * again, the command line names its own commands and variables instead.
 */
export function cliAction(error: ConsoleError): string | undefined {
  if (
    error instanceof UnreadableCredentialError &&
    error.reason === 'wrong-key' &&
    !error.reconnect
  )
    return `Set $${VAULT_PASSPHRASE_ENV} to the passphrase the credentials were stored with; nothing was changed.`;
  if (!error.reconnect) return error.action;
  if (error instanceof UnreadableCredentialError && error.reason === 'other-host')
    return storedByTheApp(error.reconnect);
  if (error instanceof UnreadableCredentialError && error.reason === 'unverified')
    return `Set $${VAULT_PASSPHRASE_ENV} to the passphrase it was stored with, or ${reconnectWords(error.reconnect)}`;
  if (error.code === 'CONFLICT') return `To use a new key, ${reconnectWords(error.reconnect)}`;
  return `${capitalized(reconnectWords(error.reconnect))}`;
}

/** How to reconnect from the command line, and how to get by for one run. */
function reconnectWords(hint: ReconnectHint): string {
  const { keyEnv, label, oauth } = describe(hint.provider);
  const command = `kula-console connect ${hint.provider} --reconnect ${hint.connectionId}`;
  const withKey = keyEnv ? ` (the key from $${keyEnv} or --api-key-file FILE)` : '';
  const withOAuth = oauth ? `, or \`${command} --oauth\` for ${label}'s OAuth app` : '';
  const oneRun = keyEnv ? `; to sync once without storing a key, set $${keyEnv}` : '';
  return `reconnect it: \`${command}\`${withKey}${withOAuth}${oneRun}. Cached data and queued changes are kept.`;
}

function storedByTheApp(hint: ReconnectHint): string {
  const { keyEnv } = describe(hint.provider);
  const command = `kula-console connect ${hint.provider} --reconnect ${hint.connectionId}`;
  return `Sync it from the desktop app${keyEnv ? `, or pass the key for this run in $${keyEnv}` : ''}. Storing a key for the command line (\`${command}\`) replaces the app's, which the app then cannot read.`;
}

function describe(provider: string): { keyEnv?: string; label: string; oauth: boolean } {
  const registry = createProviderRegistry();
  if (!registry.has(provider)) return { label: provider, oauth: false };
  const definition = registry.get(provider);
  return {
    ...(definition.apiKeyEnv ? { keyEnv: definition.apiKeyEnv } : {}),
    label: definition.label,
    oauth: definition.oauth !== undefined,
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
