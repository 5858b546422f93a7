import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/main/core/core';
import type { LogFields, Logger } from '../../src/main/core/logging/logger';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';
import { SCREENSHOT_DIR } from '../support/paths';

/**
 * What the window does when rendering fails, in Chromium over the real core: a page that throws
 * (its data arrives malformed) shows a plain message with Reload while the rest of the window
 * works, a failure outside the pages shows the whole-window message, and each error reaches
 * main's diagnostic log through the contract.
 */
let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
const logged: Array<{ level: string; message: string; fields: LogFields }> = [];
const shots: string[] = [];

const record =
  (level: string) =>
  (message: string, fields: LogFields = {}): void => {
    logged.push({ level, message, fields });
  };
const logger: Logger = {
  debug: record('debug'),
  info: record('info'),
  warn: record('warn'),
  error: record('error'),
};
const rendererErrors = () => logged.filter((line) => line.message.startsWith('renderer error'));

beforeAll(async () => {
  const test = openTestCore({ logger });
  core = test.core;
  cleanupCore = test.cleanup;
  harness = await startBrowserHarness(core, 'error-boundary');
  await harness.page.goto(`${harness.origin}/index.html#/connections`);
  await harness.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
  if (shots.length) {
    console.log(
      `Screenshots of the error screens (${SCREENSHOT_DIR}/error-boundary):\n  ${shots.join('\n  ')}`,
    );
  }
});

describe('a page that throws while rendering', () => {
  it('shows a plain message with Reload in place of the page, and logs the error', async () => {
    const { page } = harness;
    // A list the Flows page cannot read: rendering it throws a TypeError.
    harness.answerWith('flows:list', { ok: true, value: { length: 1 } });
    await page.getByRole('link', { name: 'Flows' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be shown' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Reload' }).waitFor();
    await alert.getByRole('button', { name: 'Try again' }).waitFor();
    shots.push(await harness.screenshot('page-error-light'));
    await harness.colorScheme('dark');
    shots.push(await harness.screenshot('page-error-dark'));
    await harness.colorScheme('light');

    await expect.poll(() => rendererErrors().length).toBeGreaterThan(0);
    const [first] = rendererErrors();
    expect(first).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/^renderer error: TypeError: .*map/),
      fields: {
        source: 'render',
        route: '/flows',
        stack: expect.stringContaining('TypeError'),
        // The bundle is minified: the component stack names functions by their short names.
        componentStack: expect.stringMatching(/\n\s+at \S+/),
      },
    });
  });

  it('leaves the sidebar and every other page working, and Try again renders the page anew', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('alert').filter({ hasText: 'This page could not be shown' }).waitFor();
    harness.answerWith('flows:list', null);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
    await page.getByText('No flows yet').waitFor();
  });
});

describe('a failure outside the pages', () => {
  it('shows the whole-window message, and Reload brings the window back', async () => {
    const { page } = harness;
    // The status bar reads the connection list on every page: the whole window fails.
    const before = rendererErrors().length;
    harness.answerWith('connections:list', { ok: true, value: {} });
    await page.reload();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'The console could not show this window' });
    await alert.waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    shots.push(await harness.screenshot('window-error-light'));
    await harness.colorScheme('dark');
    shots.push(await harness.screenshot('window-error-dark'));
    await harness.colorScheme('light');
    await expect.poll(() => rendererErrors().length).toBeGreaterThan(before);
    expect(rendererErrors().at(-1)).toMatchObject({
      message: expect.stringMatching(/^renderer error: TypeError: .*filter/),
      fields: { source: 'render', componentStack: expect.stringMatching(/\n\s+at \S+/) },
    });

    harness.answerWith('connections:list', null);
    await alert.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
  });
});

describe('errors nothing catches', () => {
  it('reach the log too: an uncaught error and an unhandled rejection', async () => {
    const { page } = harness;
    const before = rendererErrors().length;
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('late failure in a timer');
      });
      void Promise.reject(new Error('a promise nobody awaited'));
    });
    await expect.poll(() => rendererErrors().length).toBe(before + 2);
    const latest = rendererErrors().slice(before);
    expect(latest.map((line) => line.fields.source).sort()).toEqual([
      'unhandled-rejection',
      'window-error',
    ]);
    expect(latest.map((line) => line.message).sort()).toEqual([
      'renderer error: Error: a promise nobody awaited',
      'renderer error: Error: late failure in a timer',
    ]);
  });
});
