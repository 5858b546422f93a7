import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/main/core/core';
import { ashbyFixture, type AshbyFixture } from '../support/ashby';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { SCREENSHOT_DIR } from '../support/paths';
import { FAST_OUTBOX } from '../support/writeback';

/**
 * The write-back in Chromium over the real core and the Ashby simulator: create a flow linked to
 * an open job, add a candidate, preview what the sync would send, send it, see the ATS icon; then
 * a write that fails with its reason, and a Retry that works.
 */

let fixture: AshbyFixture;
let harness: BrowserHarness;
let core: ConsoleCore;
const opened: string[] = [];
const shots: string[] = [];

beforeAll(async () => {
  fixture = await ashbyFixture({
    sim: { tenant: { candidates: 60, applications: 80 } },
    core: {
      outbox: FAST_OUTBOX,
      openExternal: async (url) => {
        opened.push(url);
      },
    },
  });
  core = fixture.core;
  expect((await core.context.sync.run(fixture.connectionId, { trigger: 'manual' })).status).toBe(
    'succeeded',
  );
  harness = await startBrowserHarness(core, 'write-back');
  harness.page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await harness?.close();
  await fixture?.cleanup();
  if (shots.length)
    console.log(`Screenshots (${SCREENSHOT_DIR}/write-back):\n  ${shots.join('\n  ')}`);
});

const shot = async (name: string) => shots.push(await harness.screenshot(name));

