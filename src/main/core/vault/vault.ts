import type { CoreBasics } from '../basics';
import { isoNow, systemClock, type Clock } from '../clock';
import { getConnectionRow, type ConnectionRow } from '../db/repos/connections';
import {
  deleteCredential,
  getCredential,
  hasCredential,
  listCredentialsOfScheme,
  replaceCredentialIfUnchanged,
  saveCredential,
} from '../db/repos/credentials';
import { ConsoleError } from '../errors';
import { schemeFamily, type SecretCipher } from './cipher';
import {
  associatedData,
  openEnvelope,
  sameBinding,
  sealEnvelope,
  type CredentialBinding,
} from './credential-envelope';
import { KeyCheck, type KeyState } from './key-check';
import { UnreadableCredentialError, type UnreadableReason } from './unreadable-credential';

export { UnreadableCredentialError, type UnreadableReason };

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
      /**
       * The token endpoint the client secret was saved for. The secret and the refresh token go
       * to that endpoint only; absent in credentials saved before it was recorded.
       */
      tokenUrl?: string;
    };

/** The vault encrypts with its cipher, stores in the database, and tells the redactor every secret. */
export type VaultDeps = Pick<CoreBasics, 'db' | 'redactor'> & {
  cipher: SecretCipher;
  clock?: Clock;
};

const KEPT = 'Reconnect the connection; cached data and queued changes are kept.';

/**
 * Credentials at rest: ciphertext in the `credentials` table, plaintext only in this process's
 * memory and only while in use. Every secret passing through is registered with the redactor.
 *
 * Each credential is bound to its connection (id, provider, API host: `credential-envelope.ts`).
 * A check value (`key-check.ts`) tells a wrong key from a damaged credential, and the vault never
 * stores a credential under a key other than the one the others were stored with.
 */
export class Vault {
  private readonly keyCheck: KeyCheck;

