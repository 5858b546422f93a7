import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { runCli } from '../../../src/main/cli';
import { runCliProcess, type CliRun } from '../../support/cli';
import { TEST_PASSPHRASE } from '../../support/core';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The workspace and the outbox from the command line, against the Ashby simulator: flows,
 * candidates (one by one and from a CSV file), notes, messages, resumes, a referral, the dry run,
 * the sync that sends, stage moves, retry and discard, and bad input answered plainly.
 */

let sim: AshbySimulator;
let dir: string;
let cleanup: () => void;
let connectionId: string;
const vault = { KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };

/**
 * Most commands run in this process (the same `runCli` the bin calls, a fresh core each time) to
 * keep the test quick; the dry run and the first sync run the real bin in a child process.
 */
async function cli(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    json: false,
    interactive: false,
    out: (text: string) => out.push(text),
    err: (text: string) => err.push(text),
  };
  const code = await runCli(['--data-dir', dir, ...args], io, { ...process.env, ...vault });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const bin = (...args: string[]) => runCliProcess(['--data-dir', dir, ...args], vault);
async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const run = await cli(...args, '--json');
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout) as T;
}

beforeAll(async () => {
  sim = await startAshbySimulator({ tenant: { candidates: 30, applications: 30 } });
  const temp = makeTempDir('kula-cli-workspace-');
  dir = temp.dir;
  cleanup = temp.cleanup;
  const keyFile = path.join(dir, 'ashby.key');
  fs.writeFileSync(keyFile, sim.keys.full);
  const connect = await json<{ connection: { id: string } }>(
    'connect',
    'ashby',
    '--base-url',
    sim.url,
    '--api-key-file',
    keyFile,
    '--import',
  );
  connectionId = connect.connection.id;
}, 60_000);

afterAll(async () => {
  cleanup?.();
  await sim?.close();
});

const sent = (endpoint: string) =>
  sim.requests.entries.filter((entry) => entry.path === endpoint && entry.status === 200);

