import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideWindowOpen,
  describeIpcCaller,
  isNavigationAllowed,
  isPermissionGranted,
} from '../../../src/main/shell/guards';
import { APP_ORIGIN } from '../../../src/main/shell/trusted-sender';
import { fuzzParams } from '../../support/fuzz/config';

const HOSTILE_URLS = [
  'https://app.ashbyhq.com.evil.tld/',
  'https://evil.tld/?next=app://console/',
  'app://console.evil/index.html',
  'app://consolex/index.html',
  'app://evil/',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  '\\\\host\\share',
  'ms-msdt:/id PCWDiagnostic',
  'http://127.0.0.1:5173/',
  'chrome://settings',
  'about:blank',
  '',
];

describe('navigation guard', () => {
  it('stays on the app origin', () => {
    expect(isNavigationAllowed('app://console/index.html#/mapping', APP_ORIGIN)).toBe(true);
    expect(isNavigationAllowed('app://console/', APP_ORIGIN)).toBe(true);
  });

  it('refuses every other origin, scheme and look-alike', () => {
    for (const url of HOSTILE_URLS) expect(isNavigationAllowed(url, APP_ORIGIN), url).toBe(false);
  });

  it('allows only URLs whose parsed origin is the app origin (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.string(),
          fc.webPath().map((p) => `app://console${p}`),
          fc.domain().map((d) => `app://${d}/index.html`),
        ),
        (url) => {
          const allowed = isNavigationAllowed(url, APP_ORIGIN);
          let parsed: URL | undefined;
          try {
            parsed = new URL(url);
          } catch {
            parsed = undefined;
          }
          if (allowed) {
            expect(parsed?.protocol).toBe('app:');
            expect(parsed?.host).toBe('console');
          }
        },
      ),
      fuzzParams(200),
    );
  });

  it('a dev server origin is its own app origin, nothing else', () => {
    const dev = 'http://localhost:5173';
    expect(isNavigationAllowed('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5174/', dev)).toBe(false);
    expect(isNavigationAllowed('app://console/index.html', dev)).toBe(false);
  });
});

describe('window.open guard', () => {
  it('never opens a window; allowed ATS links go to the system browser', () => {
    expect(decideWindowOpen('https://app.ashbyhq.com/candidates/1')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(decideWindowOpen('https://hire.lever.co/candidates/1')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    for (const url of [...HOSTILE_URLS, 'app://console/index.html', 'http://app.ashbyhq.com/']) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny', openExternally: false });
    }
  });

  it('denies every window for any string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), (url) => {
        expect(decideWindowOpen(url).action).toBe('deny');
      }),
      fuzzParams(300),
    );
  });
});

describe('permissions', () => {
  it('grants none', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'openExternal',
      'fullscreen',
      'pointerLock',
      'midi',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(isPermissionGranted(permission), permission).toBe(false);
    }
  });
});

describe('describeIpcCaller', () => {
  const main = { url: 'app://console/index.html' };

  it("passes the top frame's URL of a known window", () => {
    expect(
      describeIpcCaller({ senderFrame: main, mainFrame: main, fromKnownWindow: true }),
    ).toEqual({ url: 'app://console/index.html', isMainFrame: true });
  });

  it('marks sub-frames, destroyed frames and unknown windows so the trust check refuses them', () => {
    const iframe = { url: 'app://console/index.html' };
    expect(
      describeIpcCaller({ senderFrame: iframe, mainFrame: main, fromKnownWindow: true }),
    ).toMatchObject({ isMainFrame: false });
    expect(
      describeIpcCaller({ senderFrame: null, mainFrame: main, fromKnownWindow: true }),
    ).toEqual({ url: null, isMainFrame: false });
    expect(
      describeIpcCaller({ senderFrame: main, mainFrame: main, fromKnownWindow: false }),
    ).toMatchObject({ url: null });
  });
});