  constructor(private readonly deps: VaultDeps) {
    this.keyCheck = new KeyCheck(deps.db, deps.cipher);
  }

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
    const connection = getConnectionRow(this.deps.db, connectionId);
    if (!connection) throw new Error(`No connection ${connectionId} to store a credential for.`);
    this.admitKey(connectionId);
    const binding = bindingOf(connection);
    const ciphertext = this.deps.cipher.encrypt(
      sealEnvelope(binding, secret),
      associatedData(binding),
    );
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
   * Decrypts a connection's credential. One that cannot be read here is an
   * UnreadableCredentialError (NEEDS_REAUTH) saying why: none stored, written by another host,
   * this key does not open the vault, or damaged.
   */
  load(connectionId: string): StoredSecret {
    const { db, cipher } = this.deps;
    const row = getCredential(db, connectionId);
    const connection = getConnectionRow(db, connectionId);
    if (!row || !connection) {
      throw new UnreadableCredentialError(
        'missing',
        false,
        'No credential is stored for this connection.',
        'Reconnect it from the Connections page.',
      ).needsReconnect(hintOf(connectionId, connection));
    }
    if (row.scheme !== cipher.scheme) {
      throw this.unreadable(
        schemeFamily(row.scheme) === schemeFamily(cipher.scheme) ? 'wrong-key' : 'other-host',
        connection,
        row.scheme,
      );
    }
    const binding = bindingOf(connection);
    let secret: StoredSecret;
    let bound: boolean;
    try {
      const opened = openEnvelope(cipher.decrypt(row.ciphertext, associatedData(binding)));
      if (opened.binding && !sameBinding(opened.binding, binding)) throw new Error('moved');
      secret = parseSecret(opened.secret);
      bound = opened.binding !== null;
    } catch {
      throw this.unreadable(this.diagnose(connectionId), connection, row.scheme);
    }
    this.keyCheck.recordIfMissing();
    if (!bound) this.bindOldCredential(connectionId, row.ciphertext, binding, secret);
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

  /**
   * Refuses to store under a key other than the vault's: a mistyped passphrase on a second
   * connect would otherwise leave credentials that no single passphrase opens. A vault without
   * other credentials (new, or every other one removed) may start over with this key, if it is
   * strong enough.
   */
  private admitKey(connectionId: string): void {
    const { cipher } = this.deps;
    const state = this.resolvedKeyState(connectionId);
    if (state === 'opens') return;
    const others = listCredentialsOfScheme(this.deps.db, cipher.scheme).filter(
      (row) => row.connectionId !== connectionId,
    );
    if (state === 'wrong' && others.length > 0 && cipher.typedKey) {
      throw new ConsoleError(
        'VAULT_UNAVAILABLE',
        'The vault passphrase is not the one the other credentials in this data folder were stored with, so nothing was saved.',
        'Use the passphrase they were stored with. If it is lost, remove those connections and connect them again with the new one.',
      );
    }
    const weak = cipher.newVaultProblem?.();
    if (weak) {
      throw new ConsoleError(
        'VAULT_UNAVAILABLE',
        `${weak} Nothing was saved.`,
        'Choose a longer passphrase (four or more random words work well); every command that reads a stored key asks for it again.',
      );
    }
    this.keyCheck.record();
  }

  /** The key check, and for a vault from before check values, what the other credentials say. */
  private resolvedKeyState(excluding?: string): KeyState {
    const state = this.keyCheck.current();
    if (state !== 'unknown') return state;
    let tried = 0;
    for (const row of listCredentialsOfScheme(this.deps.db, this.deps.cipher.scheme)) {
      if (row.connectionId === excluding) continue;
      const connection = getConnectionRow(this.deps.db, row.connectionId);
      if (!connection) continue;
      tried++;
      try {
        const binding = bindingOf(connection);
        this.deps.cipher.decrypt(row.ciphertext, associatedData(binding));
        this.keyCheck.recordIfMissing();
        return 'opens';
      } catch {
        // Try the next one.
      }
    }
    return tried > 0 ? 'wrong' : 'unknown';
  }

  /** Why a credential of this cipher's own scheme did not decrypt. */
  private diagnose(connectionId: string): UnreadableReason {
    const state = this.resolvedKeyState(connectionId);
    if (state === 'opens') return 'damaged';
    if (state === 'wrong' && this.keyCheck.current() === 'wrong') return 'wrong-key';
    return 'unverified';
  }

  private unreadable(
    reason: UnreadableReason,
    connection: ConnectionRow,
    storedScheme: string,
  ): UnreadableCredentialError {
    const typed = this.deps.cipher.typedKey === true;
    const hint = hintOf(connection.id, connection);
    switch (reason) {
      case 'other-host':
        return new UnreadableCredentialError(
          reason,
          false,
          `This connection's credential was saved by ${describeScheme(storedScheme)} and cannot be read here.`,
          'Reconnect the connection here, or pass the credential through the environment.',
        ).needsReconnect(hint);
      case 'wrong-key':
        return typed
          ? new UnreadableCredentialError(
              reason,
              false,
              'The vault passphrase does not open the credentials stored in this data folder (it is not the one they were stored with). Nothing was changed.',
              'Use the passphrase the credentials were stored with.',
            )
          : new UnreadableCredentialError(
              reason,
              true,
              "This connection's stored credential cannot be decrypted: this computer's keyring no longer opens it (the keyring was reset or replaced).",
              KEPT,
            ).needsReconnect(hint);
      case 'damaged':
        return new UnreadableCredentialError(
          reason,
          true,
          "This connection's stored credential could not be decrypted (it was damaged, or its connection's API host was changed after it was stored).",
          KEPT,
        ).needsReconnect(hint);
      default:
        return new UnreadableCredentialError(
          'unverified',
          !typed,
          typed
            ? "This connection's stored credential could not be decrypted with this vault passphrase (it was stored with another one, or damaged). Nothing was changed."
            : "This connection's stored credential could not be decrypted (the keyring changed, or the file was damaged).",
          typed ? 'Use the passphrase it was stored with, or reconnect the connection.' : KEPT,
        ).needsReconnect(hint);
    }
  }

  /**
   * A credential stored before binding existed is stored again, bound and with the current key
   * derivation, the first time it opens: only if it is still the one read, so tokens another
   * process renewed meanwhile are never overwritten.
   */
  private bindOldCredential(
    connectionId: string,
    previous: Buffer,
    binding: CredentialBinding,
    secret: StoredSecret,
  ): void {
    try {
      replaceCredentialIfUnchanged(this.deps.db, {
        connectionId,
        previous,
        scheme: this.deps.cipher.scheme,
        ciphertext: this.deps.cipher.encrypt(
          sealEnvelope(binding, secret),
          associatedData(binding),
        ),
        now: isoNow(this.deps.clock ?? systemClock),
      });
    } catch {
      // Read-only, busy or full: it stays readable as it is and is bound next time.
    }
  }
}

function bindingOf(connection: ConnectionRow): CredentialBinding {
  return {
    connectionId: connection.id,
    provider: connection.provider,
    baseUrl: connection.base_url,
  };
}

function hintOf(connectionId: string, connection: ConnectionRow | undefined) {
  return { connectionId, provider: connection?.provider ?? 'unknown' };
}

function parseSecret(value: unknown): StoredSecret {
  const secret = value as StoredSecret | null;
  if (secret?.kind === 'api_key' && typeof secret.apiKey === 'string') return secret;
  if (secret?.kind === 'oauth' && typeof secret.refreshToken === 'string') return secret;
  throw new Error('Unrecognised credential format.');
}

function describeScheme(scheme: string): string {
  if (scheme.startsWith('safestorage')) return 'the desktop app (system keyring)';
  if (scheme.startsWith('passphrase')) return 'the command line (passphrase vault)';
  return `another cipher (${scheme})`;
}
