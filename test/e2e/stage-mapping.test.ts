import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ConsoleCore } from '../../src/main/core/core';
import { listAudit } from '../../src/main/core/db/repos/audit';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';
import { SCREENSHOT_DIR } from '../support/paths';
import { addConnection, ashbyTenant, leverTenant, writeTenant } from '../support/ats-cache';

let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
const shots: string[] = [];

const LEVER = 'lever-1';
const ASHBY = 'ashby-1';

beforeAll(async () => {
  const test = openTestCore();
  core = test.core;
  cleanupCore = test.cleanup;
  writeTenant(core.context.db, addConnection(core.context.db, 'lever', LEVER), leverTenant());
  writeTenant(core.context.db, addConnection(core.context.db, 'ashby', ASHBY), ashbyTenant());
  harness = await startBrowserHarness(core, 'stage-mapping');
  // A failing step reports itself before the test's own timeout.
  harness.page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
  if (shots.length)
    console.log(
      `Screenshots of stage mapping (${SCREENSHOT_DIR}/stage-mapping):\n  ${shots.join('\n  ')}`,
    );
});

async function open(page: Page, connection: string): Promise<void> {
  await page.goto(`${harness.origin}/index.html#/mapping?connection=${connection}`);
  await page.getByTestId('ats-to-kula').waitFor();
}

