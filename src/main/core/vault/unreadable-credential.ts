import { ConsoleError } from '../errors';

/**
 * Why a stored credential cannot be read by this process:
 * - `missing`: none is stored;
 * - `other-host`: another kind of cipher wrote it (the desktop app's keyring, or the command
 *   line's passphrase vault), which can still read it;
 * - `wrong-key`: this process's key does not open the vault (a mistyped passphrase, or a keyring
 *   that was reset);
 * - `damaged`: the key opens the vault but not this credential (damaged, or its connection's host
 *   was changed since it was stored);
 * - `unverified`: it does not decrypt, and the vault has no check value to tell the two above
 *   apart (a data folder from before the check existed).
 */
export type UnreadableReason = 'missing' | 'other-host' | 'wrong-key' | 'damaged' | 'unverified';

/**
 * The stored credential exists but cannot be read here; the ATS never saw a problem. Only when
 * nobody could read it any more (`pausesConnection`) is the connection paused for every process.
 */
export class UnreadableCredentialError extends ConsoleError {
  constructor(
    readonly reason: UnreadableReason,
    readonly pausesConnection: boolean,
    message: string,
    action: string,
  ) {
    super('NEEDS_REAUTH', message, action);
    this.name = 'UnreadableCredentialError';
  }
}
