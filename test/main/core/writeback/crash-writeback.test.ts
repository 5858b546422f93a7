import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../../../src/main/core/paths';
import { confirmMapping } from '../../../../src/main/core/mapping/service';
import { addNote, logMessage, uploadResume } from '../../../../src/main/core/kula/activity';
import { addCandidate } from '../../../../src/main/core/kula/candidates';
import { addToFlow, createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import { SeededRandom } from '../../../simulators/common/random';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { TEST_PASSPHRASE } from '../../../support/core';
import { leverFixture, type LeverFixture } from '../../../support/lever';
import { REPO_ROOT } from '../../../support/paths';

/**
 * SIGKILL while the outbox drains: a console child process sends a
 * workload of candidates, applications, notes, messages and resumes to a simulator living in this
 * process, and is killed at random moments and at labelled points (after a row was claimed, after
 * the ATS answered but before the outcome was committed, after the commit). After the last
 * restart, the ATS holds each intended object exactly once, nothing private left, the outbox is
 * empty, and `integrity_check` is ok after every crash.
 *
 * `KULA_CRASH_KILLS=<n>` sets the number of random kills per ATS (default 8 for Ashby, 5 for
 * Lever) for a long run; `KULA_CRASH_SEED` changes the kill times.
 */

const CHILD = path.join(__dirname, 'fixtures', 'drain-child.ts');
const CANDIDATES = 10;
const LABELS = [
  'writeback:after-response:2',
  'writeback:after-claim:3',
  'writeback:after-commit:2',
  'writeback:after-response:5',
];
const rng = new SeededRandom(Number(process.env.KULA_CRASH_SEED ?? 7));

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

interface ChildRun {
  killed: boolean;
  done: boolean;
  settled: number;
  output: string;
}

/** Runs the drain child; kills it `killAfterMs` after its first settled row (null: never). */
function drain(
  dataDir: string,
  connectionId: string,
  options: { killAfterMs: number | null; crashAt?: string },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, connectionId], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE,
        ...(options.crashAt ? { KULA_CRASH_AT: options.crashAt } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { killed: false, done: false, settled: 0, output: '' };
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      run.output += text;
      for (const line of text.split('\n')) {
        if (line.startsWith('SETTLED')) {
          run.settled++;
          if (run.settled === 1 && options.killAfterMs !== null && !timer) {
            timer = setTimeout(() => {
              run.killed = child.kill('SIGKILL');
            }, options.killAfterMs);
          }
        }
        if (line.startsWith('DONE')) run.done = true;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') run.killed = true;
      resolve(run);
    });
  });
}

function integrity(dataDir: string): string {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** The workload: people with public and private notes, some resumes, a flow, then messages. */
function queueWorkload(ctx: AshbyFixture['ctx'], connectionId: string): void {
  const job = listOpenJobs(ctx, connectionId)[0]!;
  const flow = createFlow(ctx, { name: 'Crash flow', link: { connectionId, jobId: job.jobId } });
  const ids: string[] = [];
  for (let i = 0; i < CANDIDATES; i++) {
    const candidate = addCandidate(ctx, {
      name: `Crash Person ${i}`,
      emails: [`crash${i}@example.org`],
      kulaStageId: i % 3 === 0 ? 'interested' : null,
      origin: 'form',
    });
    ids.push(candidate.id);
    addNote(ctx, { candidate: candidate.id, body: `Public note ${i}`, private: false });
    addNote(ctx, { candidate: candidate.id, body: `PRIVATE crash secret ${i}`, private: true });
    if (i % 3 === 1) {
      uploadResume(ctx, {
        candidate: candidate.id,
        fileName: `crash${i}.pdf`,
        bytes: Buffer.from(`%PDF-1.4 resume ${i}`),
      });
    }
  }
  addToFlow(ctx, flow.id, ids);
  ids.forEach((id, i) =>
    logMessage(ctx, {
      candidate: id,
      body: `Message ${i}`,
      direction: 'inbound',
      sentAt: '2025-06-01T10:00:00Z',
    }),
  );
}

async function crashUntilDrained(
  dataDir: string,
  connectionId: string,
  randomKills: number,
): Promise<{ kills: number; labelled: number; restarts: number }> {
  let kills = 0;
  let labelled = 0;
  let restarts = 0;
  for (const crashAt of LABELS) {
    const run = await drain(dataDir, connectionId, { killAfterMs: null, crashAt });
    restarts++;
    if (run.killed) labelled++;
    expect(integrity(dataDir)).toBe('ok');
  }
  while (kills < randomKills) {
    const run = await drain(dataDir, connectionId, { killAfterMs: rng.int(0, 250) });
    restarts++;
    if (run.killed) kills++;
    expect(integrity(dataDir)).toBe('ok');
    if (run.done) break;
  }
  for (let i = 0; i < 5; i++) {
    const run = await drain(dataDir, connectionId, { killAfterMs: null });
    restarts++;
    expect(run.killed, run.output).toBe(false);
    if (run.output.includes('DONE 0')) break;
  }
  expect(integrity(dataDir)).toBe('ok');
  return { kills, labelled, restarts };
}

function outboxStates(dataDir: string): Record<string, number> {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state')
      .all() as Array<{
      state: string;
      n: number;
    }>;
    const checked = db.prepare('SELECT count(*) AS n FROM outbox WHERE attempts > 1').get() as {
      n: number;
    };
    return { ...Object.fromEntries(rows.map((row) => [row.state, row.n])), retried: checked.n };
  } finally {
    db.close();
  }
}

