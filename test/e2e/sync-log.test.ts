import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { ashbyFixture, type AshbyFixture } from '../support/ashby';
import { SCREENSHOT_DIR } from '../support/paths';

/**
 * The sync log, the health page and the audit trail in Chromium over the real core, after real
 * syncs against the Ashby simulator: an import, an incremental sync with changes, a 429 burst
 * (the key's own limit and partner-wide throttling), a failed run, an expired sync token.
 */
let harness: BrowserHarness;
let fixture: AshbyFixture;
const shots: string[] = [];

/**
 * The runs are spread over the last hour: the core's clock runs ahead by `offset`, which starts an
 * hour back and moves forward between runs, so the charts show runs and 429s minute by minute.
 */
let offset = -58 * 60_000;
const clock = { now: () => Date.now() + offset };

beforeAll(async () => {
  fixture = await ashbyFixture({
    sim: { tenant: { candidates: 400, applications: 520 } },
    core: { clock },
  });
  const f = fixture;
  f.ctx.connections.updateSettings(f.connectionId, { label: 'Ashby (Acme)' });
  const { tenant } = f.sim;
  const run = async (
    minutesLater: number,
    options: Parameters<typeof f.ctx.sync.run>[1] = { trigger: 'scheduled' },
  ) => {
    offset += minutesLater * 60_000;
    await f.ctx.sync.run(f.connectionId, options);
  };
  await run(0, { trigger: 'initial-import' });
  for (let i = 0; i < 12; i++) {
    const candidate = tenant.candidate(i * 7)!;
    tenant.updateCandidate(candidate.id, { name: `${candidate.name} Jr.` });
  }
  await run(6, { trigger: 'manual' });
  // A burst of 429s: first the key's own limit, then Ashby throttling the integration partner.
  f.sim.setRateLimit({ perSecond: 40, burst: 3, retryAfter: 'none' });
  await run(9, { trigger: 'scheduled', full: true });
  await run(4, { trigger: 'scheduled', full: true });
  f.sim.setRateLimit(null);
  for (let i = 0; i < 2; i++) {
    // Ashby keeps throttling the partner for a few seconds of this run.
    f.sim.throttlePartner(900);
    let windows = 1;
    const again = setInterval(() => {
      if (windows++ < 4) f.sim.throttlePartner(900);
    }, 1000);
    await run(4).finally(() => clearInterval(again));
  }
  // Ashby down for a run.
  f.sim.faults.configure({ rate: 1, kinds: ['500'] });
  await run(8);
  f.sim.faults.configure({ rate: 0 });
  f.sim.queueError('/candidate.list', 'sync_token_expired');
  await run(12);
  offset = 0;
  await f.ctx.logMaintenance.runNow();
  f.ctx.scheduler.start({ startupDelayMs: 20 * 60_000 });

  harness = await startBrowserHarness(f.core, 'sync-log');
  harness.page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await harness?.close();
  await fixture?.cleanup();
  if (shots.length)
    console.log(
      `Screenshots of the sync log (${SCREENSHOT_DIR}/sync-log):\n  ${shots.join('\n  ')}`,
    );
});

