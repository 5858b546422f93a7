import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../../src/main/core/security/external-links';

describe('isAllowedExternalUrl', () => {
  it('allows https links to the ATS web apps', () => {
    for (const url of [
      'https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/9d8e5c04',
      'https://hire.lever.co/candidates/90bb80d6-db1b-4ba8-9d4f-8bcb25b6c017',
      'https://hire.eu.lever.co/candidates/1',
      'https://help.lever.co/hc/en-us/articles/1',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(true);
    }
  });

  it('refuses look-alike hosts, other schemes and smuggled hosts', () => {
    for (const url of [
      'https://app.ashbyhq.com.evil.tld/x',
      'https://evilashbyhq.com/',
      'https://evil.tld/?next=https://app.ashbyhq.com',
      'https://app.ashbyhq.com@evil.tld/',
      'https://user:pw@app.ashbyhq.com/',
      'http://app.ashbyhq.com/',
      'https://app.ashbyhq.com:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,hi',
      '\\\\host\\share',
      'ms-msdt:foo',
      'app://console/index.html',
      '',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('never allows a URL whose parsed host is outside the allowlist (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const host = new URL(url).hostname;
        const allowedHost = /(^|\.)(ashbyhq\.com|lever\.co|kula\.ai)$/.test(host);
        if (!allowedHost) expect(isAllowedExternalUrl(url)).toBe(false);
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof isAllowedExternalUrl(value)).toBe('boolean');
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
