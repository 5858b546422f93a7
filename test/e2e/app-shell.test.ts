import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';
import { SCREENSHOT_DIR } from '../support/paths';
import type { ConsoleCore } from '../../src/main/core/core';

let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
const shots: string[] = [];

beforeAll(async () => {
  const test = openTestCore();
  core = test.core;
  cleanupCore = test.cleanup;
  harness = await startBrowserHarness(core, 'app-shell');
  await harness.page.goto(`${harness.origin}/index.html#/connections`);
  await harness.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
  if (shots.length)
    console.log(
      `Screenshots of the app shell (${SCREENSHOT_DIR}/app-shell):\n  ${shots.join('\n  ')}`,
    );
});

describe('app shell in Chromium over the real core', () => {
  it.each([
    ['connections', 'Connections', 'No ATS connected yet'],
    ['mapping', 'Stage mapping', 'Nothing to map yet'],
    ['flows', 'Flows', 'No flows yet'],
    ['candidates', 'Candidates', 'No Kula candidates yet'],
    ['log', 'Sync log', 'No syncs have run yet'],
    ['settings', 'Settings', 'Credentials are encrypted on this computer'],
  ])(
    'shows the %s screen with an empty state that says what to do next',
    async (path, heading, text) => {
      const { page } = harness;
      await page.getByRole('link', { name: heading }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.getByText(text).first().waitFor();
      expect(await page.evaluate(() => window.location.hash)).toBe(`#/${path}`);
      shots.push(await harness.screenshot(path));
    },
  );

  it('saves a setting through the contract, records it in the audit trail, and keeps it', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/settings`);
    const interval = page.getByLabel('Sync every (minutes)');
    await interval.fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(core.context.settings.get().syncIntervalMinutes).toBe(45);
    await page.getByTestId('audit-trail').getByText('settings.update').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Sync every (minutes)').inputValue()).toBe('45');
  });

  it('shows a field-level message for an invalid setting and keeps the saved value', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/settings`);
    await page.getByLabel('Sync every (minutes)').fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: /5/ }).first().waitFor();
    shots.push(await harness.screenshot('settings-invalid'));
    expect(core.context.settings.get().syncIntervalMinutes).toBe(45);
  });

  it('gives the page only window.api with invoke and on, and no Node', async () => {
    const { page } = harness;
    const surface = await page.evaluate(() => ({
      keys: Object.keys(window.api).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      writable: (() => {
        try {
          (window as unknown as { api: unknown }).api = {};
        } catch {
          return false;
        }
        return Object.keys(window.api).length !== 2;
      })(),
    }));
    expect(surface).toEqual({
      keys: ['invoke', 'on'],
      require: 'undefined',
      process: 'undefined',
      writable: false,
    });
  });

  it('refuses an unknown channel and invalid input from the page', async () => {
    const { page } = harness;
    const results = await page.evaluate(async () => ({
      unknown: await window.api.invoke('fs:read-file' as never),
      invalid: await window.api.invoke('settings:update', { syncIntervalMinutes: 'soon' } as never),
    }));
    expect(results.unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(results.invalid).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses calls from an iframe inside the page', async () => {
    const { page } = harness;
    const result = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.src = 'about:blank';
      document.body.appendChild(frame);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const invoke = (
        frame.contentWindow as unknown as {
          __kulaBridgeInvoke: (c: string, i: unknown) => Promise<unknown>;
        }
      ).__kulaBridgeInvoke;
      const answer = await invoke('connections:list', undefined);
      frame.remove();
      return answer;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('loads under the strict CSP without violations or page errors', async () => {
    const { page } = harness;
    const violations = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let count = 0;
          document.addEventListener('securitypolicyviolation', () => (count += 1));
          setTimeout(() => resolve(count), 200);
        }),
    );
    expect(violations).toBe(0);
    expect(harness.pageErrors).toEqual([]);
  });
});
