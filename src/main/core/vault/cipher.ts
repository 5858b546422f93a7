import type { VaultStatus } from '../../../shared/domain/app';

/**
 * Encrypts secrets at rest. The Electron shell supplies one backed by `safeStorage`; the CLI and
 * tests use a passphrase-derived one. The core never sees how, only whether it is available.
 */
export interface SecretCipher {
  /** Written next to each ciphertext, so a change of cipher is detected, not mis-decrypted. */
  readonly scheme: string;
  /**
   * The key comes from something a person types (a passphrase): a key that does not open the
   * vault is then most likely a typo, to be told to that person, never a reason to pause a
   * connection for everyone. A keyring's key is not typed: when it stops opening the vault, the
   * keyring changed for good and the connections need reconnecting.
   */
  readonly typedKey?: boolean;
  status(): VaultStatus;
  /**
   * `associatedData` is authenticated, not encrypted: decrypting with other associated data fails.
   * A cipher that cannot bind it ignores it (the vault also binds the same facts inside the
   * plaintext).
   */
  encrypt(plaintext: string, associatedData?: Buffer): Buffer;
  decrypt(ciphertext: Buffer, associatedData?: Buffer): string;
  /**
   * Why this key should not start a new vault (a weak passphrase), or null. Asked only when the
   * first credential of a data folder is stored, so an existing vault always opens.
   */
  newVaultProblem?(): string | null;
}

/** The cipher for a process that has no way to protect secrets (CLI without a passphrase). */
export class UnavailableCipher implements SecretCipher {
  readonly scheme = 'none';
  constructor(
    private readonly reason: string,
    private readonly backend = 'none',
  ) {}

  status(): VaultStatus {
    return { available: false, backend: this.backend, reason: this.reason };
  }

  encrypt(): Buffer {
    throw new Error(this.reason);
  }

  decrypt(): string {
    throw new Error(this.reason);
  }
}

/**
 * The family of a cipher scheme (`safestorage`, `passphrase`): two schemes of one family are the
 * same host with another key (a keyring backend switch), not another host.
 */
export function schemeFamily(scheme: string): string {
  return scheme.split(/[-:]/, 1)[0] ?? scheme;
}
