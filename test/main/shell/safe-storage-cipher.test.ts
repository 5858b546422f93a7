import { describe, expect, it } from 'vitest';
import {
  createSafeStorageCipher,
  type SafeStorageLike,
} from '../../../src/main/shell/safe-storage-cipher';

function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from(`enc:${text}`),
    decryptString: (buffer) => buffer.toString().replace(/^enc:/, ''),
    getSelectedStorageBackend: () => backend,
  };
}

describe('createSafeStorageCipher', () => {
  it('uses a real Linux keyring backend', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage('gnome_libsecret'), {
      platform: 'linux',
      allowBasicText: () => false,
    });
    expect(cipher.status()).toMatchObject({
      available: true,
      backend: 'safestorage:gnome_libsecret',
    });
    expect(cipher.decrypt(cipher.encrypt('key'))).toBe('key');
  });

  it('refuses basic_text storage on Linux unless the admin opted in', () => {
    let optedIn = false;
    const cipher = createSafeStorageCipher(fakeSafeStorage('basic_text'), {
      platform: 'linux',
      allowBasicText: () => optedIn,
    });
    expect(cipher.status()).toMatchObject({ available: false, canOptIn: true });
    expect(cipher.status().reason).toMatch(/keyring/);
    expect(() => cipher.encrypt('key')).toThrow();
    optedIn = true;
    expect(cipher.status().available).toBe(true);
  });

  it('reports a locked keychain as unavailable', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage('os', false), {
      platform: 'darwin',
      allowBasicText: () => false,
    });
    expect(cipher.status()).toMatchObject({ available: false });
  });

  it('names the backend in its scheme so a keyring switch is detected', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage('kwallet5'), {
      platform: 'linux',
      allowBasicText: () => false,
    });
    expect(cipher.scheme).toBe('safestorage-v1:kwallet5');
  });
});
