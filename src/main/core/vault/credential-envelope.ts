/**
 * What a credential is bound to, and the plaintext that carries it. A credential is encrypted with
 * its connection's id, provider and API host as associated data, and the same three facts travel
 * inside the plaintext too (for a cipher that cannot authenticate associated data). So someone who
 * can write the database but not decrypt it cannot point a connection at another host, or move a
 * credential to another connection, and have the console send the key there: the credential then
 * no longer opens.
 */

export interface CredentialBinding {
  connectionId: string;
  provider: string;
  baseUrl: string;
}

/** The associated data a cipher authenticates with the credential. */
export function associatedData(binding: CredentialBinding): Buffer {
  return Buffer.from(
    JSON.stringify(['kula-credential', binding.connectionId, binding.provider, binding.baseUrl]),
    'utf8',
  );
}

/** The plaintext of a bound credential (format 2). */
export function sealEnvelope(binding: CredentialBinding, secret: unknown): string {
  return JSON.stringify({ v: 2, bind: binding, secret });
}

/**
 * The secret inside a decrypted plaintext, and what it was bound to: null for a credential written
 * before binding existed (the secret's JSON alone).
 */
export function openEnvelope(plaintext: string): {
  secret: unknown;
  binding: CredentialBinding | null;
} {
  const value = JSON.parse(plaintext) as Record<string, unknown>;
  if (value.v === 2 && value.bind && typeof value.bind === 'object') {
    const bind = value.bind as Record<string, unknown>;
    return {
      secret: value.secret,
      binding: {
        connectionId: String(bind.connectionId),
        provider: String(bind.provider),
        baseUrl: String(bind.baseUrl),
      },
    };
  }
  return { secret: value, binding: null };
}

export function sameBinding(a: CredentialBinding, b: CredentialBinding): boolean {
  return a.connectionId === b.connectionId && a.provider === b.provider && a.baseUrl === b.baseUrl;
}
