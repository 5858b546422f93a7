import type { VaultStatus } from '../../shared/domain/app';
import type { SecretCipher } from '../core/vault/cipher';

/** The part of Electron's `safeStorage` the cipher uses (an interface, so tests can pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageCipherOptions {
  platform: NodeJS.Platform;
  /** The admin accepted, after a plain warning, that secrets are only obfuscated on this machine. */
  allowBasicText: () => boolean;
}

/**
 * Secrets encrypted by the OS keychain (macOS Keychain, Windows DPAPI, libsecret/kwallet on
 * Linux). On Linux, `basic_text` means "no keyring: a hard-coded password", which protects
 * nothing; it counts as unavailable unless the admin opted in.
 */
export function createSafeStorageCipher(
  safeStorage: SafeStorageLike,
  options: SafeStorageCipherOptions,
): SecretCipher {
  const backend = () =>
    options.platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : 'os';

  const status = (): VaultStatus => {
    const selected = backend();
    if (options.platform === 'linux' && (selected === 'basic_text' || selected === 'unknown')) {
      if (options.allowBasicText() && safeStorage.isEncryptionAvailable()) {
        return { available: true, backend: `safestorage:${selected}` };
      }
      return {
        available: false,
        backend: `safestorage:${selected}`,
        canOptIn: selected === 'basic_text',
        reason:
          'No system keyring (GNOME Keyring or KWallet) is available, so credentials could only be obfuscated, not encrypted. Start a keyring and restart the console, or allow unprotected storage in Settings.',
      };
    }
    if (!safeStorage.isEncryptionAvailable()) {
      return {
        available: false,
        backend: `safestorage:${selected}`,
        reason: 'The system keychain is locked or unavailable. Unlock it and try again.',
      };
    }
    return { available: true, backend: `safestorage:${selected}` };
  };

  return {
    // The backend is part of the scheme so a keyring switch is detected instead of mis-decrypted.
    get scheme() {
      return `safestorage-v1:${backend()}`;
    },
    status,
    encrypt(plaintext) {
      if (!status().available) throw new Error('safeStorage unavailable');
      return safeStorage.encryptString(plaintext);
    },
    decrypt(ciphertext) {
      if (!status().available) throw new Error('safeStorage unavailable');
      return safeStorage.decryptString(ciphertext);
    },
  };
}
