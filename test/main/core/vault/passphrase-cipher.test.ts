import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_COST,
  PassphraseCipher,
} from '../../../../src/main/core/vault/passphrase-cipher';
import { weakPassphraseReason } from '../../../../src/main/core/vault/passphrase-strength';

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

/** Written by the first format (`KPV1`, scrypt N = 2^15), before the cost moved into a header. */
const FORMAT_1 = {
  passphrase: 'an old vault passphrase',
  credential: Buffer.from(
    'S1BWMQCI+d4MFldBh1km6miNsi8b/yK8Q7fPLKCvo0pCFWJHf2HbcFXC78Vv5F/Y7feaPugDPKjdAsH61VeDs+6H8kgP0PvXBzL5pQpWy7PYuxwrvt5E14oFqY+AfpTpbZCjaWxC6UzXjHjDjwQ=',
    'base64',
  ),
};

describe('PassphraseCipher formats', () => {
  it('writes format 2 with scrypt N = 2^17 (r 8, p 1) named in the header', () => {
    const blob = new PassphraseCipher('correct horse battery').encrypt('secret value');
    expect(blob.subarray(0, 4).toString()).toBe('KPV2');
    expect([...blob.subarray(4, 7)]).toEqual([17, 8, 1]);
    expect(DEFAULT_SCRYPT_COST.log2N).toBeGreaterThanOrEqual(17);
  });

  it('still opens a credential written in the first format', () => {
    const cipher = new PassphraseCipher(FORMAT_1.passphrase);
    expect(JSON.parse(cipher.decrypt(FORMAT_1.credential))).toEqual({
      kind: 'api_key',
      apiKey: 'sim_ashby_full_legacy_0123456789',
    });
    expect(() =>
      new PassphraseCipher('another old passphrase').decrypt(FORMAT_1.credential),
    ).toThrow();
  });

  it('reads the cost from the header (a blob written at another cost opens)', () => {
    const cheap = new PassphraseCipher('correct horse battery', {
      cost: { log2N: 14, r: 8, p: 1 },
    });
    const blob = cheap.encrypt('secret value');
    expect(new PassphraseCipher('correct horse battery').decrypt(blob)).toBe('secret value');
  });

  it('refuses a header whose cost was changed, and a cost above its limit', () => {
    const cipher = new PassphraseCipher('correct horse battery', {
      cost: { log2N: 14, r: 8, p: 1 },
    });
    const blob = cipher.encrypt('secret value');
    const lowered = Buffer.from(blob);
    lowered[4] = 13;
    expect(() => cipher.decrypt(lowered)).toThrow();
    const huge = Buffer.from(blob);
    huge[4] = 30;
    expect(() => cipher.decrypt(huge)).toThrow(/Unsupported scrypt cost/);
  });

  it('opens only with the same associated data', () => {
    const cipher = new PassphraseCipher('correct horse battery');
    const blob = cipher.encrypt('secret value', Buffer.from('connection-a'));
    expect(cipher.decrypt(blob, Buffer.from('connection-a'))).toBe('secret value');
    expect(() => cipher.decrypt(blob, Buffer.from('connection-b'))).toThrow();
    expect(() => cipher.decrypt(blob)).toThrow();
  });
});

describe('a new vault passphrase', () => {
  it('must be long enough and not easy to guess', () => {
    expect(weakPassphraseReason('short-pass1')).toMatch(/at least 12 characters/);
    expect(weakPassphraseReason('aaaaaaaaaaaaaaaa')).toMatch(/easy to guess/);
    expect(weakPassphraseReason('password1234')).toMatch(/easy to guess/);
    expect(weakPassphraseReason('abcdefghijklmnop')).toMatch(/easy to guess/);
    expect(weakPassphraseReason('correct horse battery staple')).toBeNull();
    expect(weakPassphraseReason('test-vault-passphrase')).toBeNull();
    expect(new PassphraseCipher('aaaaaaaaaaaa').newVaultProblem()).toMatch(/easy to guess/);
  });
});
