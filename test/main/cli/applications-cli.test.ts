import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { displayWidth } from '../../../src/main/cli/display-width';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';

/**
 * What the window's candidate pages show, from the command line: ATS applications with their
 * candidate, job, stage, status and archive reason, filtered; an ATS candidate with every
 * application; every row with --all, and JSON lines. Against the Ashby simulator, imported by the
 * real CLI, so each row is checked against the tenant it came from.
 */

/** Two columns per ideograph, one picture for the emoji sequence, an accent on its letter. */
const WIDE_NAME = '山田 太郎 Jose\u0301 ✅';
let sim: AshbySimulator;
let dir: string;
let cleanup: () => void;

interface Line {
  id: string;
  candidateId: string;
  candidateName: string;
  candidateEmail: string | null;
  jobId: string | null;
  jobTitle: string | null;
  stageId: string | null;
  stageTitle: string | null;
  planTitle: string | null;
  status: string;
  archived: boolean;
  archiveReason: string | null;
}

beforeAll(async () => {
  sim = await startAshbySimulator({ tenant: { candidates: 60, applications: 90 } });
  sim.tenant.updateCandidate(sim.tenant.candidate(0)!.id, { name: WIDE_NAME });
  ({ dir, cleanup } = makeTempDir('kula-cli-applications-'));
  const connect = await runCliProcess(
    ['--data-dir', dir, 'connect', 'ashby', '--base-url', sim.url, '--import'],
    { ASHBY_API_KEY: sim.keys.full },
  );
  expect(connect.code, connect.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  cleanup?.();
  await sim?.close();
});

const cli = (...args: string[]) => runCliProcess(['--data-dir', dir, ...args]);
const jsonLines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

async function everyApplication(): Promise<Line[]> {
  const run = await cli('applications', 'list', '--all', '--jsonl');
  expect(run.code, run.stderr).toBe(0);
  return jsonLines(run.stdout);
}

describe('kula-console applications list', { timeout: 120_000 }, () => {
  it('lists every application with --all --jsonl, each with the stage, job, status and archive reason the ATS has', async () => {
    const lines = await everyApplication();
    expect(lines).toHaveLength(sim.tenant.counts().applications);
    const tenant = sim.tenant;
    for (const line of lines) {
      const application = tenant.applicationById(line.id)!;
      const stage = tenant.stageById(application.stageId)!;
      expect(line).toMatchObject({
        candidateId: tenant.candidateById(line.candidateId)!.id,
        jobTitle: tenant.jobs[application.jobIndex]!.title,
        stageId: stage.id,
        stageTitle: stage.title,
        planTitle: tenant.planById(stage.planId)!.title,
        status: application.status,
        archiveReason:
          application.archiveReasonIndex === null
            ? null
            : tenant.archiveReasons[application.archiveReasonIndex]!.text,
      });
    }
    expect(lines.some((line) => line.archiveReason !== null)).toBe(true);
  });

  it('shows a page as a table by default, and every row with --all', async () => {
    const total = sim.tenant.counts().applications;
    const page = await cli('applications', 'list');
    expect(page.code, page.stderr).toBe(0);
    const rows = page.stdout.trim().split('\n');
    expect(rows[0]).toBe(`${total} applications; showing 50 from 1.`);
    expect(rows[1]).toMatch(
      /^CANDIDATE\s+JOB\s+STAGE\s+STATUS\s+ARCHIVE REASON\s+UPDATED\s+APPLICATION$/,
    );
    expect(rows).toHaveLength(2 + 50);
    const all = await cli('applications', 'list', '--all');
    expect(all.stdout.trim().split('\n')).toHaveLength(2 + total);
    const json = JSON.parse(
      (await cli('applications', 'list', '--limit', '5', '--offset', '5', '--json')).stdout,
    );
    expect(json).toMatchObject({ total, offset: 5 });
    expect(json.rows).toHaveLength(5);
  });

  it('filters by candidate (id or email), job (title), stage (title) and status (any case)', async () => {
    const lines = await everyApplication();
    const archived = lines.find((line) => line.archived && line.candidateEmail)!;

    const byEmail = jsonLines(
      (
        await cli(
          'applications',
          'list',
          '--candidate',
          archived.candidateEmail!.toUpperCase(),
          '--jsonl',
        )
      ).stdout,
    );
    expect(byEmail.map((line) => line.id).sort()).toEqual(
      lines
        .filter((line) => line.candidateId === archived.candidateId)
        .map((line) => line.id)
        .sort(),
    );

    const byJob = jsonLines(
      (await cli('applications', 'list', '--job', archived.jobTitle!, '--all', '--jsonl')).stdout,
    );
    expect(byJob.length).toBe(lines.filter((line) => line.jobTitle === archived.jobTitle).length);

    const byStage = jsonLines(
      (await cli('applications', 'list', '--stage', archived.stageTitle!, '--all', '--jsonl'))
        .stdout,
    );
    expect(byStage.length).toBe(
      lines.filter((line) => line.stageTitle === archived.stageTitle).length,
    );

    const byStatus = jsonLines(
      (await cli('applications', 'list', '--status', 'archived', '--all', '--jsonl')).stdout,
    );
    expect(byStatus.length).toBe(lines.filter((line) => line.status === 'Archived').length);
    expect(byStatus.every((line) => line.status === 'Archived')).toBe(true);

    const combined = JSON.parse(
      (
        await cli(
          'applications',
          'list',
          '--candidate',
          archived.candidateId,
          '--stage',
          archived.stageId!,
          '--status',
          'Archived',
          '--json',
        )
      ).stdout,
    );
    expect(combined.rows.map((row: Line) => row.id)).toContain(archived.id);
    expect(combined.rows.every((row: Line) => row.candidateId === archived.candidateId)).toBe(true);
  });

  it('refuses a filter naming nothing in the cache (exit 1) and --all with --limit (exit 2); an unknown status says which exist', async () => {
    const nobody = await cli('applications', 'list', '--candidate', 'nobody@example.com');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain(
      'There is no Ashby candidate "nobody@example.com" in the cache.',
    );
    const job = await cli('applications', 'list', '--job', 'No Such Job');
    expect(job.code).toBe(1);
    expect(job.stderr).toContain('There is no Ashby job "No Such Job" in the cache.');
    const both = await cli('applications', 'list', '--all', '--limit', '5');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--all lists every row: leave out --limit and --offset.');
    const status = await cli('applications', 'list', '--status', 'Activ');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      'No cached application has the status "Activ"; the cache has: Active',
    );
    const jsonError = await cli('applications', 'list', '--job', 'No Such Job', '--jsonl');
    expect(JSON.parse(jsonError.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('kula-console tables with wide characters', { timeout: 120_000 }, () => {
  it('keeps the columns straight for a CJK name with an accent and an emoji', async () => {
    const run = await cli('candidates', 'list', '--search', '山田');
    expect(run.code, run.stderr).toBe(0);
    const [, header, row] = run.stdout.split('\n');
    // The EMAIL column starts at the same terminal column on the header and the row.
    const column = (line: string, at: number) => displayWidth(line.slice(0, at));
    expect(row).toContain(WIDE_NAME);
    expect(column(row!, row!.search(/\S+@/))).toBe(column(header!, header!.indexOf('EMAIL')));
  });
});

describe('kula-console candidates show --ats', { timeout: 120_000 }, () => {
  it("shows an ATS candidate's contact and every application with stage, status and archive reason", async () => {
    const lines = await everyApplication();
    const archived = lines.find((line) => line.archived && line.candidateEmail)!;
    const own = lines.filter((line) => line.candidateId === archived.candidateId);
    const human = await cli('candidates', 'show', archived.candidateEmail!, '--ats');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(
      `${archived.candidateName} <${archived.candidateEmail}> (${archived.candidateId}), Ashby`,
    );
    expect(human.stdout).toContain(`Applications (${own.length}):`);
    expect(human.stdout).toMatch(
      /JOB\s+STAGE\s+STATUS\s+ARCHIVE REASON\s+SOURCE\s+APPLIED\s+APPLICATION/,
    );
    expect(human.stdout).toContain(archived.archiveReason!);

    const json = JSON.parse(
      (await cli('candidates', 'show', archived.candidateId, '--ats', '--json')).stdout,
    );
    expect(json).toMatchObject({ id: archived.candidateId, provider: 'ashby' });
    expect(json.applications.find((row: Line) => row.id === archived.id)).toMatchObject({
      stageTitle: archived.stageTitle,
      status: 'Archived',
      archiveReason: archived.archiveReason,
    });

    const withoutAts = await cli('candidates', 'show', archived.candidateEmail!);
    expect(withoutAts.code).toBe(1);
    expect(withoutAts.stderr).toContain(
      `"${archived.candidateEmail}" is an ATS candidate: add --ats to show them.`,
    );

    const missing = await cli('candidates', 'show', 'nobody@example.com', '--ats');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'There is no Ashby candidate "nobody@example.com" in the cache.',
    );
  });
});

describe('kula-console candidates list --all', { timeout: 120_000 }, () => {
  it('returns every cached candidate with --all (more than the default page of 50) and JSON lines with --jsonl', async () => {
    const total = sim.tenant.counts().candidates;
    const lines = jsonLines((await cli('candidates', 'list', '--all', '--jsonl')).stdout);
    expect(lines).toHaveLength(total);
    expect(new Set(lines.map((line) => line.id)).size).toBe(total);
    const page = jsonLines((await cli('candidates', 'list', '--limit', '7', '--jsonl')).stdout);
    expect(page).toHaveLength(7);
    const human = await cli('candidates', 'list', '--all');
    expect(human.stdout.split('\n')[0]).toBe(`${total} candidates.`);
    expect(human.stdout.trim().split('\n')).toHaveLength(2 + total);
  });

  it('takes --all and --jsonl on the lists that always show every row (jobs, stages)', async () => {
    const counts = sim.tenant.counts();
    const jobs = jsonLines((await cli('jobs', 'list', '--all', '--jsonl')).stdout);
    expect(jobs).toHaveLength(counts.jobs);
    const stages = jsonLines((await cli('stages', 'list', '--jsonl')).stdout);
    expect(stages).toHaveLength(counts.stages);
  });
});
