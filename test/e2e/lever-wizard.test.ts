import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/main/core/core';
import type { StoredSecret } from '../../src/main/core/vault/vault';
import {
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from '../simulators/lever/server';
import { FAST_HTTP } from '../support/ashby';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';
import { expectedLeverCache } from '../simulators/lever/expected';
import { leverCache } from '../support/lever';
import { SCREENSHOT_DIR } from '../support/paths';

/**
 * The whole Lever OAuth flow in a real browser: the console's `openExternal` (the system browser
 * in the app) opens a second tab on the simulator's consent page; the test clicks there as the
 * admin would, and the console continues on the loopback redirect.
 */
let sim: LeverSimulator;
let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;
let callbackUrl = '';
const CLIENT_ID = 'kula-console-e2e';
const CLIENT_SECRET = 'lever-e2e-client-secret-71c9';
const tabs: Page[] = [];
const shots: string[] = [];

/** A free loopback port, registered with the simulator's OAuth app as an exact callback. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  callbackUrl = `http://127.0.0.1:${await freePort()}/callback`;
  sim = await startLeverSimulator({
    tenant: { seed: 8, opportunities: 2_500, postings: 30 },
    oauthClients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        name: 'Kula ATS Console',
        redirectUris: [callbackUrl],
      },
    ],
  });
  const test = openTestCore({
    http: FAST_HTTP,
    openExternal: async (url) => {
      const tab = await harness.context.newPage();
      tabs.push(tab);
      await tab.goto(url);
    },
  });
  core = test.core;
  cleanupCore = test.cleanup;
  harness = await startBrowserHarness(core, 'lever');
  harness.page.setDefaultTimeout(15_000);
  await harness.page.goto(`${harness.origin}/index.html#/connections`);
  await harness.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
});

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
  await sim?.close();
  if (shots.length) console.log(`Screenshots (${SCREENSHOT_DIR}/lever):\n  ${shots.join('\n  ')}`);
});

const shot = async (name: string) => shots.push(await harness.screenshot(name));
async function shotTab(tab: Page, name: string) {
  const file = path.join(SCREENSHOT_DIR, 'lever', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await tab.screenshot({ path: file });
  shots.push(file);
}

/** Clicks the button that opens Lever, and returns the new tab once it shows the consent page. */
async function openConsent(button: string): Promise<Page> {
  const before = tabs.length;
  await harness.page.getByRole('button', { name: button }).click();
  await expect.poll(() => tabs.length).toBeGreaterThan(before);
  const tab = tabs.at(-1)!;
  await tab.getByRole('heading', { name: /wants to access/ }).waitFor();
  return tab;
}

async function fillOAuthApp() {
  const { page } = harness;
  await page.getByLabel('Client ID').fill(CLIENT_ID);
  await page.getByLabel('Client secret').fill(CLIENT_SECRET);
  await page.getByLabel('Callback URL').fill(callbackUrl);
  const advanced = page.locator('details.advanced');
  if (!(await advanced.evaluate((element) => (element as HTMLDetailsElement).open)))
    await page.getByText('Advanced').click();
  await page.getByLabel('API host').fill(sim.apiUrl);
}

const storedRows = () =>
  (core.context.db.prepare('SELECT count(*) AS n FROM credentials').get() as { n: number }).n;

describe('connecting Lever through its OAuth app', () => {
  it('offers OAuth first, with the API key as the alternative', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Connect Lever' }).first().click();
    await page.getByTestId('wizard-step-method').waitFor();
    expect(await page.getByRole('radio', { name: /Sign in with Lever/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: /Use an API key/ }).waitFor();
    await shot('01-method');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('wizard-step-credential').waitFor();
  });

  it('lists the permissions it will request before anything opens', async () => {
    const { page } = harness;
    await page.getByText('Lever will ask you to accept these permissions').waitFor();
    await page.getByText('Opportunities: write').waitFor();
    await page.getByText(/Stay connected \(refresh token\)/).waitFor();
    expect(await page.getByLabel('Client secret').getAttribute('type')).toBe('password');
    await fillOAuthApp();
    await shot('02-oauth-app');
  });

  it('says before the browser opens that a Lever Super Admin must accept', async () => {
    const { page } = harness;
    await page.getByText('A Lever Super Admin must accept').waitFor();
    await page.getByText(/only a Super Admin authorize an app for the whole company/).waitFor();
    expect(await page.getByTestId('oauth-waiting').count()).toBe(0);
  });

  it('ends a Deny on Lever’s page in a clear message, with nothing stored', async () => {
    const { page } = harness;
    const tab = await openConsent('Open Lever to authorize');
    await page.getByTestId('oauth-waiting').waitFor();
    await shot('03-waiting-for-browser');
    await tab.getByRole('button', { name: 'Deny' }).click();
    await tab.getByRole('heading', { name: 'Access was not granted' }).waitFor();
    await page.getByText(/Lever access was not granted/).waitFor();
    await page.getByText(/click Accept. Only a Lever Super Admin/).waitFor();
    await shot('04-denied');
    expect(core.context.connections.list()).toEqual([]);
    expect(storedRows()).toBe(0);
  });

  it('ignores an answer whose state was tampered with, with nothing stored', async () => {
    const { page } = harness;
    await page.getByLabel('Client secret').fill(CLIENT_SECRET);
    const before = sim.oauth.tokenRequests.length;
    const tab = await openConsent('Open Lever to authorize');
    // Lever's redirect to the console, with its state replaced as an attacker would.
    await tab.route('**/authorize/decision', async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      const location = new URL(answer.headers()['location'] ?? '');
      location.searchParams.set('state', 'forged-by-an-attacker');
      await route.fulfill({ status: 302, headers: { location: location.toString() } });
    });
    await tab.getByRole('button', { name: 'Accept' }).click();
    // The listener refuses that answer and goes on waiting for the real one: a page elsewhere
    // that calls this computer cannot end the admin's sign-in.
    await tab.getByRole('heading', { name: 'This answer was not for this request' }).waitFor();
    await shotTab(tab, '05-wrong-state-browser');
    await page.getByTestId('oauth-waiting').waitFor();
    await shot('05-wrong-state');
    expect(sim.oauth.tokenRequests.length).toBe(before);
    expect(core.context.connections.list()).toEqual([]);
    expect(storedRows()).toBe(0);
    // The admin gives up on this attempt; the next one starts afresh.
    await page.getByTestId('oauth-waiting').getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Client secret').waitFor();
  });

  it('connects when the admin clicks Accept, and shows the success message', async () => {
    const { page } = harness;
    await page.getByLabel('Client secret').fill(CLIENT_SECRET);
    const tab = await openConsent('Open Lever to authorize');
    await tab.getByText('Signed in as').waitFor();
    await shotTab(tab, '06-lever-consent-page');
    await tab.getByRole('button', { name: 'Accept' }).click();
    await tab.getByRole('heading', { name: 'Lever is connected' }).waitFor();
    await shotTab(tab, '07-browser-after-accept');
    await page.getByText('Lever is now successfully connected to Kula.').waitFor();
    await shot('08-success');
    const [connection] = core.context.connections.list();
    expect(connection).toMatchObject({ provider: 'lever', authMode: 'oauth', hasCredential: true });
    const secret = core.context.vault.load(connection!.id) as Extract<
      StoredSecret,
      { kind: 'oauth' }
    >;
    expect(secret.clientSecret).toBe(CLIENT_SECRET);
    // The secret left the window: no password field holds it any more.
    expect(await page.locator('input[type="password"]').count()).toBe(0);
  });

  it('shows the permissions granted and what is left to set up, then imports with progress', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('wizard-step-permissions').waitFor();
    await page.getByText('Lever granted every permission the console uses.').waitFor();
    await shot('09-permissions');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('wizard-step-setup').waitFor();
    await page.getByText('Lever user for writes').waitFor();
    await shot('10-setup');
    await page.getByRole('button', { name: 'Continue' }).click();
    // Signing in saved the connection: the wizard goes straight to the import.
    await page.getByTestId('wizard-step-import').waitFor();
    // Every list is read at once, so a small account may be imported before the bars are seen.
    await Promise.race([
      page.getByRole('progressbar').first().waitFor(),
      page.getByTestId('wizard-step-writes').waitFor(),
    ]);
    await shot('11-importing');
    await page.getByTestId('wizard-step-writes').waitFor({ timeout: 60_000 });
    const [connection] = core.context.connections.list();
    expect(leverCache(core.context, connection!.id)).toEqual(
      expectedLeverCache(sim.tenant, { confidential: true }),
    );
    // Lever's limits held: the simulator never had to refuse a request.
    expect(sim.throttled).toBe(0);
  });

  it('chooses the Lever user writes are attributed to, and reminds that mapping comes first', async () => {
    const { page } = harness;
    await page.getByText('Stage mapping is required before any write to Lever.').waitFor();
    const writer = sim.tenant.users.find(
      (user) => user.deactivatedAt === null && user.accessRole !== 'super admin',
    )!;
    await page.getByLabel('Lever user for writes').selectOption(writer.id);
    await page.getByRole('button', { name: 'Use this user' }).click();
    await page.getByText(`Writes will be made as ${writer.name}.`).waitFor();
    await shot('12-before-writing');
    expect(core.context.connections.list()[0]?.writeUserId).toBe(writer.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('wizard-step-done').waitFor();
    await shot('13-done');
  });
});

