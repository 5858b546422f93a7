import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { ConsoleCore } from '../../../src/main/core/core';
import { SECURITY_HEADERS } from '../../../src/main/shell/csp';
import { contentTypeFor, resolveRendererAsset } from '../../../src/main/shell/renderer-assets';
import { isTrustedCaller } from '../../../src/main/shell/trusted-sender';
import { SCREENSHOT_DIR, TEST_RENDERER_DIR } from '../paths';
import { makeTempDir } from '../temp-dir';
import { auditAccessibility } from './a11y';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface BrowserHarness {
  page: Page;
  context: BrowserContext;
  origin: string;
  /** Screenshot into test-results/screenshots/<suite>/<name>.png; returns the path. */
  screenshot(name: string): Promise<string>;
  /** Messages the page logged as console errors or CSP violations. */
  pageErrors: string[];
  /**
   * Answers a channel with `answer` instead of the core (null restores the core): a malformed
   * answer makes the page that shows it fail, as a test of what the window does then.
   */
  answerWith(channel: string, answer: unknown): void;
  /** The page's colours: as the operating system's light or dark setting would set them. */
  colorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /**
   * Runs axe over the page as it is now, in light and dark, and returns its serious and critical
   * findings (also kept for `close`). Every screenshot runs it; a test may call it for a state it
   * does not photograph.
   */
  checkAccessibility(where?: string): Promise<string[]>;
  /**
   * Checks every route the page showed that no check covered yet (each on a fresh page, in both
   * schemes), closes the browser, and then fails if any check found a serious or critical
   * accessibility violation.
   */
  close(): Promise<void>;
}

let bridgeScript: Promise<string> | undefined;

function bundleBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [path.join(__dirname, 'bridge-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return bridgeScript;
}

/**
 * Serves the built renderer on loopback with the app's CSP and asset resolver, launches the
 * Chromium the test run found (see find-browser.ts) on a fresh profile, and bridges `window.api` to the real core's dispatcher (the one the
 * Electron shell registers), trusted only from the harness's own origin.
 */
export async function startBrowserHarness(
  core: ConsoleCore,
  suite: string,
): Promise<BrowserHarness> {
  if (!fs.existsSync(path.join(TEST_RENDERER_DIR, 'index.html'))) {
    throw new Error(`Renderer test build missing at ${TEST_RENDERER_DIR}; global-setup builds it.`);
  }
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = resolveRendererAsset(TEST_RENDERER_DIR, url.pathname);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end('Not found');
      return;
    }
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = inject('testBrowser');
  if (!browser.found) throw new Error(browser.reason);
  const profile = makeTempDir('kula-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: browser.executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...browser.extraArgs],
    env: { ...process.env, ...browser.env },
    viewport: { width: 1360, height: 860 },
  });
  const dispatch = core.createDispatch((caller) => isTrustedCaller(caller, [origin]));
  const overrides = new Map<string, unknown>();
  await context.exposeBinding(
    '__kulaBridgeInvoke',
    ({ frame }, channel: unknown, input: unknown) =>
      typeof channel === 'string' && overrides.has(channel)
        ? overrides.get(channel)
        : dispatch(channel, input, { url: frame.url(), isMainFrame: frame.parentFrame() === null }),
  );
  await context.addInitScript({ content: await bundleBridge() });

  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const stopEvents = core.context.events.onAny((event, payload) => {
    void page
      .evaluate(([name, data]) => window.__kulaBridgeEmit(name as string, data), [
        event,
        payload,
      ] as const)
      .catch(() => undefined);
  });

  const shotDir = path.join(SCREENSHOT_DIR, suite);
  fs.mkdirSync(shotDir, { recursive: true });

  // Every route the page shows is checked for accessibility: where a test checks it (each
  // screenshot does), and otherwise on a fresh page when the harness closes.
  const routeOf = (url: string) =>
    url.startsWith(origin) ? new URL(url).hash || '#/connections' : null;
  const visitedRoutes = new Set<string>();
  const checkedRoutes = new Set<string>();
  const a11yFailures: string[] = [];
  const a11yNotes = new Set<string>();
  page.on('framenavigated', (frame) => {
    const route = frame === page.mainFrame() ? routeOf(frame.url()) : null;
    if (route) visitedRoutes.add(route);
  });
  const audit = async (target: Page, where: string) => {
    const report = await auditAccessibility(target, where);
    a11yFailures.push(...report.failures);
    report.notes.forEach((note) => a11yNotes.add(note));
    return report.failures;
  };
  const checkAccessibility = async (where?: string) => {
    const route = routeOf(page.url());
    if (route) checkedRoutes.add(route);
    return audit(page, `${suite}: ${where ?? route ?? page.url()}`);
  };
  const checkUncheckedRoutes = async () => {
    for (const route of visitedRoutes) {
      if (checkedRoutes.has(route)) continue;
      const fresh = await context.newPage();
      try {
        await fresh.goto(`${origin}/index.html${route}`);
        await fresh.locator('h1, [role="alert"]').first().waitFor();
        await fresh.waitForLoadState('networkidle');
        await fresh.waitForTimeout(300);
        await audit(fresh, `${suite}: ${route} (revisited)`);
      } finally {
        await fresh.close();
      }
    }
  };

  return {
    page,
    context,
    origin,
    pageErrors,
    answerWith(channel, answer) {
      if (answer === null) overrides.delete(channel);
      else overrides.set(channel, answer);
    },
    async colorScheme(scheme) {
      await page.emulateMedia({ colorScheme: scheme });
    },
    checkAccessibility,
    async screenshot(name) {
      const file = path.join(shotDir, `${name}.png`);
      // Finished transitions: a shot taken mid-fade shows a button with its label but not yet
      // its background (white on white), which reads as a broken control.
      await page.screenshot({ path: file, fullPage: false, animations: 'disabled' });
      await checkAccessibility(`${name} (${routeOf(page.url()) ?? page.url()})`);
      return file;
    },
    async close() {
      stopEvents();
      try {
        if (!page.isClosed() && routeOf(page.url())) await checkAccessibility();
        await checkUncheckedRoutes();
      } finally {
        await context.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        profile.cleanup();
      }
      if (a11yNotes.size) {
        console.log(`Accessibility notes (moderate, minor):\n  ${[...a11yNotes].join('\n  ')}`);
      }
      if (a11yFailures.length) {
        throw new Error(
          `axe found serious or critical accessibility violations:\n  ${a11yFailures.join('\n  ')}`,
        );
      }
    },
  };
}
