import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote } from '../../src/main/core/kula/activity';
import { addCandidate } from '../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../src/main/core/kula/flows';
import { NAV_ITEMS } from '../../src/renderer/src/app/navigation';
import { ashbyFixture, type AshbyFixture } from '../support/ashby';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { SCREENSHOT_DIR } from '../support/paths';

/**
 * Light and dark, in Chromium over the real core with real data (an Ashby import, syncs, one that
 * failed, a flow with a candidate): every screen is photographed in both schemes, the page follows
 * the operating system's setting, and the Settings choice overrides it.
 */
let harness: BrowserHarness;
let fixture: AshbyFixture;
const shots: string[] = [];

const LIGHT_BG = 'rgb(246, 247, 251)';
const DARK_BG = 'rgb(15, 18, 34)';

beforeAll(async () => {
  fixture = await ashbyFixture({ sim: { tenant: { candidates: 40, applications: 50 } } });
  const f = fixture;
  f.ctx.connections.updateSettings(f.connectionId, { label: 'Ashby (Acme)' });
  await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
  await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
  f.sim.faults.configure({ rate: 1, kinds: ['500'] });
  await f.ctx.sync.run(f.connectionId, { trigger: 'scheduled' });
  f.sim.faults.configure({ rate: 0 });
  const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
  const flow = createFlow(f.ctx, {
    name: 'Backend engineers',
    link: { connectionId: f.connectionId, jobId: job.jobId },
  });
  const candidate = addCandidate(f.ctx, {
    name: 'Ada Lovelace',
    emails: ['ada.lovelace@example.org'],
    flowIds: [flow.id],
    origin: 'form',
  });
  addNote(f.ctx, {
    candidate: candidate.id,
    body: 'Strong on analytical engines.',
    private: false,
  });

  harness = await startBrowserHarness(f.core, 'themes');
  await harness.page.goto(`${harness.origin}/index.html#/connections`);
  await harness.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await fixture?.cleanup();
  if (shots.length)
    console.log(`Screenshots in both themes (${SCREENSHOT_DIR}/themes):\n  ${shots.join('\n  ')}`);
});

const background = () =>
  harness.page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('light and dark', () => {
  it.each(NAV_ITEMS.map((item) => [item.label, item.path] as const))(
    'shows the %s screen in both schemes',
    async (label, path) => {
      const { page } = harness;
      await page.getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { name: label, level: 1 }).waitFor();
      // Let the page's data arrive before the picture.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const name = path.slice(1);
      await harness.colorScheme('light');
      expect(await background()).toBe(LIGHT_BG);
      shots.push(await harness.screenshot(`${name}-light`));
      await harness.colorScheme('dark');
      expect(await background()).toBe(DARK_BG);
      shots.push(await harness.screenshot(`${name}-dark`));
      await harness.colorScheme('light');
    },
  );

  it('follows the Settings choice over the operating system’s, and keeps it', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/settings`);
    const theme = page.getByRole('radiogroup', { name: 'Theme' });
    await theme.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => fixture.ctx.settings.get().theme).toBe('dark');
    await expect.poll(background).toBe(DARK_BG);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    shots.push(await harness.screenshot('settings-dark-chosen'));
    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await expect.poll(background).toBe(DARK_BG);

    await harness.colorScheme('dark');
    await theme.getByRole('radio', { name: 'Light' }).click();
    await expect.poll(background).toBe(LIGHT_BG);

    await theme.getByRole('radio', { name: 'System' }).click();
    await expect.poll(background).toBe(DARK_BG);
    await harness.colorScheme('light');
    await expect.poll(background).toBe(LIGHT_BG);
    expect(fixture.ctx.settings.get().theme).toBe('system');
    expect(harness.pageErrors).toEqual([]);
  });
});
