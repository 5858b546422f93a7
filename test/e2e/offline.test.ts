import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmMapping } from '../../src/main/core/mapping/service';
import { addNote } from '../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../src/main/core/kula/flows';
import type { SimCandidate } from '../simulators/ashby/tenant';
import { ashbyFixture, cacheCounts, type AshbyFixture } from '../support/ashby';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { SCREENSHOT_DIR } from '../support/paths';
import { FAST_OUTBOX, outboxStates, syncUntilSent } from '../support/writeback';

/**
 * Offline review: with the network to the ATS cut (the simulator stops listening),
 * the app opens and every view reads the local cache; a stage-mapping edit made in the window
 * and workspace changes (a stage move, a note) wait; a sync says it cannot reach the ATS and
 * loses nothing; once the network is back the next sync sends them, with the mapping edited
 * offline.
 */
let f: AshbyFixture;
let harness: BrowserHarness;
const shots: string[] = [];
const EMAIL = 'dorothy.vaughan@example.org';
let candidateId = '';
let jobId = '';
let chosenStage = '';

beforeAll(async () => {
  f = await ashbyFixture({
    sim: { tenant: { candidates: 30, applications: 40 } },
    core: { outbox: FAST_OUTBOX },
  });
  expect(
    (await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import', full: true })).status,
  ).toBe('succeeded');
  confirmMapping(f.ctx, f.connectionId);
  const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
  jobId = job.jobId;
  const flow = createFlow(f.ctx, {
    name: 'Offline review',
    link: { connectionId: f.connectionId, jobId },
  });
  candidateId = addCandidate(f.ctx, {
    name: 'Dorothy Vaughan',
    emails: [EMAIL],
    flowIds: [flow.id],
    origin: 'form',
  }).id;
  await syncUntilSent(f.ctx, f.connectionId);
  expect(outboxStates(f.ctx, f.connectionId)).toEqual({ done: expect.any(Number) });

  await f.sim.stop();
  harness = await startBrowserHarness(f.core, 'offline');
  harness.page.setDefaultTimeout(15_000);
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await f?.cleanup();
  if (shots.length)
    console.log(`Screenshots (${SCREENSHOT_DIR}/offline):\n  ${shots.join('\n  ')}`);
});

const shot = async (name: string) => shots.push(await harness.screenshot(name));

function simApplication(): { stageId: string } {
  const people: SimCandidate[] = [];
  for (let i = 0; i < f.sim.tenant.candidateCount(); i++) {
    const person = f.sim.tenant.candidate(i);
    if (person?.email?.toLowerCase() === EMAIL) people.push(person);
  }
  const ids = f.sim.tenant.applicationIdsOf(people[0]!);
  return ids
    .map((id) => f.sim.tenant.applicationById(id)!)
    .find((app) => f.sim.tenant.jobs[app.jobIndex]!.id === jobId)!;
}

describe('offline', () => {
  it('opens every view from the cache while the ATS cannot be reached', async () => {
    const { page, origin } = harness;
    const job = f.ctx.db
      .prepare('SELECT title FROM ats_jobs WHERE connection_id = ? ORDER BY title LIMIT 1')
      .pluck()
      .get(f.connectionId) as string;
    const person = f.ctx.db
      .prepare('SELECT name FROM ats_candidates WHERE connection_id = ? ORDER BY name LIMIT 1')
      .pluck()
      .get(f.connectionId) as string;
    const views: Array<[route: string, heading: string, cached: string | RegExp]> = [
      ['/connections', 'Connections', /Ashby/],
      [`/mapping?connection=${f.connectionId}`, 'Stage mapping', 'Application Review'],
      ['/flows', 'Flows', /flow/i],
      ['/jobs', 'Jobs', job],
      ['/candidates?source=ats', 'Candidates', person],
      ['/log', 'Sync log', /./],
      ['/settings', 'Settings', /./],
    ];
    for (const [route, heading, cached] of views) {
      await page.goto(`${origin}/index.html#${route}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.getByText(cached).first().waitFor();
      await shot(route.slice(1).replace(/[?=]/g, '-'));
    }
    expect(harness.pageErrors).toEqual([]);
  });

  it('keeps a mapping edit and workspace changes made offline, and a sync says it cannot reach Ashby', async () => {
    const { page, origin } = harness;
    const before = cacheCounts(f.ctx, f.connectionId);
    await page.goto(`${origin}/index.html#/mapping?connection=${f.connectionId}`);
    const rule = page.getByLabel('Ashby stage for Kula stage "Interviewing"', { exact: true });
    await rule.waitFor();
    const current = await rule.evaluate((select) => (select as HTMLSelectElement).value);
    const options = await rule.locator('option').evaluateAll((elements) =>
      elements.map((option) => ({
        value: (option as HTMLOptionElement).value,
        label: option.textContent ?? '',
      })),
    );
    // A stage every plan has (no "(in 1 of 3 plans)"), other than the one mapped now.
    const choice = options.find(
      (option) =>
        option.value &&
        option.value !== current &&
        !/\(in \d+ of \d+ plans\)/.test(option.label) &&
        /Interview|Screen|Onsite/.test(option.label),
    )!;
    expect(choice).toBeDefined();
    chosenStage = choice.label.trim();
    await rule.selectOption(choice.value);
    await page.getByRole('button', { name: /^Save( and confirm)?$/ }).click();
    await page
      .getByText(/Mapping saved/)
      .first()
      .waitFor();
    await shot('mapping-saved-offline');

    // Workspace changes (no window for them yet): a stage move and a note.
    expect(moveCandidate(f.ctx, candidateId, 'Interviewing').movesQueued).toBe(1);
    addNote(f.ctx, { candidate: candidateId, body: 'Met her offline; strong.', private: false });
    const queued = outboxStates(f.ctx, f.connectionId);
    expect(queued.pending).toBe(2);

    await page.goto(`${origin}/index.html#/connections`);
    await page.getByRole('button', { name: 'Sync now' }).first().click();
    const host = new URL(f.sim.url).host;
    await page
      .getByText(`Could not reach Ashby at ${host} (connection refused).`)
      .first()
      .waitFor();
    await page
      .getByText(/Check your internet connection/)
      .first()
      .waitFor();
    await shot('sync-offline');
    await expect.poll(() => f.ctx.tasks.size).toBe(0);

    // Nothing lost: the cache, the queue (still waiting, not failed) and the saved mapping.
    expect(cacheCounts(f.ctx, f.connectionId)).toEqual(before);
    expect(outboxStates(f.ctx, f.connectionId)).toEqual(queued);
    const status = f.ctx.db
      .prepare('SELECT status FROM connections WHERE id = ?')
      .pluck()
      .get(f.connectionId);
    expect(status).toBe('connected');
  });

  it('sends what waited, with the offline mapping, once the network is back', async () => {
    await f.sim.restart();
    f.sim.requests.clear();
    await syncUntilSent(f.ctx, f.connectionId);
    expect(outboxStates(f.ctx, f.connectionId).pending ?? 0).toBe(0);
    expect(outboxStates(f.ctx, f.connectionId).failed ?? 0).toBe(0);
    const moved = f.sim.tenant.stageById(simApplication().stageId)!;
    expect(chosenStage.startsWith(moved.title)).toBe(true);
    const notes = f.sim.requests.entries.filter((entry) => entry.path === '/candidate.createNote');
    expect(JSON.stringify(notes.map((entry) => entry.body))).toContain('Met her offline; strong.');
  });
});
