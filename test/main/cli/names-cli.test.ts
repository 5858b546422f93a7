import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAshbySimulator, type AshbySimulator } from '../../simulators/ashby/server';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';

/**
 * Names and file names through the CLI: a name of invisible characters is no name; bidi overrides
 * are dropped from names and file names (`rlo\u202Efdp.txt` must not read as "rlotxt.pdf"); a name
 * that starts like a spreadsheet formula reaches the ATS as text; a mapping file with a UTF-8 byte
 * order mark imports.
 */
let sim: AshbySimulator;
let dir: string;
let cleanup: () => void;
let connectionId: string;

beforeAll(async () => {
  sim = await startAshbySimulator({ tenant: { candidates: 20, applications: 25 } });
  ({ dir, cleanup } = makeTempDir('kula-cli-names-'));
  const connect = await runCliProcess(
    ['--data-dir', dir, '--json', 'connect', 'ashby', '--base-url', sim.url, '--import'],
    { ASHBY_API_KEY: sim.keys.full },
  );
  expect(connect.code, connect.stderr).toBe(0);
  connectionId = JSON.parse(connect.stdout).connection.id;
});
afterAll(async () => {
  cleanup?.();
  await sim?.close();
});

const cli = (...args: string[]) =>
  runCliProcess(['--data-dir', dir, ...args], { ASHBY_API_KEY: sim.keys.full });

describe('names through the CLI', { timeout: 180_000 }, () => {
  it('refuses a name made only of zero-width characters', async () => {
    const run = await cli(
      'candidates',
      'add',
      '--name',
      '\u200B\u200C\u200D\u2060\uFEFF',
      '--email',
      'zw@example.org',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Type the candidate’s name.');
  });

  it('drops bidi overrides from names and from resume file names', async () => {
    const add = await cli(
      'candidates',
      'add',
      '--name',
      'Mallory \u202Eyrollam',
      '--email',
      'mallory@example.org',
      '--json',
    );
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).name).toBe('Mallory yrollam');
    const file = path.join(dir, 'rlo\u202Efdp.txt');
    fs.writeFileSync(file, 'Mallory, engineer.');
    const upload = await cli('resumes', 'upload', 'mallory@example.org', file);
    expect(upload.code, upload.stderr).toBe(0);
    const show = await cli('candidates', 'show', 'mallory@example.org', '--json');
    expect(
      JSON.parse(show.stdout).resumes.map((resume: { fileName: string }) => resume.fileName),
    ).toEqual(['rlofdp.txt']);
  });

  it('sends a name starting like a formula to the ATS as text (a leading apostrophe)', async () => {
    const jobs = await cli('jobs', 'list', '--open', '--json');
    const job = JSON.parse(jobs.stdout).jobs[0];
    const flow = await cli(
      'flows',
      'create',
      'Formulas',
      '--connection',
      connectionId,
      '--job',
      job.id,
    );
    expect(flow.code, flow.stderr).toBe(0);
    const name = '=HYPERLINK("https://attacker.example","Open")';
    const add = await cli(
      'candidates',
      'add',
      '--name',
      name,
      '--email',
      'formula@example.org',
      '--flow',
      'Formulas',
    );
    expect(add.code, add.stderr).toBe(0);
    const sync = await cli('sync', connectionId);
    expect(sync.code, sync.stderr).toBe(0);
    const created = sim.tenant.candidate(sim.tenant.candidateCount() - 1)!;
    expect(created.email).toBe('formula@example.org');
    expect(created.name).toBe(`'${name}`);
    // Kula keeps the name as typed.
    const show = await cli('candidates', 'show', 'formula@example.org', '--json');
    expect(JSON.parse(show.stdout).name).toBe(name);
  });

  it('imports a mapping file that starts with a UTF-8 byte order mark', async () => {
    const file = path.join(dir, 'mapping.json');
    const exported = await cli('mappings', 'export', '--connection', connectionId, file);
    expect(exported.code, exported.stderr).toBe(0);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(file)]));
    const imported = await cli('mappings', 'import', file, '--connection', connectionId);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported');
  });
});
