import crypto from 'node:crypto';
import type { VaultStatus } from '../../../shared/domain/app';
import type { SecretCipher } from './cipher';
import { weakPassphraseReason } from './passphrase-strength';

const MAGIC_V1 = Buffer.from('KPV1');
const MAGIC_V2 = Buffer.from('KPV2');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** scrypt's cost: N = 2^log2N, block size r, parallelism p. */
export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

/** What new ciphertexts use: about half a second per derivation on a laptop, once per process. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 17, r: 8, p: 1 };
/** The first format's fixed cost, for blobs written before the cost was in the header. */
const V1_COST: ScryptCost = { log2N: 15, r: 8, p: 1 };
/**
 * The highest cost a blob may ask for: a header is not trusted before the key is derived, so a
 * planted blob must not be able to make the console allocate gigabytes.
 */
const MAX_COST: ScryptCost = { log2N: 18, r: 8, p: 2 };

/**
 * AES-256-GCM with a key derived by scrypt from a passphrase (the CLI reads it from
 * `KULA_VAULT_PASSPHRASE`). GCM's tag makes a wrong passphrase or a tampered blob fail loudly
 * instead of decrypting to garbage.
 *
 * Format 2 (`KPV2`): magic, scrypt's cost (log2 N, r, p: one byte each), salt, IV, tag, body. The
 * header and the caller's associated data are authenticated together. Format 1 (`KPV1`: magic,
 * salt, IV, tag, body at a fixed N = 2^15, no associated data) is still read. One salt serves a
 * whole process (the first one derived, read or written), so a process derives its key once; each
 * blob has its own IV.
 */
export class PassphraseCipher implements SecretCipher {
  // The blob's header names its format version; the scheme names the family of ciphers that read it.
  readonly scheme = 'passphrase-v1';
  readonly typedKey: boolean = true;
  private readonly keys = new Map<string, Buffer>();
  private current: { salt: Buffer; key: Buffer; cost: ScryptCost } | null = null;
  private readonly cost: ScryptCost;

  constructor(
    private readonly passphrase: string,
    options: { cost?: ScryptCost } = {},
  ) {
    if (passphrase.length < 8) {
      throw new Error('The vault passphrase must be at least 8 characters long.');
    }
    this.cost = options.cost ?? DEFAULT_SCRYPT_COST;
  }

  status(): VaultStatus {
    return { available: true, backend: 'passphrase' };
  }

  newVaultProblem(): string | null {
    return weakPassphraseReason(this.passphrase);
  }

  encrypt(plaintext: string, associatedData?: Buffer): Buffer {
    this.current ??= this.derive(crypto.randomBytes(SALT_BYTES), this.cost);
    const { salt, key, cost } = this.current;
    const iv = crypto.randomBytes(IV_BYTES);
    const header = Buffer.concat([MAGIC_V2, Buffer.from([cost.log2N, cost.r, cost.p]), salt, iv]);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(authenticated(header, associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([header, cipher.getAuthTag(), body]);
  }

  decrypt(ciphertext: Buffer, associatedData?: Buffer): string {
    const magic = ciphertext.subarray(0, 4);
    if (magic.equals(MAGIC_V2)) return this.decryptV2(ciphertext, associatedData);
    if (magic.equals(MAGIC_V1)) return this.decryptV1(ciphertext);
    throw new Error('Not a passphrase-vault ciphertext.');
  }

  private decryptV2(ciphertext: Buffer, associatedData: Buffer | undefined): string {
    const headerBytes = 4 + 3 + SALT_BYTES + IV_BYTES;
    if (ciphertext.length < headerBytes + TAG_BYTES) throw new Error('Truncated ciphertext.');
    const cost: ScryptCost = { log2N: ciphertext[4]!, r: ciphertext[5]!, p: ciphertext[6]! };
    if (!withinLimits(cost)) throw new Error('Unsupported scrypt cost in the ciphertext header.');
    const salt = ciphertext.subarray(7, 7 + SALT_BYTES);
    const iv = ciphertext.subarray(7 + SALT_BYTES, headerBytes);
    const tag = ciphertext.subarray(headerBytes, headerBytes + TAG_BYTES);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key(salt, cost), iv);
    decipher.setAAD(authenticated(ciphertext.subarray(0, headerBytes), associatedData));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(ciphertext.subarray(headerBytes + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  private decryptV1(ciphertext: Buffer): string {
    if (ciphertext.length < 4 + SALT_BYTES + IV_BYTES + TAG_BYTES) {
      throw new Error('Truncated ciphertext.');
    }
    let offset = 4;
    const salt = ciphertext.subarray(offset, (offset += SALT_BYTES));
    const iv = ciphertext.subarray(offset, (offset += IV_BYTES));
    const tag = ciphertext.subarray(offset, (offset += TAG_BYTES));
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key(salt, V1_COST), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext.subarray(offset)), decipher.final()]).toString(
      'utf8',
    );
  }

  private key(salt: Buffer, cost: ScryptCost): Buffer {
    const id = `${salt.toString('hex')}:${cost.log2N}:${cost.r}:${cost.p}`;
    const known = this.keys.get(id);
    if (known) return known;
    const derived = this.derive(Buffer.from(salt), cost);
    // A salt read at the vault's own cost becomes the one new blobs use: one derivation a process.
    if (!this.current && sameCost(cost, this.cost)) this.current = derived;
    return derived.key;
  }

  private derive(salt: Buffer, cost: ScryptCost): { salt: Buffer; key: Buffer; cost: ScryptCost } {
    const N = 2 ** cost.log2N;
    const key = crypto.scryptSync(this.passphrase, salt, 32, {
      N,
      r: cost.r,
      p: cost.p,
      maxmem: 256 * N * cost.r + 16 * 1024 * 1024,
    });
    this.keys.set(`${salt.toString('hex')}:${cost.log2N}:${cost.r}:${cost.p}`, key);
    return { salt, key, cost };
  }
}

function authenticated(header: Buffer, associatedData: Buffer | undefined): Buffer {
  return associatedData ? Buffer.concat([header, associatedData]) : header;
}

function withinLimits(cost: ScryptCost): boolean {
  return (
    cost.log2N >= 10 &&
    cost.log2N <= MAX_COST.log2N &&
    cost.r >= 1 &&
    cost.r <= MAX_COST.r &&
    cost.p >= 1 &&
    cost.p <= MAX_COST.p
  );
}

function sameCost(a: ScryptCost, b: ScryptCost): boolean {
  return a.log2N === b.log2N && a.r === b.r && a.p === b.p;
}
