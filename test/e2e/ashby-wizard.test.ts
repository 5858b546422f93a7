import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/main/core/core';
import { listRuns } from '../../src/main/core/db/repos/sync-runs';
import { startAshbySimulator, type AshbySimulator } from '../simulators/ashby/server';
import { startServer } from '../simulators/common/http';
import { FAST_HTTP, cacheCounts, expectedCounts } from '../support/ashby';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';
import { SCREENSHOT_DIR } from '../support/paths';

let sim: AshbySimulator;
let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
const opened: string[] = [];
const shots: string[] = [];

beforeAll(async () => {
  sim = await startAshbySimulator({
    tenant: { candidates: 1500, applications: 1900, kulaSource: 'missing' },
    latencyMs: 25,
  });
  const test = openTestCore({
    http: FAST_HTTP,
    openExternal: async (url) => {
      opened.push(url);
    },
  });
  core = test.core;
  cleanupCore = test.cleanup;
  harness = await startBrowserHarness(core, 'ashby');
  harness.page.setDefaultTimeout(10_000);
  await harness.page.goto(`${harness.origin}/index.html#/connections`);
  await harness.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
  await sim?.close();
  if (shots.length) console.log(`Screenshots (${SCREENSHOT_DIR}/ashby):\n  ${shots.join('\n  ')}`);
});

const shot = async (name: string) => shots.push(await harness.screenshot(name));

async function pasteKey(key: string, host: string) {
  const { page } = harness;
  await page.getByLabel('Ashby API key').fill(key);
  const advanced = page.locator('details.advanced');
  if (!(await advanced.evaluate((element) => (element as HTMLDetailsElement).open)))
    await page.getByText('Advanced').click();
  await page.getByLabel('API host').fill(host);
  await page.getByRole('button', { name: 'Check the key' }).click();
}

