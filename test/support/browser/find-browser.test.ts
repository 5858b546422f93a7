import { describe, expect, it } from 'vitest';
import { findTestBrowser, type BrowserSearch } from './find-browser';

function search(overrides: Partial<BrowserSearch> & { files?: string[] } = {}): BrowserSearch {
  const files = new Set(overrides.files ?? []);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin' },
    platform: 'linux',
    arch: 'x64',
    exists: (file) => files.has(file),
    packagedChromium: async () => '/tmp/chromium',
    ...overrides,
  };
}

describe('the browser the browser tests drive', () => {
  it('takes CHROMIUM_PATH first, even when a browser is installed', async () => {
    const found = await findTestBrowser(
      search({
        env: { PATH: '/usr/bin', CHROMIUM_PATH: '/opt/chromium/chrome' },
        files: ['/opt/chromium/chrome', '/usr/bin/chromium'],
      }),
    );
    expect(found).toMatchObject({
      executablePath: '/opt/chromium/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('refuses a CHROMIUM_PATH that does not exist instead of looking elsewhere', async () => {
    await expect(
      findTestBrowser(search({ env: { CHROMIUM_PATH: '/nowhere/chrome' } })),
    ).rejects.toThrow('/nowhere/chrome');
  });

  it('then an installed Chromium or Chrome found on the PATH', async () => {
    const found = await findTestBrowser(search({ files: ['/usr/bin/google-chrome'] }));
    expect(found).toMatchObject({ executablePath: '/usr/bin/google-chrome', source: 'installed' });
  });

  it('finds Chrome in its usual place on macOS and Windows', async () => {
    const mac = await findTestBrowser(
      search({
        platform: 'darwin',
        arch: 'arm64',
        files: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
      }),
    );
    expect(mac.source).toBe('installed');
    const windows = await findTestBrowser(
      search({
        platform: 'win32',
        env: { PROGRAMFILES: 'C:\\Program Files' },
        files: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'],
      }),
    );
    expect(windows.executablePath).toBe(
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    );
  });

  it('falls back to the packaged Chromium on a Linux x64 machine with none installed', async () => {
    const found = await findTestBrowser(search({ files: ['/etc/fonts/fonts.conf'] }));
    expect(found).toEqual({
      executablePath: '/tmp/chromium',
      source: 'package',
      extraArgs: ['--no-zygote'],
      env: {},
    });
  });

  it('gives the packaged Chromium its own fonts when the machine has no font set-up', async () => {
    const found = await findTestBrowser(search());
    expect(found.env).toEqual({ FONTCONFIG_PATH: '/tmp/fonts' });
  });

  it('skips installed browsers when KULA_TEST_BROWSER=package', async () => {
    const found = await findTestBrowser(
      search({
        env: { PATH: '/usr/bin', KULA_TEST_BROWSER: 'package' },
        files: ['/usr/bin/chromium'],
      }),
    );
    expect(found.source).toBe('package');
  });

  it('says what to install where the package has no build for the machine', async () => {
    await expect(findTestBrowser(search({ platform: 'darwin', arch: 'arm64' }))).rejects.toThrow(
      /Install Google Chrome, or set CHROMIUM_PATH/,
    );
  });
});
