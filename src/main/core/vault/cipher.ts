import type { VaultStatus } from '../../../shared/domain/app';

/**
 * Encrypts secrets at rest. The Electron shell supplies one backed by `safeStorage`; the CLI and
 * tests use a passphrase-derived one. The core never sees how, only whether it is available.
 */
export interface SecretCipher {
  /** Written next to each ciphertext, so a change of cipher is detected, not mis-decrypted. */
  readonly scheme: string;
  status(): VaultStatus;
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
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
