import { getMeta, setMeta } from '../db/repos/app-meta';
import type { DB } from '../db/database';
import type { SecretCipher } from './cipher';

const CHECK_TEXT = 'kula-vault-check';
const CHECK_DATA = Buffer.from(CHECK_TEXT, 'utf8');

/** Whether this process's key is the one the vault was set up with. */
export type KeyState = 'opens' | 'wrong' | 'unknown';

/**
 * The vault's check value: a known text encrypted with the vault's key when its first credential
 * is stored (`app_meta`, one per cipher scheme). Decrypting it tells a wrong key (a mistyped
 * passphrase) from a damaged credential before any credential is blamed.
 */
export class KeyCheck {
  private state: KeyState | null = null;

  constructor(
    private readonly db: DB,
    private readonly cipher: SecretCipher,
  ) {}

  private get metaKey(): string {
    return `vault_check:${this.cipher.scheme}`;
  }

  /** Whether this key opens the vault; `unknown` while no check value was written yet. */
  current(): KeyState {
    if (this.state === 'opens') return this.state;
    const stored = getMeta(this.db, this.metaKey);
    if (!stored) return 'unknown';
    try {
      const text = this.cipher.decrypt(Buffer.from(stored, 'base64'), CHECK_DATA);
      this.state = text === CHECK_TEXT ? 'opens' : 'wrong';
    } catch {
      this.state = 'wrong';
    }
    return this.state;
  }

  /** Writes the check value with this key (first credential, or a vault started over). */
  record(): void {
    setMeta(this.db, this.metaKey, this.cipher.encrypt(CHECK_TEXT, CHECK_DATA).toString('base64'));
    this.state = 'opens';
  }

  /** Writes the check value when there is none yet; a read-only database keeps it for later. */
  recordIfMissing(): void {
    if (this.state === 'opens' || getMeta(this.db, this.metaKey)) return;
    try {
      this.record();
    } catch {
      // Read-only or full: the next process that can write records it.
    }
  }
}
