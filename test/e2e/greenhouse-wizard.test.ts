import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/main/core/core';
import { forgetGreenhouseTokens } from '../../src/main/core/providers/greenhouse/tokens';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  GREENHOUSE_NO_CANDIDATES_CREDENTIAL,
  startGreenhouseSimulator,
  type GreenhouseSimulator,
} from '../simulators/greenhouse/server';
import { ADMIN_USER_ID, RECRUITER_USER_ID } from '../simulators/greenhouse/tenant';
import { FAST_HTTP } from '../support/ashby';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';
import { expectedGreenhouseCounts, greenhouseCacheCounts } from '../support/greenhouse';
import { SCREENSHOT_DIR } from '../support/paths';

let sim: GreenhouseSimulator;
let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
const shots: string[] = [];

beforeAll(async () => {
  sim = await startGreenhouseSimulator({
    tenant: { candidates: 1500, jobs: 8, kulaSource: false },
    latencyMs: 25,
    rateLimit: { enabled: false },
  });
  const test = openTestCore({ http: FAST_HTTP });
  core = test.core;
  cleanupCore = test.cleanup;
  harness = await startBrowserHarness(core, 'greenhouse');
  harness.page.setDefaultTimeout(10_000);
  await harness.page.goto(`${harness.origin}/index.html#/connections`);
  await harness.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
  await sim?.close();
  forgetGreenhouseTokens();
  if (shots.length) {
    console.log(`Screenshots (${SCREENSHOT_DIR}/greenhouse):\n  ${shots.join('\n  ')}`);
  }
});

/** The same screen in light and dark. */
async function shot(name: string) {
  await harness.colorScheme('light');
  shots.push(await harness.screenshot(`${name}-light`));
  await harness.colorScheme('dark');
  shots.push(await harness.screenshot(`${name}-dark`));
  await harness.colorScheme('light');
}

async function enter(credential: { clientId: string; clientSecret: string }, userId: string) {
  const { page } = harness;
  await page.getByLabel('Client id').fill(credential.clientId);
  await page.getByLabel('Client secret').fill(credential.clientSecret);
  await page.getByLabel('Site Admin to act as (user id)').fill(userId);
  const advanced = page.locator('details.advanced');
  if (!(await advanced.evaluate((element) => (element as HTMLDetailsElement).open)))
    await page.getByText('Advanced').click();
  await page.getByLabel('API host').fill(sim.url);
  await page.getByRole('button', { name: 'Check the credential' }).click();
}

describe('connecting Greenhouse in the window', () => {
  it('says where the credential is made, the scopes it needs and what each turns off', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Connect Greenhouse' }).first().click();
    await page.getByTestId('wizard-step-create-credential').waitFor();
    await page.getByText('Harvest V3 (OAuth)').first().waitFor();
    await page.getByText('Greenhouse shows the client secret only once.').waitFor();
    expect(await page.getByTestId('greenhouse-scopes').locator('li').count()).toBe(6);
    await shot('01-create-credential');
    await page.getByRole('button', { name: 'I have the credential' }).click();
    await page.getByTestId('wizard-step-credential').waitFor();
    expect(await page.getByLabel('Client secret').getAttribute('type')).toBe('password');
  });

  it('says plainly when the secret is wrong', async () => {
    const { page } = harness;
    await enter(
      { ...GREENHOUSE_DEMO_CREDENTIAL, clientSecret: 'not-the-secret' },
      String(ADMIN_USER_ID),
    );
    await page.getByText('Greenhouse refused the client id and secret.').waitFor();
    await page
      .getByText(/Dev Center → API Credentials/)
      .first()
      .waitFor();
    await shot('02-wrong-secret');
  });

  it('shows the scopes found and what each missing one turns off', async () => {
    const { page } = harness;
    await enter(GREENHOUSE_NO_CANDIDATES_CREDENTIAL, String(ADMIN_USER_ID));
    await page.getByTestId('wizard-step-permissions').waitFor();
    await page.getByText(/permissions? (is|are) missing/).waitFor();
    await page
      .getByText(/Import candidates/)
      .first()
      .waitFor();
    await shot('03-missing-scope');
    await page.getByRole('button', { name: 'Back' }).click();
    await enter(GREENHOUSE_DEMO_CREDENTIAL, String(ADMIN_USER_ID));
    await page.getByTestId('wizard-step-permissions').waitFor();
    await page.getByText(/could not be confirmed/).waitFor();
    await shot('04-permissions');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  it('names the acting Site Admin and guides the admin to create the Kula source', async () => {
    const { page } = harness;
    await page.getByTestId('wizard-step-setup').waitFor();
    await page.getByText(/Reads and writes are made as Ada Admin, a Site Admin/).waitFor();
    await page.getByText(/Greenhouse has no source named “Kula”/).waitFor();
    await page.getByText(/Company Metadata → Sources/).waitFor();
    await shot('05-kula-source-missing');
    sim.tenant.sources.set(632, {
      id: 632,
      name: 'Kula',
      type: { id: 91, name: 'Integrations' },
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    });
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByText(/Found \(sourcing strategy “Integrations”\)/).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  it('saves, imports with progress, then asks who writes and reminds of the mapping', async () => {
    const { page } = harness;
    await page.getByTestId('wizard-step-save').waitFor();
    await page.getByLabel('Name of this connection').fill('Greenhouse (sandbox)');
    await page.getByRole('button', { name: 'Save and start the import' }).click();
    await page.getByTestId('wizard-step-import').waitFor();
    await page
      .getByRole('progressbar', { name: /Candidates: reading/ })
      .waitFor({ timeout: 20_000 });
    await shot('06-importing');
    await page.getByTestId('wizard-step-writes').waitFor({ timeout: 60_000 });
    await page.getByText('Review the stage mapping before the first write.').waitFor();
    await page.getByLabel('Greenhouse user for writes').selectOption(String(RECRUITER_USER_ID));
    await shot('07-before-writes');
    await page.getByRole('button', { name: 'Use this user' }).click();
    await expect
      .poll(() => core.context.connections.list()[0]?.writeUserId)
      .toBe(String(RECRUITER_USER_ID));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('wizard-step-done').waitFor();
    await shot('08-done');
    const [connection] = core.context.connections.list();
    expect(connection).toMatchObject({ label: 'Greenhouse (sandbox)', status: 'connected' });
    expect(greenhouseCacheCounts(core.context, connection!.id)).toEqual(
      expectedGreenhouseCounts(sim),
    );
    expect(await page.locator('input[type="password"]').count()).toBe(0);
  });

  it('shows the card, and the disconnect steps say to delete the credential in Greenhouse', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    // The card shows the check made again as the newly chosen user.
    await page.getByText('Acting as Rui Recruiter').waitFor();
    await shot('09-card');
    await page.getByRole('button', { name: 'Disconnect' }).first().click();
    await page
      .getByTestId('revoke-steps')
      .getByText(/Dev Center → API Credentials/)
      .waitFor();
    await shot('10-disconnect-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => core.context.connections.list()[0]?.status).toBe('disabled');
    expect(harness.pageErrors).toEqual([]);
  });
});
