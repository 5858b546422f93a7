import crypto from 'node:crypto';

/**
 * PKCE with the S256 method, and the `state` value that ties the redirect to this sign-in. Both come
 * from the OS CSPRNG. 32 random bytes give a 43-character base64url verifier, inside the 43–128
 * characters PKCE allows.
 */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkcePair(): PkcePair {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier), method: 'S256' };
}

export function s256(verifier: string): string {
  return crypto.createHash('sha256').update(verifier).digest('base64url');
}

export function createState(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Compares two strings in constant time (the `state` check). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
