/**
 * The only addresses the console opens in the system browser on the renderer's behalf: the ATS
 * web apps where a candidate's profile lives, and the help pages of the setup steps. Parsed with
 * the URL parser and matched by exact host or a subdomain boundary, never by substring, so
 * `https://app.ashbyhq.com.evil.tld` and `https://evil.tld/?app.ashbyhq.com` are refused.
 */
const ALLOWED_HOSTS = [
  'ashbyhq.com',
  'lever.co',
  'help.lever.co',
  'help.kula.ai',
  'kula.ai',
] as const;

export function isAllowedExternalUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 4096) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  if (url.port && url.port !== '443') return false;
  const host = url.hostname.toLowerCase();
  return ALLOWED_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
