import crypto from 'node:crypto';
import type { VaultStatus } from '../../../shared/domain/app';
import type { SecretCipher } from './cipher';

const MAGIC = Buffer.from('KPV1');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// scrypt cost: ~50 ms per derivation on a laptop; keys are cached per salt for the process.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/**
 * AES-256-GCM with a key derived by scrypt from a passphrase (the CLI reads it from
 * `KULA_VAULT_PASSPHRASE`). Each ciphertext carries its own salt and IV; GCM's tag makes a wrong
 * passphrase or a tampered blob fail loudly instead of decrypting to garbage.
 */
export class PassphraseCipher implements SecretCipher {
  readonly scheme = 'passphrase-v1';
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly passphrase: string) {
    if (passphrase.length < 8) {
      throw new Error('The vault passphrase must be at least 8 characters long.');
    }
  }

  status(): VaultStatus {
    return { available: true, backend: 'passphrase' };
  }

  encrypt(plaintext: string): Buffer {
    const salt = crypto.randomBytes(SALT_BYTES);
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key(salt), iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, salt, iv, cipher.getAuthTag(), body]);
  }

  decrypt(ciphertext: Buffer): string {
    if (
      ciphertext.length < MAGIC.length + SALT_BYTES + IV_BYTES + TAG_BYTES ||
      !ciphertext.subarray(0, MAGIC.length).equals(MAGIC)
    ) {
      throw new Error('Not a passphrase-vault ciphertext.');
    }
    let offset = MAGIC.length;
    const salt = ciphertext.subarray(offset, (offset += SALT_BYTES));
    const iv = ciphertext.subarray(offset, (offset += IV_BYTES));
    const tag = ciphertext.subarray(offset, (offset += TAG_BYTES));
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key(salt), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext.subarray(offset)), decipher.final()]).toString(
      'utf8',
    );
  }

  private key(salt: Buffer): Buffer {
    const id = salt.toString('hex');
    let key = this.keys.get(id);
    if (!key) {
      key = crypto.scryptSync(this.passphrase, salt, 32, SCRYPT);
      this.keys.set(id, key);
    }
    return key;
  }
}
