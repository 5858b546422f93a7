import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The Chromium the browser tests drive. A fresh machine has none installed, so the tests find one
 * themselves, in this order: `CHROMIUM_PATH`; a Chrome or Chromium installed on the machine; the
 * headless Chromium that the `@sparticuz/chromium` dev dependency carries for Linux x64.
 * `KULA_TEST_BROWSER=package` skips installed browsers, to prove the last path on a machine that
 * has one.
 */
export interface TestBrowser {
  executablePath: string;
  /** Where it came from, as printed once per test run. */
  source: 'CHROMIUM_PATH' | 'installed' | 'package';
  /** Flags this build needs on top of the harness's own. */
  extraArgs: string[];
  /** Environment for the browser process (fonts for the packaged build on a machine with none). */
  env: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium the browser tests drive, or why none was found. */
    testBrowser: ({ found: true } & TestBrowser) | { found: false; reason: string };
  }
}

export interface BrowserSearch {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  arch: string;
  exists(file: string): boolean;
  /** Extracts the packaged Chromium (once per machine) and returns its executable. */
  packagedChromium(): Promise<string>;
}

const LINUX_COMMANDS = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
  'chrome',
];

function installedCandidates(search: BrowserSearch): string[] {
  const { env, platform } = search;
  if (platform === 'darwin') {
    const bundles = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
    ];
    return [
      ...bundles.map((bundle) => path.join('/Applications', bundle)),
      ...bundles.map((bundle) => path.join(os.homedir(), 'Applications', bundle)),
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (root): root is string => Boolean(root),
    );
    return roots.flatMap((root) => [
      path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.win32.join(root, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return LINUX_COMMANDS.flatMap((command) => dirs.map((dir) => path.join(dir, command)));
}

export async function findTestBrowser(search: BrowserSearch): Promise<TestBrowser> {
  const fromEnv = search.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!search.exists(fromEnv)) {
      throw new Error(`CHROMIUM_PATH points at ${fromEnv}, which does not exist.`);
    }
    return { executablePath: fromEnv, source: 'CHROMIUM_PATH', extraArgs: [], env: {} };
  }
  if (search.env.KULA_TEST_BROWSER !== 'package') {
    const installed = installedCandidates(search).find((file) => search.exists(file));
    if (installed)
      return { executablePath: installed, source: 'installed', extraArgs: [], env: {} };
  }
  if (search.platform !== 'linux' || search.arch !== 'x64') {
    throw new Error(
      `No Chrome or Chromium found on this ${search.platform}-${search.arch} machine, and the Chromium the @sparticuz/chromium package carries runs on Linux x64 only. Install Google Chrome, or set CHROMIUM_PATH to a Chromium executable.`,
    );
  }
  const executablePath = await search.packagedChromium();
  return {
    executablePath,
    source: 'package',
    // A headless-shell build without the zygote helper that desktop builds start first.
    extraArgs: ['--no-zygote'],
    // The package brings its own fonts; a machine with no fontconfig set-up gets those.
    env: search.exists('/etc/fonts/fonts.conf')
      ? {}
      : { FONTCONFIG_PATH: path.join(path.dirname(executablePath), 'fonts') },
  };
}

/** The search on this machine. */
export function machineBrowserSearch(): BrowserSearch {
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    exists: (file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
    packagedChromium: async () => {
      const { default: chromium } = await import('@sparticuz/chromium');
      return chromium.executablePath();
    },
  };
}

export function describeTestBrowser(browser: TestBrowser): string {
  const origin = {
    CHROMIUM_PATH: 'set by CHROMIUM_PATH',
    installed: 'installed on this machine',
    package: 'from the @sparticuz/chromium package',
  }[browser.source];
  return `Browser tests use ${browser.executablePath} (${origin}).`;
}