function atsRow(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^Kula stage for Lever (stage|archive reason) "${label}"$`));
}

/** Drags with real pointer events (dnd-kit's pointer sensor needs movement, not a synthetic drop). */
async function dragChip(page: Page, chip: Locator, target: Locator): Promise<void> {
  await chip.scrollIntoViewIfNeeded();
  const from = await chip.boundingBox();
  if (!from) throw new Error('chip not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 4 });
  await target.scrollIntoViewIfNeeded();
  const to = await target.boundingBox();
  if (!to) throw new Error('target not visible');
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe('stage mapping editor in Chromium over the real core', () => {
  it('shows the Lever defaults, the refresh time and that writes are held until confirmed', async () => {
    const { page } = harness;
    await open(page, LEVER);
    await page.getByText('Writes to Lever are on hold until you confirm this mapping').waitFor();
    expect(await page.getByTestId('stages-refreshed').textContent()).toMatch(
      /Lever stages from the local cache, refreshed .+ \(/,
    );
    expect(await atsRow(page, 'New lead').inputValue()).toBe('stage:new');
    await page.getByTestId('mapping-lint').getByText('Every stage is mapped').waitFor();
    shots.push(await harness.screenshot('lever-defaults'));
  });

  it('remaps by dragging a chip, updates the lint and the diff, warns before leaving, saves and keeps it', async () => {
    const { page } = harness;
    await open(page, LEVER);
    const row = page.locator(
      '[data-row-key="ats-to-kula:stage:49422c7e-5b86-4a06-9386-d432f6e98d57"]',
    );
    await dragChip(page, page.locator('[data-chip="kula:interested"]'), row);
    await expect.poll(() => atsRow(page, 'HM Review').inputValue()).toBe('stage:interested');

    const lint = page.getByTestId('mapping-lint');
    await lint
      .getByText(
        'Round trip disagrees: Kula "Interviewing" → Lever "HM Review" → back to Kula "Interested".',
        { exact: false },
      )
      .waitFor();
    const diff = page.getByTestId('mapping-diff');
    await diff.getByText('HM Review').waitFor();
    expect(await diff.locator('.diff-item').count()).toBe(1);
    expect(await diff.locator('.diff-before').first().textContent()).toBe('Interviewing');
    expect(await diff.locator('.diff-after').first().textContent()).toBe('Interested');

    await page.setViewportSize({ width: 1360, height: 1500 });
    shots.push(await harness.screenshot('lever-drag-lint-and-diff'));
    await page.getByTestId('mapping-lint').scrollIntoViewIfNeeded();
    shots.push(await harness.screenshot('lever-lint-and-diff-panels'));
    await page.setViewportSize({ width: 1360, height: 860 });

    // In-app navigation with a dirty draft asks first.
    await page.getByRole('link', { name: 'Connections' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    shots.push(await harness.screenshot('unsaved-changes-dialog'));
    await dialog.getByRole('button', { name: 'Stay and keep editing' }).click();
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/mapping?connection=${LEVER}`);
    expect(await atsRow(page, 'HM Review').inputValue()).toBe('stage:interested');
    // Closing the window with the same unsaved draft asks too (the shell shows the question).
    const closeIsHeld = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await closeIsHeld()).toBe(true);

    await page.getByRole('button', { name: 'Save and confirm' }).click();
    await page.getByText('Mapping saved and confirmed').waitFor();
    await page.getByText(/Writes allowed · confirmed by test-admin/).waitFor();
    expect(await closeIsHeld()).toBe(false);
    const actions = listAudit(core.context.db, { limit: 5 }).map((entry) => entry.action);
    expect(actions.slice(0, 2)).toEqual(['mapping.confirm', 'mapping.save']);

    await page.reload();
    await page.getByTestId('ats-to-kula').waitFor();
    expect(await atsRow(page, 'HM Review').inputValue()).toBe('stage:interested');
    expect(await page.getByTestId('mapping-diff').locator('.diff-item').count()).toBe(0);
  });

  it('remaps by keyboard alone, with announcements, and keeps it after saving and reloading', async () => {
    const { page } = harness;
    await open(page, LEVER);
    const chip = page.locator('[data-chip="kula:hired"]');
    await chip.focus();
    await page.keyboard.press('Space');
    const announced = (text: string) =>
      page.getByText(text, { exact: false }).waitFor({ state: 'attached' });
    await announced('Picked up Kula stage Hired.');
    await page.waitForTimeout(200);
    // Rows in table order; each step is announced before the next key, as a screen reader user hears it.
    for (const row of ['New lead', 'Reached out', 'Responded', 'New applicant']) {
      await page.keyboard.press('ArrowDown');
      await announced(`Kula stage Hired is over Lever stage "${row}".`);
    }
    await page.keyboard.press('Space');
    await page
      .getByText('Lever stage "New applicant" now maps to Kula stage Hired. Not saved yet.')
      .waitFor({ state: 'attached' });
    expect(await atsRow(page, 'New applicant').inputValue()).toBe('stage:hired');
    await page.getByTestId('mapping-diff').getByText('New applicant').waitFor();

    // The select box does the same without dragging.
    await atsRow(page, 'Responded').selectOption({ label: 'Leave unchanged' });
    expect(await page.getByTestId('mapping-diff').locator('.diff-item').count()).toBe(2);

    await page.getByRole('button', { name: /^Save( and confirm)?$/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/^Mapping saved/).waitFor();
    await page.reload();
    await page.getByTestId('ats-to-kula').waitFor();
    expect(await atsRow(page, 'New applicant').inputValue()).toBe('stage:hired');
    expect(await atsRow(page, 'Responded').inputValue()).toBe('unchanged');
  });

  it('exports the mapping as a download and refuses a malformed import with row-level messages', async () => {
    const { page } = harness;
    await open(page, LEVER);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^stage-mapping-lever-acme-lever-.+\.json$/);
    const file = JSON.parse(fs.readFileSync((await download.path()) ?? '', 'utf8'));
    expect(file.provider).toBe('lever');

    const before = core.context.db
      .prepare('SELECT revision FROM stage_mapping_state WHERE connection_id = ?')
      .get(LEVER);
    file.atsToKula[0].kula = { id: 'gone', name: 'Ghost stage' };
    file.kulaToAts[2].ats = { ref: 'stage:nowhere', name: 'Nowhere' };
    await page.getByTestId('mapping-import-input').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    const issues = page.getByTestId('import-issues');
    await issues.waitFor();
    expect(await issues.locator('li').allTextContents()).toEqual([
      'atsToKula[0].kula There is no Kula stage with id "gone" or name "Ghost stage". Add it under Kula pipeline first, or change the file.',
      'kulaToAts[2].ats Lever has no stage "Nowhere" (stage:nowhere) in this connection.',
    ]);
    await page.getByText('broken.json was not imported').waitFor();
    shots.push(await harness.screenshot('import-refused'));
    expect(await page.getByTestId('mapping-diff').locator('.diff-item').count()).toBe(0);
    expect(
      core.context.db
        .prepare('SELECT revision FROM stage_mapping_state WHERE connection_id = ?')
        .get(LEVER),
    ).toEqual(before);

    // A good file loads as a draft to review; saving applies it.
    file.atsToKula[0].kula = { id: 'contacted', name: 'Contacted' };
    file.kulaToAts[2].ats = 'none';
    await page.getByTestId('mapping-import-input').setInputFiles({
      name: 'good.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await page.getByText('Loaded good.json').waitFor();
    expect(await page.getByTestId('mapping-diff').locator('.diff-item').count()).toBe(2);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Mapping saved', { exact: true }).waitFor();
    expect(listAudit(core.context.db, { limit: 1 })[0]).toMatchObject({
      action: 'mapping.import',
      summary: expect.stringContaining('(from good.json)'),
    });
  });

  it('shows Ashby groups, per-plan landing and overrides, and a plan that lacks the mapped stage', async () => {
    const { page } = harness;
    await open(page, ASHBY);
    await page.getByText('Recruiter Screen').first().waitFor();
    const rule = page.getByLabel('Ashby stage for Kula stage "Interviewing"', { exact: true });
    await rule.selectOption({ label: 'Technical Interview (in 1 of 3 plans)' });
    const lint = page.getByTestId('mapping-lint');
    await lint
      .getByText(/Interview plan "Sales" has no stage matching "Technical Interview"/)
      .waitFor();
    const toggle = page.getByRole('button', { name: 'Per-plan overrides of "Interviewing"' });
    await toggle.click();
    await page
      .getByLabel('Ashby stage for Kula stage "Interviewing" in plan "Sales"', { exact: true })
      .selectOption({ label: 'Panel Interview' });
    await expect.poll(() => lint.getByText(/plan "Sales" has no stage/).count()).toBe(0);
    await page.setViewportSize({ width: 1360, height: 1500 });
    await page.locator('[data-row-key="kula-to-ats:interviewing|"]').scrollIntoViewIfNeeded();
    shots.push(await harness.screenshot('ashby-overrides-and-lint'));
    await page.setViewportSize({ width: 1360, height: 860 });
    await page.getByRole('button', { name: 'Discard' }).click();
    expect(await page.getByTestId('mapping-diff').locator('.diff-item').count()).toBe(0);
  });

  it('edits the Kula pipeline: add, rename, reorder by keyboard, remove; the mapping asks for the new stage', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/mapping/pipeline`);
    const pipeline = page.getByTestId('kula-pipeline');
    await pipeline.waitFor();
    await page.getByLabel('New stage').fill('Screening call');
    await page.getByLabel('Position').selectOption({ label: 'After Replied' });
    await page.getByRole('button', { name: 'Add stage' }).click();
    await page.getByText('Added "Screening call".', { exact: false }).waitFor();
    expect(await pipeline.locator('.pipeline-name').nth(3).textContent()).toContain(
      'Screening call',
    );

    await page.getByRole('button', { name: 'Rename Screening call' }).click();
    await page.getByLabel('New name for Screening call').fill('Phone screen');
    await page.keyboard.press('Enter');
    await page.getByText('Renamed "Screening call" to "Phone screen".').waitFor();

    await page.getByRole('button', { name: 'Reorder Phone screen' }).focus();
    const announced = (text: string) =>
      page.getByText(text, { exact: false }).waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await announced('Phone screen is in its place, position 4 of 10.');
    // The keyboard sensor starts listening for arrow keys a tick after the pick-up.
    await page.waitForTimeout(200);
    await page.keyboard.press('ArrowUp');
    await announced('Phone screen would move to position 3 of 10, where Replied is.');
    await page.keyboard.press('Space');
    await page.getByText('Moved "Phone screen".').waitFor();
    expect(await pipeline.locator('.pipeline-name').nth(2).textContent()).toContain('Phone screen');
    shots.push(await harness.screenshot('kula-pipeline'));

    await open(page, LEVER);
    await page
      .getByTestId('mapping-lint')
      .getByText('Kula stage "Phone screen" is not mapped', { exact: false })
      .waitFor();

    await page.goto(`${harness.origin}/index.html#/mapping/pipeline`);
    await page.getByRole('button', { name: 'Remove Phone screen' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove stage' }).click();
    await page.getByText('Removed "Phone screen".').waitFor();
    expect(listAudit(core.context.db, { limit: 4 }).map((entry) => entry.action)).toEqual([
      'kula-stage.remove',
      'kula-stage.reorder',
      'kula-stage.rename',
      'kula-stage.add',
    ]);
  });

  it('stays within the strict CSP with no page errors', async () => {
    const { page } = harness;
    await open(page, ASHBY);
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
