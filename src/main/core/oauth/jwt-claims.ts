/**
 * Reads a JWT's claims without verifying it: only for hints (which user authorized the app, which
 * scopes a token says it has), never for a security decision. Returns null for anything that is
 * not a readable JWT (Lever does not promise its tokens are JWTs).
 */
export function readJwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