describe('a Lever connection over time', () => {
  it('turns a reused refresh token into “needs re-authorization” with a Reconnect button', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    const id = core.context.connections.list()[0]!.id;
    const old = core.context.vault.load(id);
    // A normal renewal rotates the refresh token…
    sim.oauth.expireAccessTokens();
    await core.context.sync.run(id, { trigger: 'manual' });
    expect((core.context.vault.load(id) as { refreshToken: string }).refreshToken).not.toBe(
      (old as { refreshToken: string }).refreshToken,
    );
    // …and a restored backup presents the rotated-away one: Lever treats that as theft.
    core.context.vault.store(id, old, new Date().toISOString());
    sim.oauth.expireAccessTokens();
    await page.getByTestId(`connection-${id}`).getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('Needs re-authorization').waitFor();
    await page.getByText(/no longer accepts the console’s authorization/).waitFor();
    await page.getByRole('alert').filter({ hasText: 'needs to be reconnected' }).waitFor();
    await shot('14-needs-reauth');
    expect(core.context.connections.list()[0]?.status).toBe('needs_reauth');
    // The status banner says it once: the refused run adds no second red banner.
    await expect(page.getByText('The last sync failed.').count()).resolves.toBe(0);
  });

  it('reconnects by signing in again, with the stored client secret', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await page
      .getByRole('dialog')
      .getByText(/Sign in to Lever again as a Super Admin/)
      .waitFor();
    await shot('15-reconnect-dialog');
    const tab = await openConsent('Open Lever to authorize');
    await tab.getByRole('button', { name: 'Accept' }).click();
    await page.getByText('Connected', { exact: true }).waitFor();
    // The refused run is history now: no “failed … sign in again” left on a working connection.
    await page.getByText('Reconnected since Lever refused the last sync.').waitFor();
    // So is the notice that asked for it: it no longer covers the page.
    await page
      .getByRole('alert')
      .filter({ hasText: 'needs to be reconnected' })
      .waitFor({ state: 'detached' });
    await expect(page.getByText('The last sync failed.').count()).resolves.toBe(0);
    await shot('16-reconnected');
    expect(core.context.connections.list()[0]).toMatchObject({ status: 'connected' });
  });

  it('disconnects and shows how to revoke the app in Lever', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Disconnect' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText('Settings → Integrations and API → Authorized Apps.', { exact: false })
      .waitFor();
    await shot('17-disconnect-confirm');
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('Disconnected: the tokens were forgotten and nothing syncs.').waitFor();
    await page
      .locator('.banner')
      .getByTestId('revoke-steps')
      .getByText(/Revoke Access/)
      .waitFor();
    await shot('18-disconnected');
    expect(core.context.connections.list()[0]).toMatchObject({
      status: 'disabled',
      hasCredential: false,
    });
    expect(harness.pageErrors).toEqual([]);
  });
});

