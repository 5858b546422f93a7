import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isTrustedCaller } from '../../../src/main/shell/trusted-sender';

describe('isTrustedCaller', () => {
  const allowed = [APP_ORIGIN];

  it('trusts the top frame of the app origin', () => {
    expect(isTrustedCaller({ url: 'app://console/index.html', isMainFrame: true }, allowed)).toBe(
      true,
    );
  });

  it('refuses sub-frames, other origins, look-alikes and missing frames', () => {
    for (const caller of [
      { url: 'app://console/index.html', isMainFrame: false },
      { url: 'app://console.evil/index.html', isMainFrame: true },
      { url: 'https://app.ashbyhq.com/', isMainFrame: true },
      { url: 'file:///etc/passwd', isMainFrame: true },
      { url: null, isMainFrame: true },
      { url: 'not a url', isMainFrame: true },
    ]) {
      expect(isTrustedCaller(caller, allowed), JSON.stringify(caller)).toBe(false);
    }
  });
});
