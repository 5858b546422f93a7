import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetResourceStates } from '../../src/main/core/db/repos/sync-state';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { ashbyFixture, type AshbyFixture } from '../support/ashby';
import { SCREENSHOT_DIR } from '../support/paths';

/**
 * Live progress and notices in Chromium over the real core: a sync of the Ashby simulator slowed
 * down enough to watch (the status bar and the connection card show the phase, records, rate and
 * time left), its summary when it ends, and a failed scheduled sync announced in the window with a
 * link to the log filtered to it.
 */
let harness: BrowserHarness;
let fixture: AshbyFixture;
const shots: string[] = [];

beforeAll(async () => {
  fixture = await ashbyFixture({ sim: { tenant: { candidates: 1500, applications: 1500 } } });
  const f = fixture;
  f.ctx.connections.updateSettings(f.connectionId, { label: 'Ashby (Acme)' });
  // A first import, so the second knows each resource's size (records of ~total, time left).
  await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
  harness = await startBrowserHarness(f.core, 'sync-progress');
  harness.page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await harness?.close();
  await fixture?.cleanup();
  if (shots.length)
    console.log(
      `Screenshots of sync progress (${SCREENSHOT_DIR}/sync-progress):\n  ${shots.join('\n  ')}`,
    );
});

describe('a sync in progress', () => {
  it('shows its phase, records, rate and time left in the status bar and on the card, then its summary', async () => {
    const { page } = harness;
    const f = fixture;
    f.sim.setLatency(300);
    // Forget the sync tokens, so "Sync now" reads everything again (with known sizes).
    resetResourceStates(f.ctx.db, f.connectionId);
    await page.goto(`${harness.origin}/index.html#/connections`);
    await page.getByTestId(`connection-${f.connectionId}`).waitFor();
    await page
      .getByRole('contentinfo', { name: 'Status' })
      .getByRole('button', { name: 'Sync now' })
      .click();
    const status = page.getByTestId('run-status');
    // Candidates and applications are read at once: the line counts the lists and their records,
    // with the time left of the whole run (both sizes are known from the first import).
    await status.getByText(/Reading \d lists at once · [\d,]+ records/).waitFor();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/records · .* left/);
    await expect
      .poll(() => status.getByRole('progressbar').getAttribute('aria-valuenow'))
      .not.toBeNull();
    shots.push(await harness.screenshot('run-in-progress'));

    f.sim.setLatency(0);
    const last = page.getByTestId('last-sync');
    await last.getByText(/succeeded/).waitFor({ timeout: 30_000 });
    await expect.poll(() => last.textContent()).toMatch(/records checked|records read/);
    await page
      .getByTestId(`schedule-${f.connectionId}`)
      .getByText(/^Last run: /)
      .waitFor();
    shots.push(await harness.screenshot('run-finished'));
  });
});

describe('a scheduled sync that fails', () => {
  it('is announced in the window with a link to its lines in the log', async () => {
    const { page } = harness;
    const f = fixture;
    f.sim.faults.configure({ rate: 1, kinds: ['500'] });
    f.ctx.scheduler.start({ startupDelayMs: 0 });
    // Due: the last sync started just now, so move the schedule to "every 5 minutes, overdue".
    f.ctx.db.prepare("UPDATE sync_runs SET started_at = '2026-01-01T00:00:00.000Z'").run();
    f.ctx.scheduler.reconcile();
    const notice = page
      .getByRole('alert')
      .filter({ hasText: 'Scheduled sync of “Ashby (Acme)” failed' });
    await notice.waitFor({ timeout: 30_000 });
    f.sim.faults.configure({ rate: 0 });
    f.ctx.scheduler.stop();
    shots.push(await harness.screenshot('scheduled-failure-notice'));
    await notice.getByRole('link', { name: 'Open the log' }).click();
    await expect
      .poll(() => page.evaluate(() => window.location.hash))
      .toMatch(/^#\/log\?connection=ashby-[0-9a-f]+&run=\d+&levels=warn%2Cerror$/);
    await page.getByRole('button', { name: /^Remove filter: Run #\d+/ }).waitFor();
    await page
      .getByTestId('log-row')
      .filter({ hasText: 'not answering normally' })
      .first()
      .waitFor();
  });

  it('follows main’s request to show a page (a click on the desktop notification)', async () => {
    const { page } = harness;
    fixture.ctx.events.emit('app:navigate', { route: '/health' });
    await page.getByRole('heading', { name: 'Sync health', level: 1 }).waitFor();
    fixture.ctx.events.emit('app:navigate', { route: 'https://evil.example/' });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => window.location.hash)).toBe('#/health');
  });
});

describe('the pages', () => {
  it('log no console errors or CSP violations', () => {
    expect(harness.pageErrors).toEqual([]);
  });
});
