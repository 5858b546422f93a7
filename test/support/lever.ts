import type { CoreOptions } from '../../src/main/core/core';
import { expectedLeverCache } from '../simulators/lever/expected';
import {
  LEVER_DEMO_CLIENT,
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
  type LeverSimulatorOptions,
} from '../simulators/lever/server';
import { FAST_HTTP } from './ashby';
import { openTestCore } from './core';

export interface LeverFixture {
  sim: LeverSimulator;
  core: ReturnType<typeof openTestCore>['core'];
  ctx: ReturnType<typeof openTestCore>['core']['context'];
  dataDir: string;
  /** Set when `connect` was asked for. */
  connectionId: string;
  cleanup(): Promise<void>;
}

/** The scopes the console asks for, as the simulator grants them to `issueTokens`. */
export const ALL_LEVER_SCOPES = [
  'offline_access',
  'opportunities:write:admin',
  'postings:read:admin',
  'stages:read:admin',
  'users:read:admin',
  'sources:read:admin',
  'archive_reasons:read:admin',
  'applications:read:admin',
  'notes:write:admin',
  'files:write:admin',
  'resumes:read:admin',
  'confidential:access:admin',
];

/**
 * A Lever simulator and a core on a fresh data dir, optionally connected with the full-access API
 * key or with OAuth tokens the simulator issued (as the wizard would have stored them). The
 * client-side limit is off unless `throttle` is set (then the connection uses Lever's default).
 */
export async function leverFixture(
  options: {
    sim?: LeverSimulatorOptions;
    core?: Partial<CoreOptions>;
    connect?: 'api_key' | 'oauth' | false;
    scopes?: string[];
    throttle?: boolean;
    config?: Record<string, unknown>;
    /** Connect with this API key instead of the full-access one (give it to `sim.apiKeys`). */
    apiKey?: string;
  } = {},
): Promise<LeverFixture> {
  const sim = await startLeverSimulator({ rateLimit: { enabled: false }, ...options.sim });
  const test = openTestCore({ http: FAST_HTTP, ...options.core });
  const ctx = test.core.context;
  let connectionId = '';
  const mode = options.connect ?? 'api_key';
  if (mode) {
    const scopes = options.scopes ?? ALL_LEVER_SCOPES;
    const issued =
      mode === 'oauth' ? sim.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, scopes) : null;
    const { connection } = await ctx.connections.create({
      provider: 'lever',
      baseUrl: sim.apiUrl,
      secret: issued
        ? {
            kind: 'oauth',
            clientId: LEVER_DEMO_CLIENT.clientId,
            clientSecret: LEVER_DEMO_CLIENT.clientSecret,
            accessToken: issued.access_token as string,
            refreshToken: issued.refresh_token as string,
            expiresAt: Date.now() + 3_600_000,
          }
        : { kind: 'api_key', apiKey: options.apiKey ?? LEVER_FULL_ACCESS_KEY },
      config: {
        ...(issued ? { authBaseUrl: sim.authUrl, grantedScopes: scopes } : {}),
        ...options.config,
      },
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
    },
  };
}

/** The cache of one connection, in the shape `expectedLeverCache` gives. */
export function leverCache(ctx: LeverFixture['ctx'], connectionId: string) {
  const rows = <T>(sql: string) => ctx.db.prepare(sql).all(connectionId) as T[];
  return {
    jobs: new Map(
      rows<{ remote_id: string; title: string; status: string; is_open: number }>(
        'SELECT remote_id, title, status, is_open FROM ats_jobs WHERE connection_id = ?',
      ).map((row) => [
        row.remote_id,
        { title: row.title, status: row.status, isOpen: row.is_open === 1 },
      ]),
    ),
    stages: rows<{ remote_id: string }>(
      'SELECT remote_id FROM ats_stages WHERE connection_id = ? ORDER BY position',
    ).map((row) => row.remote_id),
    users: new Set(
      rows<{ remote_id: string }>('SELECT remote_id FROM ats_users WHERE connection_id = ?').map(
        (r) => r.remote_id,
      ),
    ),
    archiveReasons: new Set(
      rows<{ remote_id: string }>(
        'SELECT remote_id FROM ats_archive_reasons WHERE connection_id = ?',
      ).map((r) => r.remote_id),
    ),
    sources: new Set(
      rows<{ remote_id: string }>('SELECT remote_id FROM ats_sources WHERE connection_id = ?').map(
        (r) => r.remote_id,
      ),
    ),
    candidates: new Map(
      rows<{ remote_id: string; name: string; primary_email: string | null }>(
        'SELECT remote_id, name, primary_email FROM ats_candidates WHERE connection_id = ?',
      ).map((row) => [row.remote_id, { name: row.name, primaryEmail: row.primary_email }]),
    ),
    applications: new Map(
      rows<{
        remote_id: string;
        candidate_id: string;
        job_id: string | null;
        stage_id: string;
        archived: number;
        archive_reason_id: string | null;
      }>(
        'SELECT remote_id, candidate_id, job_id, stage_id, archived, archive_reason_id FROM ats_applications WHERE connection_id = ?',
      ).map((row) => [
        row.remote_id,
        {
          candidateId: row.candidate_id,
          jobId: row.job_id,
          stageId: row.stage_id,
          archived: row.archived === 1,
          archiveReasonId: row.archive_reason_id,
        },
      ]),
    ),
  };
}

/** What the cache must hold for the fixture's simulator, for a credential with this access. */
export function expectedCache(fixture: LeverFixture, confidential = true) {
  return expectedLeverCache(fixture.sim.tenant, { confidential });
}
