import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listLogLinesForRun } from '../../../../src/main/core/db/repos/sync-log';
import type { RecordedRequest } from '../../../simulators/common/request-log';
import {
  ashbyFixture,
  cacheCounts,
  expectedCounts,
  type AshbyFixture,
} from '../../../support/ashby';
import { openTestCore, TEST_PASSPHRASE } from '../../../support/core';
import { REPO_ROOT } from '../../../support/paths';

const CHILD = path.join(__dirname, 'fixtures', 'sync-child.ts');

let fixture: AshbyFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** Runs a sync in a child process and SIGKILLs it after `pages` committed pages of `entity`. */
function syncAndKill(dataDir: string, connectionId: string, entity: string, pages: number) {
  return new Promise<{ killed: boolean; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, connectionId], {
      cwd: REPO_ROOT,
      env: { ...process.env, KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let seen = 0;
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        if (line === `PAGE ${entity}` && ++seen === pages && !killed) {
          killed = child.kill('SIGKILL');
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ killed, output }));
  });
}

/** Rows of the cache as the console would show them (without the sweep marks). */
function snapshot(f: AshbyFixture['ctx'], connectionId: string) {
  return {
    candidates: f.db
      .prepare(
        'SELECT remote_id, name, primary_email, emails_json, profile_url FROM ats_candidates WHERE connection_id = ? ORDER BY remote_id',
      )
      .all(connectionId),
    applications: f.db
      .prepare(
        'SELECT remote_id, candidate_id, job_id, stage_id, status, archived FROM ats_applications WHERE connection_id = ? ORDER BY remote_id',
      )
      .all(connectionId),
  };
}

const SECONDARY_INDEXES = [
  'ats_applications_by_candidate',
  'ats_applications_by_job',
  'ats_candidates_by_email',
  'ats_candidates_by_name',
];

function secondaryIndexes(ctx: AshbyFixture['ctx']): string[] {
  return ctx.db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ats_%_by_%' AND tbl_name IN ('ats_candidates', 'ats_applications') ORDER BY name",
    )
    .all()
    .map((row) => (row as { name: string }).name);
}

const cursorOf = (entry: RecordedRequest) =>
  String((entry.body as { cursor?: string } | null)?.cursor ?? 'first page');

describe('an import killed with SIGKILL', () => {
  it('resumes from its checkpoint, re-fetches at most one page per crash, and ends with the same cache', async () => {
    fixture = await ashbyFixture({
      sim: { tenant: { candidates: 1400, applications: 1400 }, latencyMs: 5 },
    });
    const f = fixture;
    // The child process opens the same data dir; this process lets go of it first.
    f.core.close();

    const crashes: Array<{ entity: string; pages: number }> = [
      { entity: 'candidates', pages: 3 },
      { entity: 'candidates', pages: 4 },
      { entity: 'applications', pages: 2 },
    ];
    // Candidates and applications are read at the same time, each its own stream: a crash may
    // cost each of them the page it had in flight, and no more.
    const LISTS = ['/candidate.list', '/application.list'];
    let previous: Record<string, string[]> | null = null;
    for (const crash of crashes) {
      const before = f.sim.requests.entries.length;
      const { killed, output } = await syncAndKill(
        f.dataDir,
        f.connectionId,
        crash.entity,
        crash.pages,
      );
      expect(killed, output).toBe(true);
      const requested: Record<string, string[]> = {};
      for (const list of LISTS) {
        requested[list] = f.sim.requests.entries
          .slice(before)
          .filter((entry) => entry.path === list)
          .map(cursorOf);
        // The process after a crash asks again for at most one page of each list that the
        // crashed one had asked for.
        const again = requested[list].filter((cursor) => previous?.[list]?.includes(cursor));
        expect(again.length, list).toBeLessThanOrEqual(1);
      }
      previous = requested;
      (crash as { cursors?: Record<string, string[]> }).cursors = requested;
    }

    const reopened = openTestCore({ dataDir: f.dataDir });
    try {
      const ctx = reopened.core.context;
      // A first import builds the big tables' indexes at its end; a crash must not lose them.
      expect(secondaryIndexes(ctx)).toEqual(SECONDARY_INDEXES);
      const before = f.sim.requests.entries.length;
      const run = await ctx.sync.run(f.connectionId, { trigger: 'manual' });
      expect(run.status).toBe('succeeded');
      // Each resource the crash interrupted resumes from its own checkpoint, once.
      const resumes = listLogLinesForRun(ctx.db, run.id)
        .filter((line) => line.rule === 'resume-checkpoint')
        .map((line) => line.message.split(':')[0]);
      expect(resumes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(resumes).size).toBe(resumes.length);
      const lastCrash = crashes.at(-1) as { cursors?: Record<string, string[]> };
      for (const list of LISTS) {
        const refetched = f.sim.requests.entries
          .slice(before)
          .filter((entry) => entry.path === list)
          .map(cursorOf)
          .filter((cursor) => lastCrash.cursors?.[list]?.includes(cursor));
        expect(refetched.length, list).toBeLessThanOrEqual(1);
      }

      // Interrupted runs are recorded as such, not left "running".
      const statuses = ctx.db
        .prepare('SELECT status FROM sync_runs WHERE connection_id = ? ORDER BY id')
        .all(f.connectionId)
        .map((row) => (row as { status: string }).status);
      expect(statuses).toEqual(['interrupted', 'interrupted', 'interrupted', 'succeeded']);
      expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(cacheCounts(ctx, f.connectionId)).toEqual(expectedCounts(f.sim));

      // The same cache as an import that never crashed.
      const clean = await ashbyFixture({ connect: false });
      try {
        const { connection } = await clean.ctx.connections.create({
          provider: 'ashby',
          baseUrl: f.sim.url,
          secret: { kind: 'api_key', apiKey: f.sim.keys.full },
          storeCredential: true,
        });
        clean.ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });
        await clean.ctx.sync.run(connection.id, { trigger: 'manual' });
        expect(snapshot(ctx, f.connectionId)).toEqual(snapshot(clean.ctx, connection.id));
      } finally {
        await clean.cleanup();
      }
    } finally {
      await reopened.core.shutdown();
    }
  }, 120_000);
});