describe('write-back in the window', () => {
  it('creates a flow linked to an open job, adds a candidate, previews, sends, and shows the ATS icon', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/flows`);
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByLabel('Name').fill('Senior backend outreach');
    const picker = page.getByLabel('Applicant tracking system job');
    const options = await picker.locator('option').allTextContents();
    // Only open jobs are offered.
    const openJobs = fixture.sim.tenant.jobs.filter(
      (job) => job.status === 'Open' && !job.confidential,
    );
    expect(options.length - 1).toBe(openJobs.length);
    const job = openJobs[0]!;
    // Each job reads "title · location" now that Ashby's locations are looked up by id.
    const label = options.find((text) => text.split(' · ')[0] === job.title);
    expect(label).toMatch(/ · \S/);
    await picker.selectOption({ label: label! });
    await shot('01-new-flow');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByRole('heading', { name: 'Senior backend outreach', level: 1 }).waitFor();
    await page.getByText(`Linked to Ashby job “${job.title}”`).waitFor();

    await page.getByRole('button', { name: 'Add candidates' }).click();
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada.lovelace@example.org');
    await page.getByLabel('Links').fill('linkedin.com/in/ada');
    await shot('02-add-candidate');
    await page.getByRole('button', { name: 'Add candidate' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    await page.getByText('Not in an ATS').first().waitFor();
    await page.getByTestId('candidate-writes').getByText('Waiting').first().waitFor();
    await page.getByLabel('New note').fill('Met at PyCon; keen on distributed systems.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('notes').getByText('Met at PyCon').waitFor();
    await page.getByLabel('New note').fill('PRIVATE: salary expectation 140k');
    await page.getByRole('switch', { name: 'Private' }).click();
    await page.getByText('Stays in Kula: never sent to an ATS').waitFor();
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('notes').getByText('PRIVATE: salary expectation').waitFor();
    await shot('03-candidate-before-sync');

    // The preview lists what the next sync would do, and sends nothing.
    const before = fixture.sim.requests.entries.length;
    await page.goto(`${harness.origin}/index.html#/outbox/preview`);
    const preview = page.getByTestId('sync-preview');
    await preview.getByText('Create the candidate Ada Lovelace in Ashby').waitFor();
    await preview.getByText(`Create the application on “${job.title}”`).waitFor();
    const privacy = page.getByTestId('privacy-preview');
    await privacy.getByText('Met at PyCon; keen on distributed systems.').waitFor();
    expect(await privacy.textContent()).toContain('1 private note stays in Kula');
    expect(await preview.textContent()).not.toContain('salary expectation');
    await shot('04-preview');
    expect(fixture.sim.requests.entries.length).toBe(before);

    await page.getByRole('button', { name: 'Outbox' }).click();
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByText('Nothing waiting').waitFor();
    // The notice lasts as long as the run, not longer.
    await page.getByText(/Sending to 1 connection/).waitFor({ state: 'hidden' });
    await page.goto(`${harness.origin}/index.html#/flows`);
    await page.getByRole('link', { name: 'Senior backend outreach' }).click();
    const icon = page.getByTestId('ats-icon').first();
    await icon.waitFor();
    await shot('05-flow-with-ats-icon');
    await icon.click();
    await expect
      .poll(() => opened.at(-1))
      .toMatch(/^https:\/\/app\.ashbyhq\.com\/candidate-searches\/new\/right-side\/candidates\//);
    expect(fixture.sim.requests.allText()).not.toContain('salary expectation');
    expect(harness.pageErrors).toEqual([]);
  });

  it('shows a failed write with its reason, and Retry sends it', async () => {
    const { page } = harness;
    fixture.sim.queueError(
      '/candidate.createNote',
      'invalid_input',
      'note: Note content is too long',
    );
    await page.goto(`${harness.origin}/index.html#/candidates`);
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByLabel('New note').fill('Strong on distributed systems; follow up next week.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('notes').getByText('Strong on distributed systems').waitFor();

    await page.goto(`${harness.origin}/index.html#/outbox`);
    await page.getByRole('button', { name: 'Send now' }).click();
    const failed = page.locator('tr[data-state="failed"]');
    await failed.getByText('Ashby refused the request: note: Note content is too long').waitFor();
    await failed.getByText(/then choose Retry in the Outbox, or Discard the write/).waitFor();
    await page.getByText(/Sending to 1 connection/).waitFor({ state: 'hidden' });
    await shot('06-failed-write');

    await failed.getByRole('button', { name: /Retry write/ }).click();
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByText('Nothing waiting').waitFor();
    await page.getByText(/Sending to 1 connection/).waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: 'Finished' }).click();
    await page
      .locator('tr[data-state="done"]')
      .getByText(/Add a note \(51 characters\)/)
      .waitFor();
    await shot('07-after-retry');
    const person = [...Array(fixture.sim.tenant.candidateCount()).keys()]
      .map((i) => fixture.sim.tenant.candidate(i))
      .find((candidate) => candidate?.email === 'ada.lovelace@example.org')!;
    expect(fixture.sim.tenant.notes.get(person.index)).toHaveLength(2);
    expect(
      core.context.db
        .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'outbox.retry'")
        .get(),
    ).toEqual({ n: 1 });
  });

  it('imports candidates from a CSV file after a row-by-row preview', async () => {
    const { page } = harness;
    const inAts = fixture.sim.tenant.candidate(0)!;
    await page.goto(`${harness.origin}/index.html#/candidates/new`);
    const importer = page.getByTestId('csv-import');
    const flowPicker = importer.getByLabel('Add them to a flow');
    const flowValue = await flowPicker
      .locator('option', { hasText: 'Senior backend outreach' })
      .getAttribute('value');
    await flowPicker.selectOption(flowValue!);
    const csv = [
      'First name,Last name,Email,Stage',
      'Grace,Hopper,grace.hopper@example.org,Interested',
      `${inAts.name},,${inAts.email},`,
      ',,nobody@example.org,',
      'Alan,Turing,not-an-email,',
      'Ada,Again,ada.lovelace@example.org,',
    ].join('\n');
    await importer
      .getByLabel('CSV file of candidates')
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const rows = page.getByTestId('csv-preview');
    await rows.getByText('Type the candidate’s name.').waitFor();
    await rows.getByText('“not-an-email” is not an email address.').waitFor();
    await rows.getByText('Already in Kula as Ada Lovelace; skipped.').waitFor();
    expect(await rows.locator('tr.row-invalid').count()).toBe(2);
    await rows.getByRole('button', { name: 'Import 2 candidates' }).scrollIntoViewIfNeeded();
    await shot('08-csv-preview');
    // Nothing is saved by the preview.
    expect(core.context.db.prepare('SELECT count(*) AS n FROM kula_candidates').get()).toEqual({
      n: 1,
    });
    await rows.getByRole('button', { name: 'Import 2 candidates' }).click();
    await importer
      .getByText(
        '2 candidates imported, 1 already in Kula skipped, 2 rows with problems not imported.',
      )
      .waitFor();

    await page.goto(`${harness.origin}/index.html#/outbox/preview`);
    const preview = page.getByTestId('sync-preview');
    await preview.getByText('Create the candidate Grace Hopper in Ashby').waitFor();
    // A person already in Ashby (by email) is linked, not created again.
    await preview.getByText(`Link to the existing Ashby candidate ${inAts.name}`).waitFor();
    await shot('09-preview-link-existing');

    const creates = fixture.sim.requests.entries.filter(
      (entry) => entry.path === '/candidate.create',
    ).length;
    await page.goto(`${harness.origin}/index.html#/outbox`);
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByText('Nothing waiting').waitFor();
    expect(
      fixture.sim.requests.entries.filter((entry) => entry.path === '/candidate.create').length,
    ).toBe(creates + 1);
    await page.goto(`${harness.origin}/index.html#/candidates`);
    const list = page.getByTestId('kula-candidates');
    await expect.poll(() => list.getByTestId('ats-icon').count()).toBe(3);
    await shot('10-kula-candidates');
  });

  it('logs a message that becomes an ATS note, and shows the candidate’s history of what was synced', async () => {
    const { page } = harness;
    await page.goto(`${harness.origin}/index.html#/candidates`);
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    const conversation = page.getByTestId('conversation');
    await conversation.getByLabel('Direction').selectOption('inbound');
    await conversation.getByLabel('Message').fill('Thanks, happy to talk on Tuesday.');
    await conversation.getByRole('button', { name: 'Log message' }).click();
    await conversation.getByText('Thanks, happy to talk on Tuesday.').waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    const writes = page.getByTestId('candidate-writes');
    await writes.getByText(/Added the inbound email message to Ashby as a note/).waitFor();
    const history = page.getByTestId('candidate-history');
    await history.scrollIntoViewIfNeeded();
    await history.getByText(/Added the inbound email message to Ashby as a note/).waitFor();
    await history.getByText(/Created Ashby candidate Ada Lovelace/).waitFor();
    await shot('11-candidate-history');
    const person = [...Array(fixture.sim.tenant.candidateCount()).keys()]
      .map((i) => fixture.sim.tenant.candidate(i))
      .find((candidate) => candidate?.email === 'ada.lovelace@example.org')!;
    const notes = fixture.sim.tenant.notes.get(person.index)!.map((note) => note.content);
    expect(notes.filter((note) => note.includes('Thanks, happy to talk on Tuesday.'))).toHaveLength(
      1,
    );
    expect(harness.pageErrors).toEqual([]);
  });
});
