import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import type { Dispatch } from '../../../../src/main/core/ipc/dispatcher';
import { RESUME_MAX_BYTES } from '../../../../src/shared/domain/kula';
import { addConnection, ashbyTenant, writeTenant } from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

/**
 * The workspace over the IPC contract (the renderer's only way in), with what a user can get
 * wrong: every refusal says what happened and what to do, and changes nothing.
 */

let core: ConsoleCore;
let cleanup: () => Promise<void>;
let dispatch: Dispatch;
const CONNECTION = 'ashby-1';
const caller = { url: 'app://console/index.html', isMainFrame: true };

beforeEach(() => {
  const test = openTestCore();
  core = test.core;
  cleanup = test.cleanup;
  writeTenant(core.context.db, addConnection(core.context.db, 'ashby', CONNECTION), ashbyTenant());
  dispatch = core.createDispatch(() => true);
});
afterEach(async () => cleanup());

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const result = await dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
async function refused(channel: string, input: unknown) {
  const result = await dispatch(channel, input, caller);
  expect(result.ok, channel).toBe(false);
  return (
    result as {
      ok: false;
      error: { code: string; message: string; action?: string; issues?: unknown[] };
    }
  ).error;
}
const count = (table: string) =>
  (core.context.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the Kula workspace over IPC', () => {
  it('offers only open jobs, and refuses to link a flow to a closed one', async () => {
    const jobs = await ok<Array<{ jobId: string; title: string }>>('flows:open-jobs', {});
    const closed = core.context.db
      .prepare('SELECT remote_id FROM ats_jobs WHERE connection_id = ? AND is_open = 0 LIMIT 1')
      .get(CONNECTION) as { remote_id: string } | undefined;
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.some((job) => job.jobId === closed?.remote_id)).toBe(false);
    if (closed) {
      const error = await refused('flows:create', {
        name: 'Closed',
        link: { connectionId: CONNECTION, jobId: closed.remote_id },
      });
      expect(error).toMatchObject({ code: 'BAD_INPUT', action: expect.stringMatching(/open job/) });
    }
    const flow = await ok<{ id: string }>('flows:create', {
      name: 'Open',
      link: { connectionId: CONNECTION, jobId: jobs[0]!.jobId },
    });
    const duplicate = await refused('flows:create', { name: ' open ' });
    expect(duplicate).toMatchObject({
      code: 'CONFLICT',
      message: 'There is already a flow called “Open”.',
    });
    expect(count('kula_flows')).toBe(1);

    // A linked flow needs an email to match or create the person in the ATS.
    const nameOnly = await ok<{ id: string }>('candidates:add', {
      candidate: { name: 'No Email', emails: [] },
    });
    const outcome = await ok<Array<{ result: string; message: string }>>('flows:add-candidates', {
      id: flow.id,
      candidateIds: [nameOnly.id],
    });
    expect(outcome[0]).toMatchObject({
      result: 'refused',
      message: expect.stringMatching(/has no email/),
    });
    expect(count('outbox')).toBe(0);
  });

  it('refuses a bad candidate field by field, and a second candidate with the same email', async () => {
    const error = await refused('candidates:add', {
      candidate: { name: ' ', emails: ['x@'], phone: 'call me', links: ['ftp://x'] },
    });
    expect(error.code).toBe('BAD_INPUT');
    expect(error.issues).toEqual([
      { path: 'name', message: 'Type the candidate’s name.' },
      { path: 'emails', message: '“x@” is not an email address.' },
      {
        path: 'phone',
        message: '“call me” is not a phone number (digits, spaces, + ( ) - . / only).',
      },
      { path: 'links', message: '“ftp://x” is not a web address.' },
    ]);
    await ok('candidates:add', { candidate: { name: 'Ada', emails: ['Ada@Example.org'] } });
    const twice = await refused('candidates:add', {
      candidate: { name: 'Ada 2', emails: ['ada@example.org'] },
    });
    expect(twice).toMatchObject({
      code: 'CONFLICT',
      message: 'Ada is already in Kula with the email ada@example.org.',
    });
    expect(count('kula_candidates')).toBe(1);
  });

  it('refuses resumes that are too big, empty, of another format or not what they claim', async () => {
    const candidate = await ok<{ id: string }>('candidates:add', {
      candidate: { name: 'Ada', emails: ['a@b.org'] },
    });
    const upload = (fileName: string, bytes: Buffer | string) =>
      dispatch(
        'resumes:upload',
        {
          candidateId: candidate.id,
          fileName,
          base64: typeof bytes === 'string' ? bytes : bytes.toString('base64'),
        },
        caller,
      );
    const big = await upload('big.pdf', Buffer.alloc(RESUME_MAX_BYTES + 10, 0x25));
    expect(big).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await upload('cv.exe', Buffer.from('MZ'))).toMatchObject({
      ok: false,
      error: { message: '“cv.exe” is not a resume format the ATSs read.' },
    });
    expect(await upload('cv.pdf', Buffer.from('hello'))).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/does not look like a \.pdf file/) },
    });
    expect(await upload('cv.pdf', 'not base64!')).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(await upload('../../etc/cv.pdf', Buffer.from('%PDF-1.4'))).toMatchObject({ ok: true });
    const stored = core.context.db.prepare('SELECT file_name FROM kula_resumes').all();
    expect(stored).toEqual([{ file_name: 'cv.pdf' }]);
  });

  it('previews a CSV file row by row and imports only the good rows', async () => {
    const header = await refused('candidates:preview-csv', { text: 'email\nx@y.org\n' });
    expect(header.message).toMatch(/No column holds the candidates’ names/);
    const text =
      'Name;Email;Stage\n"Hopper, Grace";grace@example.org;Interested\nBad;nope;\n;x@y.org;Nowhere\n';
    const preview = await ok<{
      valid: number;
      invalid: number;
      rows: Array<{ line: number; errors: string[] }>;
    }>('candidates:preview-csv', { text });
    expect(preview).toMatchObject({ valid: 1, invalid: 2 });
    expect(preview.rows[2]!.errors).toEqual([
      'Type the candidate’s name.',
      expect.stringMatching(/^There is no Kula stage “Nowhere”/),
    ]);
    expect(count('kula_candidates')).toBe(0);
    const done = await ok<{ imported: number }>('candidates:import-csv', { text });
    expect(done.imported).toBe(1);
    const grace = core.context.db.prepare('SELECT name, kula_stage_id FROM kula_candidates').get();
    expect(grace).toEqual({ name: 'Hopper, Grace', kula_stage_id: 'interested' });
  });

  it('keeps a Kula stage that candidates are in from being removed', async () => {
    await ok('candidates:add', {
      candidate: { name: 'Ada', emails: ['a@b.org'], kulaStageId: 'replied' },
    });
    const error = await refused('kula-stages:remove', { id: 'replied' });
    expect(error.message).toMatch(/1 Kula candidates/);
  });
});