describe('connecting Lever with an API key instead', () => {
  it('explains where the key is made, checks it, saves it and imports', async () => {
    const { page } = harness;
    const keySim = await startLeverSimulator({ tenant: { seed: 9, opportunities: 300 } });
    try {
      await page.getByRole('button', { name: 'Connect Lever' }).first().click();
      await page.getByRole('radio', { name: /Use an API key/ }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByTestId('wizard-step-credential').getByText('API Credentials').waitFor();
      await page.getByLabel('Lever API key').fill(LEVER_FULL_ACCESS_KEY);
      await page.getByText('Advanced').click();
      await page.getByLabel('API host').fill(keySim.apiUrl);
      await shot('19-api-key');
      await page.getByRole('button', { name: 'Check the key' }).click();
      await page.getByTestId('wizard-step-permissions').waitFor();
      await page.getByText(/could not be confirmed/).waitFor();
      await shot('20-api-key-permissions');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByTestId('wizard-step-save').waitFor();
      await page.getByRole('button', { name: 'Save and start the import' }).click();
      await page.getByTestId('wizard-step-writes').waitFor({ timeout: 60_000 });
      const connection = core.context.connections
        .list()
        .find((candidate) => candidate.baseUrl === keySim.apiUrl)!;
      expect(connection).toMatchObject({ authMode: 'api_key', status: 'connected' });
      expect(leverCache(core.context, connection.id)).toEqual(
        expectedLeverCache(keySim.tenant, { confidential: true }),
      );
    } finally {
      await keySim.close();
    }
  });
});