describe('connecting Ashby in the window', () => {
  it('explains where the key comes from and that Ashby shows it once', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Connect Ashby' }).first().click();
    await page.getByTestId('wizard-step-create-key').waitFor();
    await page.getByText('Ashby shows the key only once.').waitFor();
    await page.getByText('+ Create API key').waitFor();
    await shot('01-create-key');
    await page.getByRole('button', { name: 'I have the key' }).click();
    await page.getByTestId('wizard-step-paste-key').waitFor();
    expect(await page.getByLabel('Ashby API key').getAttribute('type')).toBe('password');
  });

  it('says plainly when the key is wrong, Ashby is down or the network is', async () => {
    const { page } = harness;
    await pasteKey('this-is-not-the-key', sim.url);
    await page
      .getByText('Ashby refused the API key: it is wrong, incomplete or has been deactivated.')
      .waitFor();
    await page.getByText(/create a new key for Kula and reconnect/).waitFor();
    await shot('02-wrong-key');

    sim.faults.queue('500', '500', '500', '500', '500', '500', '500');
    await pasteKey(sim.keys.full, sim.url);
    await page.getByText('Ashby is not answering normally (HTTP 500).').waitFor();
    await page.getByText(/Try again in a few minutes/).waitFor();

    const closed = await startServer(() => undefined);
    await closed.close();
    await pasteKey(sim.keys.full, closed.url);
    await page
      .getByText(`Could not reach Ashby at ${new URL(closed.url).host} (connection refused).`)
      .waitFor();
    await page.getByText(/Check your internet connection/).waitFor();
    await shot('03-network-down');
  });

  it('shows the permissions found and what each missing one turns off', async () => {
    const { page } = harness;
    await pasteKey(sim.keys.noCandidates, sim.url);
    await page.getByTestId('wizard-step-permissions').waitFor();
    await page.getByText('2 permissions are missing.').waitFor();
    await page
      .getByText(/Missing, so these stay off: Import candidates and applications/)
      .waitFor();
    await shot('04-missing-permission');
    await page.getByRole('button', { name: 'Back' }).click();
    await pasteKey(sim.keys.full, sim.url);
    await page.getByText('The key has every permission the console uses.').waitFor();
    await shot('05-permissions');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  it('guides the admin to create the Kula source, and finds it after “Check again”', async () => {
    const { page } = harness;
    await page.getByTestId('wizard-step-setup').waitFor();
    await page.getByText(/Ashby has no source named “Kula” under the type “Integration”/).waitFor();
    await page.getByText(/Admin → Organization Setup → Candidate Sources/).waitFor();
    await shot('06-kula-source-missing');
    sim.tenant.addSource('Kula', 'Integration');
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByText(/Found\. Candidates and applications the console creates/).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  it('saves the key encrypted and imports with a progress bar per resource, then shows the result', async () => {
    const { page } = harness;
    await page.getByTestId('wizard-step-save').waitFor();
    await page.getByLabel('Name of this connection').fill('Ashby (sandbox)');
    await shot('07-save');
    await page.getByRole('button', { name: 'Save and start the import' }).click();
    await page.getByTestId('wizard-step-import').waitFor();
    await page
      .getByRole('progressbar', { name: /Candidates: reading/ })
      .waitFor({ timeout: 20_000 });
    await shot('08-importing');
    await page.getByTestId('wizard-step-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-summary').getByText('Candidates').waitFor();
    await shot('09-done');

    const [connection] = core.context.connections.list();
    expect(connection).toMatchObject({
      label: 'Ashby (sandbox)',
      status: 'connected',
      hasCredential: true,
    });
    expect(cacheCounts(core.context, connection!.id)).toEqual(expectedCounts(sim));
    // The key reached the main process only: the renderer's wizard state was cleared.
    expect(await page.locator('input[type="password"]').count()).toBe(0);
  });

  it('lists the connection with its permissions, and syncs again with only incremental requests', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await page.getByText('Permissions: 7 of 7 granted').waitFor();
    sim.requests.clear();
    const runsBefore = listRuns(core.context.db, { limit: 10 }).length;
    await page.getByRole('button', { name: 'Sync now' }).first().click();
    // Wait for the new run (not the import before it) to finish.
    await expect
      .poll(() => {
        const runs = listRuns(core.context.db, { limit: 10 });
        return runs.length > runsBefore && runs[0]!.status !== 'running' ? runs[0]!.status : null;
      })
      .toBe('succeeded');
    const lists = sim.requests.entries.filter((entry) => entry.path === '/candidate.list');
    expect(lists).toHaveLength(1);
    expect(lists[0]?.body).toHaveProperty('syncToken');
    await shot('10-connections');
  });
});

describe('views of the cache', () => {
  it('shows jobs with an open/closed filter and counts', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    const { openJobs, jobs } = sim.tenant.counts();
    await page.getByRole('radio', { name: `Open ${openJobs}` }).click();
    await expect
      .poll(() => page.getByTestId('jobs-table').locator('tbody tr').count())
      .toBe(openJobs);
    await page.getByRole('radio', { name: `All ${jobs}` }).waitFor();
    // Each job names its department and location (Ashby sends ids; the console looks them up).
    const job = sim.tenant.jobs.find((candidate) => candidate.status === 'Open')!;
    const row = page.getByTestId('jobs-table').locator('tbody tr', { hasText: job.title }).first();
    await expect
      .poll(() => row.locator('td').allTextContents())
      .toEqual(expect.arrayContaining([job.department, job.location]));
    await shot('11-jobs');
  });

  it('searches candidates by email and opens one with its applications and an Ashby link', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('tab', { name: 'In the ATS (cache)' }).click();
    await page
      .getByTestId('candidate-total')
      .getByText(/candidates$/)
      .waitFor();
    await shot('12-candidates');
    const candidate = sim.tenant.candidate(42)!;
    await page.getByLabel('Search candidates by name or email').fill(candidate.email!);
    await page
      .getByTestId('candidate-total')
      .getByText(`1 candidate match “${candidate.email}”`)
      .waitFor();
    await page.getByRole('button', { name: new RegExp(candidate.name) }).click();
    await page.getByRole('heading', { name: candidate.name, level: 1 }).waitFor();
    await expect
      .poll(() => page.getByTestId('applications-table').locator('tbody tr').count())
      .toBe(sim.tenant.applicationIdsOf(candidate).length);
    await shot('13-candidate');
    await page.getByRole('button', { name: 'Open in Ashby' }).click();
    await expect
      .poll(() => opened)
      .toEqual([
        `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${candidate.id}`,
      ]);
  });

  it('disconnects after a confirmation that says the cached data stays', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByText(/Nothing is deleted in Ashby; the sync log is kept/).waitFor();
    await shot('14-remove-confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Disconnect' }).first().click();
    await page
      .getByText(/stay readable on this computer until you remove the connection/)
      .waitFor();
    await shot('15-disconnect-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('Disconnected: the key was forgotten and nothing syncs.').waitFor();
    const [connection] = core.context.connections.list();
    expect(connection).toMatchObject({ status: 'disabled', hasCredential: false });
    expect(cacheCounts(core.context, connection!.id).candidates).toBe(
      expectedCounts(sim).candidates,
    );
    await shot('16-disconnected');
    expect(harness.pageErrors).toEqual([]);
  });
});
