import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedLeverCache } from '../../simulators/lever/expected';
import {
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from '../../simulators/lever/server';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';

/**
 * `applications list` on Lever: each opportunity as an application with its posting, stage,
 * Lever's status word and archive reason, as imported by the real CLI from the Lever simulator.
 */

let sim: LeverSimulator;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  sim = await startLeverSimulator({ tenant: { opportunities: 40 }, rateLimit: { enabled: false } });
  ({ dir, cleanup } = makeTempDir('kula-cli-lever-applications-'));
  const connect = await runCliProcess(
    ['--data-dir', dir, 'connect', 'lever', '--base-url', sim.apiUrl, '--import'],
    { LEVER_API_KEY: LEVER_FULL_ACCESS_KEY },
  );
  expect(connect.code, connect.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  cleanup?.();
  await sim?.close();
});

const cli = (...args: string[]) => runCliProcess(['--data-dir', dir, ...args]);

describe('kula-console applications list with Lever', { timeout: 120_000 }, () => {
  it('lists each opportunity with its posting, stage, status and archive reason; --status takes Lever’s words', async () => {
    const expected = expectedLeverCache(sim.tenant, { confidential: true });
    const run = await cli('applications', 'list', '--all', '--jsonl');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            id: string;
            jobId: string | null;
            jobTitle: string | null;
            stageId: string | null;
            stageTitle: string | null;
            status: string;
            archived: boolean;
            archiveReason: string | null;
          },
      );
    expect(lines).toHaveLength(expected.applications.size);
    const stageTitles = new Map(sim.tenant.stages.map((stage) => [stage.id, stage.text]));
    const reasonTitles = new Map(
      sim.tenant.archiveReasons.map((reason) => [reason.id, reason.text]),
    );
    for (const line of lines) {
      const opportunity = expected.applications.get(line.id)!;
      expect(line).toMatchObject({
        jobId: opportunity.jobId,
        jobTitle: opportunity.jobId ? expected.jobs.get(opportunity.jobId)!.title : null,
        stageId: opportunity.stageId,
        stageTitle: stageTitles.get(opportunity.stageId),
        archived: opportunity.archived,
        archiveReason: opportunity.archiveReasonId
          ? reasonTitles.get(opportunity.archiveReasonId)
          : null,
      });
      expect(['lead', 'active', 'hired', 'archived']).toContain(line.status);
    }
    const archived = lines.filter((line) => line.status === 'archived');
    expect(archived.length).toBeGreaterThan(0);
    const filtered = JSON.parse(
      (await cli('applications', 'list', '--status', 'Archived', '--all', '--json')).stdout,
    );
    expect(filtered.rows.map((row: { id: string }) => row.id).sort()).toEqual(
      archived.map((line) => line.id).sort(),
    );
    const human = await cli('applications', 'list', '--status', 'archived', '--limit', '3');
    expect(human.stdout.split('\n')[0]).toBe(
      `${archived.length} application${archived.length === 1 ? '' : 's'}; showing ${Math.min(3, archived.length)} from 1.`,
    );
  });
});
