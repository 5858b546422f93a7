/**
 * Helpers for OAuth tests: an admin's browser stand-in that follows the authorize URL to the
 * simulator's consent page, clicks Accept or Deny, and follows the redirect to the loopback
 * listener, over real HTTP.
 */
export interface BrowserVisit {
  /** The authorize URL the console opened. */
  authorizeUrl: URL;
  /** Where the simulator redirected after the decision. */
  redirectedTo: URL | null;
  /** What the loopback listener answered. */
  callbackStatus: number | null;
  callbackPage: string;
}

export async function decideInBrowser(
  url: string,
  decision: 'accept' | 'deny',
  tamper?: (redirect: URL) => void,
): Promise<BrowserVisit> {
  const authorizeUrl = new URL(url);
  const page = await fetch(url);
  const html = await page.text();
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1];
  if (!transaction) throw new Error(`No consent form at ${url}: ${html.slice(0, 300)}`);
  const answer = await fetch(new URL('/authorize/decision', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ transaction, decision }).toString(),
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (!location)
    return { authorizeUrl, redirectedTo: null, callbackStatus: null, callbackPage: '' };
  const redirectedTo = new URL(location);
  tamper?.(redirectedTo);
  const callback = await fetch(redirectedTo);
  return {
    authorizeUrl,
    redirectedTo,
    callbackStatus: callback.status,
    callbackPage: await callback.text(),
  };
}
