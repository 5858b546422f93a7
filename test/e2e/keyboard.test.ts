import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { ConsoleCore } from '../../src/main/core/core';
import { listRuns } from '../../src/main/core/db/repos/sync-runs';
import { startAshbySimulator, type AshbySimulator } from '../simulators/ashby/server';
import { FAST_HTTP } from '../support/ashby';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';
import { SCREENSHOT_DIR } from '../support/paths';

/**
 * The console by keyboard alone, in Chromium over the real core and the Ashby simulator: Tab,
 * Shift+Tab, the arrows, Enter and Escape (typing only into fields), from connecting Ashby through
 * the wizard to remapping a stage and reading the sync log; then the radio groups and tabs, the
 * skip link, the focus on each page's heading, and the shortcuts with their panel.
 */
let sim: AshbySimulator;
let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
const shots: string[] = [];

beforeAll(async () => {
  sim = await startAshbySimulator({
    tenant: { candidates: 120, applications: 150 },
    latencyMs: 5,
  });
  const test = openTestCore({ http: FAST_HTTP });
  core = test.core;
  cleanupCore = test.cleanup;
  harness = await startBrowserHarness(core, 'keyboard');
  harness.page.setDefaultTimeout(10_000);
  await harness.page.goto(`${harness.origin}/index.html#/connections`);
  await harness.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
  await sim?.close();
  if (shots.length)
    console.log(`Screenshots by keyboard (${SCREENSHOT_DIR}/keyboard):\n  ${shots.join('\n  ')}`);
});

const shot = async (name: string) => shots.push(await harness.screenshot(name));

const hasFocus = (locator: Locator) =>
  locator
    .evaluate((element) => element === document.activeElement, undefined, { timeout: 500 })
    .catch(() => false);

