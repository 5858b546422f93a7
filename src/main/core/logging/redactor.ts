/**
 * Scrubs secrets from anything written to a log or shown in an error. Every secret the vault
 * hands out is registered here first, so even a secret echoed back inside an ATS error message
 * cannot reach a log line. Authorization headers and token-looking fields are masked by shape.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  register(secret: string): void {
    // Very short values would mask ordinary words; real keys and tokens are long.
    if (secret.length < 8) return;
    this.secrets.add(secret);
    // The forms a key travels in, which a server may echo as well: HTTP Basic credentials
    // (`key:` with an empty password, as Ashby and Lever take an API key) and plain base64.
    this.secrets.add(Buffer.from(`${secret}:`, 'utf8').toString('base64'));
    this.secrets.add(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''));
  }

  text(value: string): string {
    return this.knownSecrets(value)
      .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]')
      .replace(
        /("?(?:access_token|refresh_token|client_secret|api_?key|password)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
        '$1[redacted]',
      );
  }

  /**
   * Only the registered secrets replaced, nothing masked by its shape: for output that must stay
   * exact otherwise (the CLI's JSON, where a field named like a token is data, not a secret).
   */
  knownSecrets(value: string): string {
    let out = value;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return out;
  }

  /** Deep copy of a JSON-like value with every string redacted and secret-named keys masked. */
  value(input: unknown, depth = 0): unknown {
    if (depth > 8) return '[truncated]';
    if (typeof input === 'string') return this.text(input);
    if (Array.isArray(input)) return input.map((item) => this.value(item, depth + 1));
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(input)) {
        out[key] = SECRET_KEY.test(key) ? '[redacted]' : this.value(item, depth + 1);
      }
      return out;
    }
    return input;
  }
}

const SECRET_KEY =
  /^(authorization|password|secret|client_secret|api_?key|access_?token|refresh_?token|token)$/i;
