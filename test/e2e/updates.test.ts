import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/main/core/core';
import type { UpdateStatus } from '../../src/shared/domain/updates';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';

let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
let checks = 0;
let answer: UpdateStatus = {
  state: 'available',
  currentVersion: '0.1.0',
  latestVersion: '0.2.0',
  downloaded: true,
  checkedAt: '2026-03-02T09:00:00.000Z',
};

beforeAll(async () => {
  const test = openTestCore({
    updates: () => ({
      check: async () => {
        checks++;
        return answer;
      },
    }),
  });
  core = test.core;
  cleanupCore = test.cleanup;
  harness = await startBrowserHarness(core, 'updates');
  await harness.page.goto(`${harness.origin}/index.html#/settings`);
  await harness.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
});

describe('updates on the Settings page', () => {
  it('"Check for updates" asks main and says what it found', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Check for updates' }).click();
    await page.getByText('Version 0.2.0 is available').waitFor();
    await page.getByText('It is downloaded and installs when you quit the app.').waitFor();
    expect(checks).toBe(1);
    await harness.screenshot('update-available');

    answer = {
      state: 'failed',
      currentVersion: '0.1.0',
      message:
        'Could not read the update feed (offline). Check the network connection and proxy, then try again.',
      checkedAt: '2026-03-02T09:05:00.000Z',
    };
    await page.getByRole('button', { name: 'Check for updates' }).click();
    await page.getByText('Could not check for updates').waitFor();
    await page.getByText(/Could not read the update feed \(offline\)/).waitFor();
  });

  it('turns automatic checks off and keeps the setting', async () => {
    const { page } = harness;
    const toggle = page.getByRole('switch', { name: 'Check for updates automatically' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await page.getByText('Settings saved.').waitFor();
    expect(core.context.settings.get().autoUpdateChecks).toBe(false);
    await page.reload();
    await expect
      .poll(() =>
        page
          .getByRole('switch', { name: 'Check for updates automatically' })
          .getAttribute('aria-checked'),
      )
      .toBe('false');
  });
});
