import type { CoreOptions } from '../../src/main/core/core';
import { forgetGreenhouseTokens } from '../../src/main/core/providers/greenhouse/tokens';
import type { GreenhouseCredentialConfig } from '../simulators/greenhouse/auth';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  startGreenhouseSimulator,
  type GreenhouseSimulator,
  type GreenhouseSimulatorOptions,
} from '../simulators/greenhouse/server';
import { ADMIN_USER_ID } from '../simulators/greenhouse/tenant';
import { FAST_HTTP } from './ashby';
import { openTestCore } from './core';

export interface GreenhouseFixture {
  sim: GreenhouseSimulator;
  core: ReturnType<typeof openTestCore>['core'];
  ctx: ReturnType<typeof openTestCore>['core']['context'];
  dataDir: string;
  /** Set when `connect` was asked for. */
  connectionId: string;
  cleanup(): Promise<void>;
}

export function credentialKey(credential: GreenhouseCredentialConfig): string {
  return `${credential.clientId}:${credential.clientSecret}`;
}

/**
 * A Greenhouse simulator and a core on a fresh data dir, optionally connected with the demo
 * credential acting as the Site Admin (as the wizard saves it), with the client-side limit off
 * unless `throttle` is set (then Greenhouse's default applies).
 */
export async function greenhouseFixture(
  options: {
    sim?: GreenhouseSimulatorOptions;
    core?: Partial<CoreOptions>;
    connect?: boolean;
    credential?: GreenhouseCredentialConfig;
    /** The user the connection acts as; null: the credential's service user. */
    actAs?: number | null;
    throttle?: boolean;
    config?: Record<string, unknown>;
  } = {},
): Promise<GreenhouseFixture> {
  const sim = await startGreenhouseSimulator({
    rateLimit: { enabled: false },
    ...options.sim,
  });
  const test = openTestCore({ http: FAST_HTTP, ...options.core });
  const ctx = test.core.context;
  let connectionId = '';
  if (options.connect !== false) {
    const actAs = options.actAs === undefined ? ADMIN_USER_ID : options.actAs;
    const { connection } = await ctx.connections.create({
      provider: 'greenhouse',
      baseUrl: sim.url,
      secret: {
        kind: 'api_key',
        apiKey: credentialKey(options.credential ?? GREENHOUSE_DEMO_CREDENTIAL),
      },
      config: { ...(actAs === null ? {} : { performAs: String(actAs) }), ...options.config },
      storeCredential: true,
    });
    connectionId = connection.id;
    if (!options.throttle) ctx.connections.updateSettings(connectionId, { rateLimit: 'off' });
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
      forgetGreenhouseTokens();
    },
  };
}

/** Row counts of the cache for one connection. */
export function greenhouseCacheCounts(ctx: GreenhouseFixture['ctx'], connectionId: string) {
  const count = (table: string) =>
    (
      ctx.db
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE connection_id = ?`)
        .get(connectionId) as { n: number }
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

/** What a full import must hold: everything the organisation has, plus the "Hired" reason. */
export function expectedGreenhouseCounts(sim: GreenhouseSimulator) {
  const t = sim.tenant;
  return {
    candidates: t.candidates.size,
    applications: t.applications.size,
    jobs: t.jobs.size,
    plans: t.jobs.size,
    stages: t.jobInterviewStages.size,
    users: t.users.size,
    sources: t.sources.size,
    archiveReasons: t.rejectionReasons.size + 1,
  };
}
