import type { CoreOptions } from '../../src/main/core/core';
import {
  startAshbySimulator,
  type AshbySimulator,
  type AshbySimulatorOptions,
  type DemoKeyName,
} from '../simulators/ashby/server';
import { openTestCore } from './core';

/** Fast retries for tests: faults are retried in milliseconds, not seconds. */
export const FAST_HTTP = { retry: { baseDelayMs: 5, capDelayMs: 50, maxRetries: 6 } };

export interface AshbyFixture {
  sim: AshbySimulator;
  core: ReturnType<typeof openTestCore>['core'];
  ctx: ReturnType<typeof openTestCore>['core']['context'];
  dataDir: string;
  /** Set when `connect` was asked for. */
  connectionId: string;
  cleanup(): Promise<void>;
}

/**
 * A simulator on loopback and a core on a fresh data dir, optionally already connected (with the
 * client-side rate limit off, so tests measure behaviour, not waiting).
 */
export async function ashbyFixture(
  options: {
    sim?: AshbySimulatorOptions;
    core?: Partial<CoreOptions>;
    connect?: boolean;
    key?: DemoKeyName;
  } = {},
): Promise<AshbyFixture> {
  const sim = await startAshbySimulator(options.sim ?? {});
  const test = openTestCore({ http: FAST_HTTP, ...options.core });
  const ctx = test.core.context;
  let connectionId = '';
  if (options.connect !== false) {
    const { connection } = await ctx.connections.create({
      provider: 'ashby',
      baseUrl: sim.url,
      secret: { kind: 'api_key', apiKey: sim.keys[options.key ?? 'full'] },
      storeCredential: true,
    });
    connectionId = connection.id;
    ctx.connections.updateSettings(connectionId, { rateLimit: 'off' });
  }
  return {
    sim,
    core: test.core,
    ctx,
    dataDir: test.dataDir,
    connectionId,
    cleanup: async () => {
      await test.cleanup();
      await sim.close();
    },
  };
}

/** Row counts of the cache for one connection. */
export function cacheCounts(ctx: AshbyFixture['ctx'], connectionId: string) {
  const count = (table: string) =>
    (
      ctx.db
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE connection_id = ?`)
        .get(connectionId) as {
        n: number;
      }
    ).n;
  return {
    candidates: count('ats_candidates'),
    applications: count('ats_applications'),
    jobs: count('ats_jobs'),
    plans: count('ats_plans'),
    stages: count('ats_stages'),
    users: count('ats_users'),
    sources: count('ats_sources'),
    archiveReasons: count('ats_archive_reasons'),
  };
}

/** What the simulator says a full import must contain (open jobs are not a cache table). */
export function expectedCounts(sim: AshbySimulator, confidential = false) {
  const { openJobs: _openJobs, ...counts } = sim.tenant.counts({ confidential });
  return counts;
}