describe('kula-console: the Kula workspace and the outbox', () => {
  it('creates a linked flow, adds and imports candidates, previews, syncs, moves and shows them', async () => {
    const job = sim.tenant.jobs.find((item) => item.status === 'Open' && !item.confidential)!;
    const flow = await json<{ id: string; link: { jobTitle: string } }>(
      'flows',
      'create',
      'CLI outreach',
      '--connection',
      connectionId,
      '--job',
      job.title,
    );
    expect(flow.link.jobTitle).toBe(job.title);

    const ada = await json<{ id: string; pendingWrites: number }>(
      'candidates',
      'add',
      '--name',
      'Ada Lovelace',
      '--email',
      'ada@example.org',
      '--link',
      'linkedin.com/in/ada',
      '--flow',
      'CLI outreach',
    );
    expect(ada.pendingWrites).toBe(2);

    const csv = path.join(dir, 'people.csv');
    fs.writeFileSync(
      csv,
      'First name,Last name,E-mail,Stage\nGrace,Hopper,grace@example.org,Interested\n,,nobody@example.org,\nAlan,Turing,not-an-email,\nAda,Again,ada@example.org,\n',
    );
    const dry = await cli('candidates', 'import-csv', csv, '--flow', 'CLI outreach', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('4 rows: 1 ready, 2 with problems, 1 already in Kula.');
    expect(dry.stdout).toContain('line 3: Type the candidate’s name.');
    expect(dry.stdout).toContain('line 4: “not-an-email” is not an email address.');
    const imported = await json<{ imported: number }>(
      'candidates',
      'import-csv',
      csv,
      '--flow',
      'CLI outreach',
    );
    expect(imported.imported).toBe(1);

    await json('notes', 'add', 'ada@example.org', '--body', 'Public: strong background.');
    await json('notes', 'add', 'ada@example.org', '--body', 'PRIVATE-cli-secret-123', '--private');
    await json(
      'messages',
      'log',
      'ada@example.org',
      '--body',
      'Thanks for reaching out!',
      '--direction',
      'inbound',
      '--at',
      '2025-05-01T12:00:00Z',
    );
    const pdf = path.join(dir, 'ada.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4 ada resume');
    await json('resumes', 'upload', 'ada@example.org', pdf);

    const before = sim.requests.entries.length;
    const preview = await bin('sync', '--dry-run');
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(
      /The next sync would: create 4, link 0, move 0, add 2 notes, upload 1/,
    );
    expect(preview.stdout).toContain('Create the candidate Grace Hopper in Ashby');
    expect(preview.stdout).toContain('1 private note stays in Kula');
    expect(preview.stdout).not.toContain('PRIVATE-cli-secret-123');
    expect(sim.requests.entries.length).toBe(before);

    const list = await cli('outbox', 'list');
    expect(list.stdout).toContain('Attach the resume “ada.pdf”');

    const sync = await bin('sync', connectionId);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/7 writes sent to Ashby/);
    expect(sent('/candidate.create')).toHaveLength(2);
    expect(sent('/application.create')).toHaveLength(2);
    expect(sent('/candidate.createNote')).toHaveLength(2);
    expect(sent('/candidate.uploadResume')).toHaveLength(1);
    expect(sim.requests.allText()).not.toContain('PRIVATE-cli-secret-123');

    const shown = await cli('candidates', 'show', 'ada@example.org');
    expect(shown.stdout).toMatch(
      /Ashby \(127\.0\.0\.1:\d+\): https:\/\/app\.ashbyhq\.com\/candidate-searches/,
    );
    expect(shown.stdout).toContain('(created by the console)');

    const moved = await json<{ movesQueued: number }>(
      'candidates',
      'move',
      'ada@example.org',
      'Interested',
    );
    expect(moved.movesQueued).toBe(1);
    expect((await cli('sync', connectionId)).code).toBe(0);
    expect(sent('/application.changeStage')).toHaveLength(1);

    const kula = await json<{ total: number }>(
      'candidates',
      'list',
      '--kula',
      '--flow',
      'CLI outreach',
    );
    expect(kula.total).toBe(2);
    const flows = await cli('flows', 'list');
    expect(flows.stdout).toMatch(/CLI outreach\s+Ashby.*2\s+2/);
  }, 120_000);

  it('retries and discards failed writes, and refers a new candidate', async () => {
    const job = sim.tenant.jobs.filter((item) => item.status === 'Open' && !item.confidential)[1]!;
    sim.queueError('/candidate.create', 'invalid_input', 'name: too long');
    await json(
      'referrals',
      'create',
      '--name',
      'Katherine Johnson',
      '--email',
      'kj@example.org',
      '--referrer',
      'Dorothy Vaughan',
      '--connection',
      connectionId,
      '--job',
      job.id,
    );
    expect((await cli('sync', connectionId)).code).toBe(0);
    const failed = await json<{ items: Array<{ id: number; state: string; lastError: string }> }>(
      'outbox',
      'list',
      '--state',
      'failed',
    );
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]!.lastError).toBe('Ashby refused the request: name: too long');

    expect(
      (await json<{ retried: number }>('outbox', 'retry', `#${failed.items[0]!.id}`)).retried,
    ).toBe(1);
    expect((await cli('sync', connectionId)).code).toBe(0);
    const referral = sent('/application.create').at(-1)!;
    expect(referral.body).toMatchObject({ jobId: job.id });

    // A note that cannot be sent, discarded: it never goes, and the audit trail says who.
    sim.queueError('/candidate.createNote', 'invalid_input', 'note: rejected');
    await json('notes', 'add', 'kj@example.org', '--body', 'Will not make it.');
    await cli('sync', connectionId);
    const note = await json<{ items: Array<{ id: number }> }>(
      'outbox',
      'list',
      '--state',
      'failed',
    );
    const discarded = await json<{ discarded: number }>(
      'outbox',
      'discard',
      String(note.items[0]!.id),
    );
    expect(discarded.discarded).toBe(1);
    expect((await cli('outbox', 'list')).stdout).toContain('0 writes.');
    const none = await cli('outbox', 'retry', '--all-failed');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('No failed writes to retry.');
  }, 120_000);

  it('answers bad input with what to do, without changing anything', async () => {
    const direction = await cli(
      'messages',
      'log',
      'ada@example.org',
      '--body',
      'x',
      '--direction',
      'sideways',
    );
    expect(direction.code).toBe(2);
    expect(direction.stderr).toContain('--direction must be inbound or outbound.');
    const email = await cli('candidates', 'add', '--name', 'Bad Email', '--email', 'nope');
    expect(email.code).toBe(1);
    expect(email.stderr).toContain('The candidate was not saved: some fields need fixing.');
    expect(email.stderr).toContain('emails: “nope” is not an email address.');
    const resume = await cli('resumes', 'upload', 'ada@example.org', path.join(dir, 'missing.pdf'));
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(/Cannot read .*missing\.pdf\. Check the path/);
    const fake = path.join(dir, 'fake.pdf');
    fs.writeFileSync(fake, 'this is not a pdf');
    const notPdf = await cli('resumes', 'upload', 'ada@example.org', fake);
    expect(notPdf.code).toBe(1);
    expect(notPdf.stderr).toContain('“fake.pdf” does not look like a .pdf file');
    const unknownJob = await cli(
      'flows',
      'create',
      'Other',
      '--connection',
      connectionId,
      '--job',
      'No such job',
    );
    expect(unknownJob.code).toBe(1);
    expect(unknownJob.stderr).toContain('“No such job” is not an open job');
  }, 60_000);
});
