import { ConsoleError } from '../errors';
import type { Vault } from '../vault/vault';

/** Refuses to go on when credentials cannot be stored safely on this machine. */
export function assertVaultAvailable(vault: Pick<Vault, 'status'>): void {
  const status = vault.status();
  if (!status.available) {
    throw new ConsoleError(
      'VAULT_UNAVAILABLE',
      'The console cannot store credentials safely on this machine, so nothing was saved.',
      status.reason ?? 'Unlock or install a system keyring, then try again.',
    );
  }
}

export function notFound(connectionId: string): ConsoleError {
  return new ConsoleError(
    'NOT_FOUND',
    `There is no connection “${connectionId}”.`,
    'List the connections to see their ids; it may have been removed.',
  );
}