/** Presses `key` (Tab by default) until `target` has the focus; fails after `max` presses. */
async function keyTo(target: Locator, key = 'Tab', max = 60): Promise<void> {
  for (let presses = 0; presses <= max; presses++) {
    if (await hasFocus(target)) return;
    await harness.page.keyboard.press(key);
  }
  const where = await harness.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${key} ×${max} never reached ${target.toString()}; the focus is on ${where}`);
}

/** Tabs to `target` and presses Enter on it. */
async function activate(target: Locator, key = 'Tab'): Promise<void> {
  await keyTo(target, key);
  await harness.page.keyboard.press('Enter');
}

const focusedText = () =>
  harness.page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('by keyboard alone', () => {
  it('starts with a skip link that takes the focus to the page’s heading', async () => {
    const { page } = harness;
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await hasFocus(skip)).toBe(true);
    await shot('01-skip-link');
    await page.keyboard.press('Enter');
    expect(await hasFocus(page.getByRole('heading', { name: 'Connections', level: 1 }))).toBe(true);
  });

  it('connects Ashby through the wizard with Tab, Enter and typing into the fields', async () => {
    const { page } = harness;
    await activate(page.getByRole('button', { name: 'Connect Ashby' }).first());
    const wizardHeading = page.getByRole('heading', { name: 'Connect Ashby', level: 1 });
    await expect.poll(() => hasFocus(wizardHeading)).toBe(true);

    await activate(page.getByRole('button', { name: 'I have the key' }));
    // The new step's title takes the focus, so the next Tab goes into the step.
    await expect.poll(focusedText).toBe('Paste the key');
    await shot('02-wizard-step-title');
    await keyTo(page.getByLabel('Ashby API key'));
    await page.keyboard.type(sim.keys.full);
    await activate(page.locator('details.advanced > summary'));
    await keyTo(page.getByLabel('API host'));
    await page.keyboard.type(sim.url);
    await activate(page.getByRole('button', { name: 'Check the key' }));
    await page.getByText('The key has every permission the console uses.').waitFor();
    await activate(page.getByRole('button', { name: 'Continue' }));
    await page.getByTestId('wizard-step-setup').waitFor();
    await activate(page.getByRole('button', { name: 'Continue' }));
    await page.getByTestId('wizard-step-save').waitFor();
    await keyTo(page.getByLabel('Name of this connection'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Ashby by keyboard');
    await activate(page.getByRole('button', { name: 'Save and start the import' }));
    await page.getByTestId('wizard-step-done').waitFor({ timeout: 60_000 });
    await shot('03-wizard-done');
    await activate(page.getByRole('button', { name: 'Done' }));
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    expect(core.context.connections.list()).toMatchObject([
      { label: 'Ashby by keyboard', status: 'connected' },
    ]);
  });

  it('remaps a stage in the mapping editor with Tab, the arrows and Enter, and saves', async () => {
    const { page } = harness;
    // Back up to the sidebar from the page, then down its links.
    await activate(page.getByRole('link', { name: 'Stage mapping' }), 'Shift+Tab');
    await expect
      .poll(() => hasFocus(page.getByRole('heading', { name: 'Stage mapping', level: 1 })))
      .toBe(true);
    await page.getByTestId('ats-to-kula').waitFor();
    const firstRow = page.getByTestId('ats-to-kula').locator('select').first();
    await keyTo(firstRow);
    const before = await firstRow.inputValue();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => firstRow.inputValue()).not.toBe(before);
    const chosen = await firstRow.inputValue();
    await page.getByTestId('mapping-diff').locator('.diff-item').first().waitFor();
    await shot('04-mapping-changed');
    // The save buttons sit in the toolbar above the tables: back up to them.
    await activate(page.getByRole('button', { name: /^Save( and confirm)?$/ }), 'Shift+Tab');
    await page.getByText(/^Mapping saved/).waitFor();
    await page.reload();
    await page.getByTestId('ats-to-kula').waitFor();
    expect(await page.getByTestId('ats-to-kula').locator('select').first().inputValue()).toBe(
      chosen,
    );
  });

  it('reads the sync log: one Tab stop, arrows between lines, Enter opens one, Escape goes back', async () => {
    const { page } = harness;
    // The page was just reloaded: the focus starts at the top, so Tab goes down the sidebar.
    await activate(page.getByRole('link', { name: 'Sync log' }));
    await expect
      .poll(() => hasFocus(page.getByRole('heading', { name: 'Sync log', level: 1 })))
      .toBe(true);
    const grid = page.getByRole('grid', { name: 'Sync log lines' });
    const rows = grid.getByTestId('log-row');
    await rows.first().waitFor();
    expect(await grid.locator('[role="row"][tabindex="0"]').count()).toBe(1);
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    await keyTo(rows.first());
    const focusedRow = () =>
      page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? null);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedRow).toBe('1');
    await page.keyboard.press('End');
    await expect.poll(focusedRow).toBe(String(count - 1));
    // The list does not wrap: past the last line the focus stays on it.
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedRow).toBe(String(count - 1));
    await page.keyboard.press('Home');
    await expect.poll(focusedRow).toBe('0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('log-drawer');
    await drawer.waitFor();
    await expect.poll(() => hasFocus(drawer.getByRole('heading', { level: 2 }))).toBe(true);
    expect(await grid.locator('[aria-selected="true"]').getAttribute('data-index')).toBe('1');
    await shot('05-log-line-open');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(grid.locator('[data-index="1"]'))).toBe(true);
    // Tab leaves the list in one press, whatever line had the focus.
    await page.keyboard.press('Tab');
    expect(await grid.evaluate((element) => element.contains(document.activeElement))).toBe(false);
  });

  it('moves through a radio group and through tabs with the arrow keys', async () => {
    const { page } = harness;
    await activate(page.getByRole('link', { name: 'Jobs' }), 'Shift+Tab');
    const filter = page.getByRole('radiogroup', { name: 'Show' });
    const checked = filter.locator('[aria-checked="true"]');
    await keyTo(checked);
    expect(await filter.locator('[tabindex="0"]').count()).toBe(1);
    const first = await checked.textContent();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => checked.textContent()).not.toBe(first);
    expect(await hasFocus(checked)).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => checked.textContent()).toBe(first);

    await activate(page.getByRole('link', { name: 'Candidates' }), 'Shift+Tab');
    const tabs = page.getByRole('tablist', { name: 'Which candidates' });
    await keyTo(tabs.getByRole('tab', { name: 'Kula candidates' }));
    await page.keyboard.press('ArrowRight');
    const ats = tabs.getByRole('tab', { name: 'In the ATS (cache)' });
    await expect.poll(() => ats.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => hasFocus(ats)).toBe(true);
    const panel = page.getByRole('tabpanel', { name: 'In the ATS (cache)' });
    await panel
      .getByTestId('candidate-total')
      .getByText(/candidates$/)
      .waitFor();
    await shot('06-candidate-tabs');
  });

  it('has shortcuts for the pages, search and Sync now, listed in a panel that Escape closes', async () => {
    const { page } = harness;
    await page.keyboard.press('Control+7');
    await expect
      .poll(() => hasFocus(page.getByRole('heading', { name: 'Sync log', level: 1 })))
      .toBe(true);
    await page.keyboard.press('Control+F');
    await expect.poll(() => hasFocus(page.getByLabel(/^Search/))).toBe(true);
    await page.keyboard.press('Control+8');
    await expect
      .poll(() => hasFocus(page.getByRole('heading', { name: 'Sync health', level: 1 })))
      .toBe(true);
    // No search on this page: the ATS candidates' search takes it.
    await page.keyboard.press('Control+F');
    await expect
      .poll(() => hasFocus(page.getByLabel('Search candidates by name or email')))
      .toBe(true);

    const runsBefore = listRuns(core.context.db, { limit: 50 }).length;
    await page.keyboard.press('Control+Shift+S');
    await expect.poll(() => listRuns(core.context.db, { limit: 50 }).length).toBe(runsBefore + 1);

    const sidebarButton = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await keyTo(sidebarButton, 'Shift+Tab');
    await page.keyboard.press('Control+/');
    const panel = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await panel.waitFor();
    for (const text of ['Go to Connections', 'Go to Settings', 'Sync now: every connection']) {
      await panel.getByText(text).waitFor();
    }
    await panel.getByText('Ctrl+Shift+S').waitFor();
    await shot('07-shortcuts-panel');
    await harness.colorScheme('dark');
    await shot('08-shortcuts-panel-dark');
    await harness.colorScheme('light');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await hasFocus(sidebarButton)).toBe(true);
    await page.keyboard.press('Enter');
    await panel.waitFor();
    await activate(panel.getByRole('button', { name: 'Close' }));
    await panel.waitFor({ state: 'hidden' });
    expect(await hasFocus(sidebarButton)).toBe(true);
    expect(harness.pageErrors).toEqual([]);
  });
});