const randomKills = (fallback: number) => Number(process.env.KULA_CRASH_KILLS ?? fallback);

describe('write-back killed with SIGKILL while the outbox drains', () => {
  it('Ashby: every candidate, application, note and resume exists exactly once; the outbox is empty', async () => {
    const f = await ashbyFixture({
      sim: { tenant: { candidates: 20, applications: 20 }, latencyMs: 8 },
    });
    cleanup = f.cleanup;
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    queueWorkload(f.ctx, f.connectionId);
    const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
    f.core.close();

    const figures = await crashUntilDrained(f.dataDir, f.connectionId, randomKills(8));
    const states = outboxStates(f.dataDir);
    expect(states).toMatchObject({ done: CANDIDATES * 4 + 3 });
    expect(states.pending ?? 0).toBe(0);

    for (let i = 0; i < CANDIDATES; i++) {
      const people = [];
      for (let index = 0; index < f.sim.tenant.candidateCount(); index++) {
        const person = f.sim.tenant.candidate(index);
        if (person?.email === `crash${i}@example.org`) people.push(person);
      }
      expect(people, `crash${i}`).toHaveLength(1);
      const person = people[0]!;
      const applications = f.sim.tenant
        .applicationIdsOf(person)
        .map((id) => f.sim.tenant.applicationById(id)!);
      expect(applications, `crash${i} applications`).toHaveLength(1);
      expect(f.sim.tenant.jobs[applications[0]!.jobIndex]!.id).toBe(job.jobId);
      const notes = (f.sim.tenant.notes.get(person.index) ?? []).map((note) => note.content);
      expect(
        notes.filter((note) => note.includes(`Public note ${i}\n`)),
        `crash${i} note`,
      ).toHaveLength(1);
      expect(
        notes.filter((note) => note.includes(`Message ${i}\n`)),
        `crash${i} message`,
      ).toHaveLength(1);
      expect(notes).toHaveLength(2);
      if (i % 3 === 1) expect(person.resume?.name).toBe(`crash${i}.pdf`);
    }
    expect(f.sim.requests.allText()).not.toContain('PRIVATE crash secret');
    console.log(
      `Ashby crash test: ${figures.kills} random + ${figures.labelled} labelled SIGKILLs over ${figures.restarts} child processes; ${states.retried} rows needed more than one attempt; ${f.sim.requests.entries.filter((entry) => entry.path === '/candidate.create').length} candidate.create requests for ${CANDIDATES} candidates; 0 duplicates.`,
    );
  }, 600_000);

  it('Lever: every opportunity, note and resume exists exactly once; the outbox is empty', async () => {
    const probe = await leverFixture({ connect: false });
    const performAs = probe.sim.tenant.users.find((user) => user.deactivatedAt === null)!.id;
    await probe.cleanup();
    const f: LeverFixture = await leverFixture({ config: { performAs } });
    cleanup = f.cleanup;
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });
    confirmMapping(f.ctx, f.connectionId);
    queueWorkload(f.ctx as AshbyFixture['ctx'], f.connectionId);
    const job = listOpenJobs(f.ctx, f.connectionId)[0]!;
    f.core.close();

    const figures = await crashUntilDrained(f.dataDir, f.connectionId, randomKills(5));
    const states = outboxStates(f.dataDir);
    expect(states.pending ?? 0).toBe(0);
    expect(states.failed ?? 0).toBe(0);
    for (let i = 0; i < CANDIDATES; i++) {
      const contacts = [...f.sim.tenant.contacts.values()].filter((contact) =>
        contact.emails.includes(`crash${i}@example.org`),
      );
      expect(contacts, `crash${i}`).toHaveLength(1);
      const opportunities = f.sim.tenant.opportunities.filter(
        (opportunity) => opportunity.contact === contacts[0]!.id,
      );
      expect(opportunities, `crash${i} opportunities`).toHaveLength(1);
      expect(opportunities[0]!.application?.posting).toBe(job.jobId);
      const notes = opportunities[0]!.notes.map((note) => note.value);
      expect(notes.filter((note) => note.includes(`Public note ${i}\n`))).toHaveLength(1);
      expect(notes.filter((note) => note.includes(`Message ${i}\n`))).toHaveLength(1);
      expect(notes).toHaveLength(2);
      if (i % 3 === 1) {
        expect(
          [...opportunities[0]!.resumes, ...opportunities[0]!.files].map((file) => file.name),
        ).toEqual([`crash${i}.pdf`]);
      }
    }
    expect(f.sim.requests.allText()).not.toContain('PRIVATE crash secret');
    console.log(
      `Lever crash test: ${figures.kills} random + ${figures.labelled} labelled SIGKILLs over ${figures.restarts} child processes; ${states.retried} rows needed more than one attempt; 0 duplicates.`,
    );
  }, 600_000);
});
