import type { CoreBasics } from '../basics';
import {
  deleteCredential,
  getCredential,
  hasCredential,
  saveCredential,
} from '../db/repos/credentials';
import { ConsoleError } from '../errors';
import type { SecretCipher } from './cipher';

/**
 * The stored credential exists but cannot be read on this machine (another keyring or passphrase,
 * a damaged row): the connection needs reconnecting; the ATS never saw a problem.
 */
export class UnreadableCredentialError extends ConsoleError {
  constructor(message: string, action: string) {
    super('NEEDS_REAUTH', message, action);
    this.name = 'UnreadableCredentialError';
  }
}

/** What a connection's credential holds. Serialized to JSON and encrypted as one blob. */
export type StoredSecret =
  | { kind: 'api_key'; apiKey: string }
  | {
      kind: 'oauth';
      clientId: string;
      clientSecret: string;
      accessToken: string;
      refreshToken: string;
      /** Epoch ms. */
      expiresAt: number;
    };

/** The vault encrypts with its cipher, stores in the database, and tells the redactor every secret. */
export type VaultDeps = Pick<CoreBasics, 'db' | 'redactor'> & { cipher: SecretCipher };

/**
 * Credentials at rest: ciphertext in the `credentials` table, plaintext only in this process's
 * memory and only while in use. Every secret passing through is registered with the redactor.
 */
export class Vault {
  constructor(private readonly deps: VaultDeps) {}

  status() {
    return this.deps.cipher.status();
  }

  store(connectionId: string, secret: StoredSecret, now: string): void {
    this.registerSecret(secret);
    const status = this.deps.cipher.status();
    if (!status.available) {
      throw new ConsoleError(
        'VAULT_UNAVAILABLE',
        'The console cannot store credentials safely on this machine.',
        status.reason ?? 'Unlock or install a system keyring, then try again.',
      );
    }
    const ciphertext = this.deps.cipher.encrypt(JSON.stringify(secret));
    saveCredential(this.deps.db, {
      connectionId,
      scheme: this.deps.cipher.scheme,
      ciphertext,
      now,
    });
  }

  has(connectionId: string): boolean {
    return hasCredential(this.deps.db, connectionId);
  }

  /**
   * Decrypts a connection's credential. A missing, foreign (written by another cipher) or
   * undecryptable credential is a NEEDS_REAUTH error: the admin reconnects, nothing else is lost.
   */
  load(connectionId: string): StoredSecret {
    const row = getCredential(this.deps.db, connectionId);
    if (!row) {
      throw new ConsoleError(
        'NEEDS_REAUTH',
        'No credential is stored for this connection.',
        'Reconnect it from the Connections page.',
      );
    }
    if (row.scheme !== this.deps.cipher.scheme) {
      throw new UnreadableCredentialError(
        `This connection's credential was saved by ${describeScheme(row.scheme)} and cannot be read here.`,
        'Reconnect the connection here, or pass the credential through the environment.',
      );
    }
    let secret: StoredSecret;
    try {
      secret = parseSecret(this.deps.cipher.decrypt(row.ciphertext));
    } catch {
      throw new UnreadableCredentialError(
        "This connection's stored credential could not be decrypted (the keyring or passphrase changed, or the file was damaged).",
        'Reconnect the connection; cached data and queued changes are kept.',
      );
    }
    this.registerSecret(secret);
    return secret;
  }

  remove(connectionId: string): void {
    deleteCredential(this.deps.db, connectionId);
  }

  registerSecret(secret: StoredSecret): void {
    for (const value of Object.values(secret)) {
      if (typeof value === 'string') this.deps.redactor.register(value);
    }
  }
}

function parseSecret(json: string): StoredSecret {
  const value = JSON.parse(json) as StoredSecret;
  if (value.kind === 'api_key' && typeof value.apiKey === 'string') return value;
  if (value.kind === 'oauth' && typeof value.refreshToken === 'string') return value;
  throw new Error('Unrecognised credential format.');
}

function describeScheme(scheme: string): string {
  if (scheme.startsWith('safestorage')) return 'the desktop app (system keyring)';
  if (scheme.startsWith('passphrase')) return 'the command line (passphrase vault)';
  return `another cipher (${scheme})`;
}