describe('the sync log view', () => {
  it('lists the newest lines first and narrows to errors, with the drawer telling what to do', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/log`);
    await page.getByRole('heading', { name: 'Sync log', level: 1 }).waitFor();
    await page.getByTestId('log-row').first().waitFor();
    shots.push(await harness.screenshot('log-all'));

    await page.getByLabel('Level').selectOption('error');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('levels=error');
    const rows = page.getByTestId('log-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const levels = await rows.locator('.log-level').allTextContents();
    expect(new Set(levels)).toEqual(new Set(['Error']));
    await rows.filter({ hasText: 'not answering normally' }).last().click();
    const drawer = page.getByTestId('log-drawer');
    await drawer.getByText('What to do').waitFor();
    await drawer
      .getByText(/POST \/\w+\.list/)
      .first()
      .waitFor();
    shots.push(await harness.screenshot('log-errors-drawer'));
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('searches words and ids, and shows one record’s history from the drawer', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/log`);
    // A record id, as an admin pastes it from the ATS: its lines, whichever field holds it.
    const changed = fixture.ctx.db
      .prepare("SELECT entity_id FROM sync_log WHERE rule = 'pull-change' LIMIT 1")
      .pluck()
      .get() as string;
    await page.getByRole('searchbox', { name: 'Search the log' }).fill(changed);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('q=');
    await expect.poll(() => page.getByTestId('log-row').count()).toBeGreaterThan(0);
    const ids = await page.getByTestId('log-row').locator('.mono').allTextContents();
    expect(ids.some((text) => text.includes(changed))).toBe(true);
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('');
    await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('q=');
    await page.getByLabel('Record type').selectOption('candidates');
    await page.getByTestId('log-row').filter({ hasText: 'Changed in Ashby' }).first().click();
    await page.getByRole('button', { name: 'This record’s history' }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('record=');
    await page.getByRole('button', { name: /^Remove filter: Record candidates / }).waitFor();
    shots.push(await harness.screenshot('log-record-history'));
  });

  it('exports exactly the filtered lines as a CSV download', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/log?levels=warn%2Cerror`);
    await page.getByTestId('log-row').first().waitFor();
    const countText = (await page.getByTestId('log-count').textContent()) ?? '';
    const expected = Number(countText.replace(/\D/g, ''));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kula-sync-log-\d{8}-\d{4}\.csv$/);
    const text = await new Promise<string>((resolve, reject) => {
      void file.createReadStream().then((stream) => {
        let out = '';
        stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        stream.on('end', () => resolve(out));
        stream.on('error', reject);
      });
    });
    const rows = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toMatch(/^id,time,connection,/);
    expect(rows.length - 1).toBe(expected);
    await page.getByText(`Exported ${expected} lines as CSV.`).waitFor();
  });
});

describe('sync health', () => {
  it('shows the run history chart and a 429 burst told apart by cause', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/health`);
    await page.getByRole('heading', { name: 'Sync health', level: 1 }).waitFor();
    const chart = page.getByTestId('run-history-chart');
    await chart.waitFor();
    expect(await chart.locator('.chart-run').count()).toBe(8);
    await chart.scrollIntoViewIfNeeded();
    shots.push(await harness.screenshot('run-history-chart'));

    const card = page.getByTestId(`health-${fixture.connectionId}`);
    const facts = card.getByTestId('throttle-facts');
    await facts.waitFor();
    const text = (await facts.textContent()) ?? '';
    const own = Number(/(\d+)\s*429s from this key/.exec(text)?.[1]);
    const partner = Number(/(\d+)\s*429s from Ashby/.exec(text)?.[1]);
    expect(own).toBeGreaterThan(0);
    expect(partner).toBeGreaterThan(0);
    await card.getByText('Fell back to full').waitFor();
    await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    shots.push(await harness.screenshot('health-429-burst'));
    await card
      .getByRole('region', { name: 'Incremental sync' })
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
    shots.push(await harness.screenshot('health-tokens'));
  });

  it('opens a run’s lines from the chart', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/health`);
    await page.getByTestId('run-history-chart').locator('.chart-run').last().click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/#\/log\?run=\d+/);
    await page.getByRole('button', { name: /^Remove filter: Run #\d+/ }).waitFor();
  });

  it('gives each chart a table that the keyboard and a screen reader reach, with nothing focusable inside the pictures', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/health`);
    const chart = page.getByTestId('run-history-chart');
    await chart.waitFor();
    expect(await page.locator('[role="img"] a, [role="img"] [tabindex]').count()).toBe(0);
    const image = chart.getByRole('img');
    const tableId = await image.getAttribute('aria-describedby');
    const summary = chart.getByText('The chart’s 8 runs as a table');
    expect(await summary.evaluate((element) => element.parentElement?.id)).toBe(tableId);
    await summary.focus();
    await page.keyboard.press('Enter');
    const table = chart.getByRole('table', { name: 'Runs in the run history chart, newest first' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(9);
    await page.keyboard.press('Tab');
    const first = table.getByRole('link').first();
    expect(await first.evaluate((element) => element === document.activeElement)).toBe(true);
    shots.push(await harness.screenshot('run-history-table'));
    await harness.colorScheme('dark');
    shots.push(await harness.screenshot('run-history-table-dark'));
    await harness.colorScheme('light');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/#\/log\?run=\d+/);

    await page.goto(`${harness.origin}/index.html#/health`);
    const usage = page.getByTestId(`health-${fixture.connectionId}`).getByTestId('usage-chart');
    const usageTable = page.locator(`[id="${await usage.getAttribute('aria-describedby')}"]`);
    await usageTable.locator('summary').click();
    const minutes = usageTable.getByRole('table', { name: /Requests per minute/ });
    await minutes.waitFor();
    expect(await minutes.getByRole('row').count()).toBeGreaterThan(1);
    await minutes.scrollIntoViewIfNeeded();
    shots.push(await harness.screenshot('usage-table'));
  });
});

describe('the audit trail', () => {
  it('lists who did what, filtered by action family', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/audit`);
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    const table = page.getByTestId('audit-table');
    await table.getByText('Started a sync by hand').first().waitFor();
    await table.getByText('Exported the sync log').first().waitFor();
    shots.push(await harness.screenshot('audit-trail'));
    await page.getByLabel('Action').selectOption('connection.');
    await expect
      .poll(() => page.evaluate(() => window.location.hash))
      .toContain('action=connection.');
    await expect
      .poll(async () => new Set(await table.locator('.audit-code').allTextContents()))
      .toEqual(new Set(['connection.connect', 'connection.settings']));
  });
});

describe('the pages', () => {
  it('log no console errors or CSP violations', () => {
    expect(harness.pageErrors).toEqual([]);
  });
});
