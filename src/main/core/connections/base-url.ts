import { ConsoleError } from '../errors';
import type { ProviderDefinition } from '../providers/registry';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The API host an admin typed (the wizard's advanced field, the CLI's `--base-url`): http(s)
 * without credentials, query or fragment; plain http only on this computer (a sandbox), so a key
 * never crosses a network unencrypted.
 */
export function normalizeBaseUrl(
  input: string | undefined,
  definition: ProviderDefinition,
): string {
  const text = input?.trim();
  if (!text) return definition.defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badHost(`“${text}” is not a web address.`, definition);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw badHost('The API host must start with https://.', definition);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw badHost(
      'Plain http is only allowed for a sandbox on this computer (127.0.0.1 or localhost); use https:// for anything else.',
      definition,
    );
  if (url.username || url.password || url.search || url.hash)
    throw badHost(
      'The API host must not contain a user name, password, query or fragment.',
      definition,
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The API host saved with a connection, checked again before a key is sent there: something other
 * than the console may have written the database. A stored credential is also bound to its host
 * (see the vault); a key given for one run is protected by this check alone.
 */
export function checkSavedBaseUrl(
  saved: string,
  definition: ProviderDefinition,
  label: string,
): string {
  let normalized: string | null;
  try {
    normalized = normalizeBaseUrl(saved, definition);
  } catch {
    normalized = null;
  }
  if (normalized !== saved) {
    throw new ConsoleError(
      'CONFLICT',
      `The API host saved for “${label}” (${saved.slice(0, 120)}) is not one the console would have saved (https, or http on this computer only), so no key was sent to it.`,
      'Remove the connection and connect it again with the right host.',
    );
  }
  return saved;
}

/** The host of an API address, as messages and the audit trail name it. */
export function hostOf(baseUrl: string): string {
  return new URL(baseUrl).host;
}

function badHost(message: string, definition: ProviderDefinition): ConsoleError {
  return new ConsoleError(
    'BAD_INPUT',
    message,
    `Leave the API host empty to use ${definition.label}'s own (${definition.defaultBaseUrl}).`,
    [{ path: 'baseUrl', message }],
  );
}
