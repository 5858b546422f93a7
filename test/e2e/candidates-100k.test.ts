import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/main/core/core';
import { inTransaction } from '../../src/main/core/db/database';
import { upsertBatch } from '../../src/main/core/db/repos/ats-cache';
import { insertConnection } from '../../src/main/core/db/repos/connections';
import type { AtsCandidateRecord } from '../../src/main/core/providers/records';
import { AshbyTenant } from '../simulators/ashby/tenant';
import { startBrowserHarness, type BrowserHarness } from '../support/browser/harness';
import { openTestCore } from '../support/core';

const TOTAL = 100_000;
let harness: BrowserHarness;
let core: ConsoleCore;
let cleanupCore: () => Promise<void>;

beforeAll(async () => {
  const test = openTestCore();
  core = test.core;
  cleanupCore = test.cleanup;
  const db = core.context.db;
  insertConnection(db, {
    id: 'ashby-big',
    provider: 'ashby',
    label: 'Ashby (100k)',
    baseUrl: 'https://api.ashbyhq.com',
    authMode: 'api_key',
    now: new Date().toISOString(),
  });
  // A 100k-candidate cache, written the way the import writes it.
  const tenant = new AshbyTenant({ candidates: TOTAL, applications: 0 });
  inTransaction(db, () => {
    for (let offset = 0; offset < TOTAL; offset += 1000) {
      const candidates: AtsCandidateRecord[] = [];
      for (let i = offset; i < offset + 1000; i++) {
        const candidate = tenant.candidate(i)!;
        candidates.push({
          remoteId: candidate.id,
          name: candidate.name,
          primaryEmail: candidate.email,
          emails: candidate.email ? [candidate.email] : [],
          phones: [],
          links: [],
          profileUrl: null,
          createdAt: candidate.createdAt,
          updatedAt: candidate.updatedAt,
        });
      }
      upsertBatch(db, 'ashby-big', { candidates }, 1);
    }
  });
  harness = await startBrowserHarness(core, 'candidates-100k');
  harness.page.setDefaultTimeout(30_000);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await cleanupCore?.();
});

describe('the candidate list at 100k rows', () => {
  it('keeps only the visible rows in the page and fetches the end of the list on demand', async () => {
    const { page } = harness;
    // The ATS candidates in the cache (the Kula workspace's are the default tab).
    await page.goto(`${harness.origin}/index.html#/candidates?source=ats`);
    await page.getByTestId('candidate-total').getByText('100,000 candidates').waitFor();
    const rows = page.getByRole('list', { name: 'Candidates' }).getByRole('listitem');
    await rows.first().getByRole('button').waitFor();
    expect(await rows.count()).toBeLessThan(60);

    const last = core.context.db
      .prepare(
        "SELECT name FROM ats_candidates WHERE connection_id = 'ashby-big' ORDER BY name COLLATE NOCASE DESC, remote_id DESC LIMIT 1",
      )
      .get() as { name: string };
    await page.locator('.virtual-list').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect
      .poll(() => rows.last().getByRole('button').textContent(), { timeout: 10_000 })
      .toContain(last.name);
    expect(await rows.count()).toBeLessThan(60);
    await harness.screenshot('end-of-list');

    await page.getByLabel('Search candidates by name or email').fill('.99999@');
    await page.getByTestId('candidate-total').getByText('1 candidate match “.99999@”').waitFor();
    expect(harness.pageErrors).toEqual([]);
  });
});
