import { describe, expect, it } from 'vitest';
import { PassphraseCipher } from '../../../../src/main/core/vault/passphrase-cipher';

describe('PassphraseCipher', () => {
  it('encrypts to a different ciphertext each time and decrypts back', () => {
    const cipher = new PassphraseCipher('correct horse battery');
    const a = cipher.encrypt('secret value');
    const b = cipher.encrypt('secret value');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('secret value'))).toBe(false);
    expect(cipher.decrypt(a)).toBe('secret value');
  });

  it('fails loudly with the wrong passphrase or a tampered blob', () => {
    const blob = new PassphraseCipher('correct horse battery').encrypt('secret value');
    expect(() => new PassphraseCipher('wrong horse battery').decrypt(blob)).toThrow();
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0xff;
    expect(() => new PassphraseCipher('correct horse battery').decrypt(tampered)).toThrow();
  });

  it('refuses a passphrase shorter than 8 characters', () => {
    expect(() => new PassphraseCipher('short')).toThrow(/at least 8/);
  });
});
