import { describe, expect, it } from 'vitest';
import { formatCrashReport, runCrashCampaign } from './crash/campaign';

/**
 * The crash campaign, small (`npm run test:crash` runs ≥ 50 random kills): a fixed seed, every
 * labelled crash point once or more, two kills at random moments.
 */
describe('console processes killed with SIGKILL during import and write-back', () => {
  it('leave no duplicate or missing object in the ATS, no lost outbox row, an intact database, and at most one page to fetch again per crash', async () => {
    const report = await runCrashCampaign({ seed: 9, randomKills: 2, size: 120, people: 2 });
    console.log(formatCrashReport(report));
    expect(report.violations).toEqual([]);
    expect(Object.keys(report.labelled).sort()).toEqual([
      'migrate:step',
      'oauth:after-persist',
      'oauth:before-persist',
      'oauth:before-post',
      'pull:after-response',
      'pull:mid-page',
      'writeback:after-claim',
      'writeback:after-commit',
      'writeback:after-response',
    ]);
    expect(report.randomCrashes).toBe(2);
    expect(report.integrityChecks).toBe(report.crashes);
    expect(report.pagesRefetched.maxPerCrash).toBeLessThanOrEqual(1);
    // Only the crash between Lever's rotation and the vault write needs the admin to reconnect.
    expect(report.reconnects).toHaveLength(1);
  }, 900_000);
});
