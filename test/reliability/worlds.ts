import { isoNow } from '../../src/main/core/clock';
import type { CoreContext } from '../../src/main/core/context';
import { getConnectionRow, setConnectionStatus } from '../../src/main/core/db/repos/connections';
import { listKulaStages } from '../../src/main/core/mapping/kula-stages';
import { confirmMapping } from '../../src/main/core/mapping/service';
import { addNote, logMessage, uploadResume } from '../../src/main/core/kula/activity';
import { addCandidate, moveCandidate } from '../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../src/main/core/kula/flows';
import type { RecordedRequest, RequestLog } from '../simulators/common/request-log';
import type { FaultInjector } from '../simulators/common/faults';
import { startAshbySimulator, type AshbySimulator } from '../simulators/ashby/server';
import { expectedLeverCache } from '../simulators/lever/expected';
import {
  LEVER_DEMO_CLIENT,
  startLeverSimulator,
  type LeverSimulator,
} from '../simulators/lever/server';
import { ALL_LEVER_SCOPES } from '../support/lever';
import { greenhouseWorld } from './greenhouse-world';

/**
 * The ATS side of the reliability campaigns: a simulator in this process (so its state, the
 * ledger, survives a SIGKILL of the console process), how to connect a console to it, the Kula
 * work a scenario does (candidates on a linked flow, public and private notes, conversation
 * messages, stage moves, resumes), and what the ATS holds for that work, normalized so that two
 * runs of the same scenario compare equal when they reached the same state (ids and timestamps
 * the simulator makes up differ between runs; the people, applications, stages and note texts do
 * not).
 */

export type Provider = 'ashby' | 'lever' | 'greenhouse';

/** What the ATS holds for the scenario's people. */
export type AtsLedger = Record<
  string,
  {
    people: number;
    applications: Array<{ job: string; stage: string; archived: boolean }>;
    notes: string[];
    files: string[];
  }
>;

export interface World {
  provider: Provider;
  requests: RequestLog;
  faults: FaultInjector;
  /** Connects a console (a core on the data dir) to the simulator; returns the connection id. */
  connect(ctx: CoreContext): Promise<string>;
  /** Stores a fresh authorization after the ATS refused the stored one (the admin reconnects). */
  reconnect(ctx: CoreContext, connectionId: string): void;
  /** What the cache must hold after a complete import, as row counts per table. */
  expectedCache(): Record<string, number>;
  /** Read requests that fetch a page of a paginated resource, keyed by what they ask for. */
  pageKey(entry: RecordedRequest): string | null;
  /**
   * The stream a page belongs to: a crash may cost each stream read at the same time the page it
   * had in flight (a list; for Lever, also each creation-date part of the opportunities).
   */
  streamOf(entry: RecordedRequest): string;
  ledger(emails: string[]): AtsLedger;
  /** Objects the scenario's work made more than once in the ATS (must stay empty). */
  duplicates(emails: string[]): string[];
  /** Whether what a settled outbox row says it made exists in the ATS. */
  exists(kind: string, result: Record<string, unknown>, ref: string): boolean;
  /**
   * Token renewals whose answer the console lost: a refresh token the ATS had already exchanged
   * (and rotated away) presented again. After a crash, only a kill between the ATS's answer and
   * the console persisting it does that; 0 for an ATS without rotating tokens.
   */
  lostRenewals(): number;
  close(): Promise<void>;
}

export interface WorldOptions {
  seed: number;
  /** Tenant size: Ashby candidates (applications ≈ 1.3×), Lever opportunities, Greenhouse candidates. */
  size: number;
  faultRate?: number;
}

const NOTE_MARK = /crash-(note|msg) [^\n]*/g;

function markers(text: string): string[] {
  return text.match(NOTE_MARK) ?? [];
}

function refsIn(text: string): string[] {
  return text.match(/kula-ref [nm]:[\w-]+/g) ?? [];
}

function duplicatesOf(values: string[], what: string): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([value, n]) => `${what} ${value} ×${n}`);
}

export async function startWorld(provider: Provider, options: WorldOptions): Promise<World> {
  if (provider === 'greenhouse') return greenhouseWorld(options);
  return provider === 'ashby' ? ashbyWorld(options) : leverWorld(options);
}

// ── Ashby ────────────────────────────────────────────────────────────────────────────────────────

/** Ashby list endpoints read in pages (the small snapshots are read whole by every run). */
const ASHBY_PAGED = new Set([
  '/candidate.list',
  '/application.list',
  '/job.list',
  '/user.list',
  '/interviewPlan.list',
]);

/** Paged lists read whole at every run (the provider's snapshots), not resumed. */
const ASHBY_SNAPSHOTS = new Set(['/interviewPlan.list']);

async function ashbyWorld(options: WorldOptions): Promise<World> {
  const sim: AshbySimulator = await startAshbySimulator({
    tenant: {
      seed: options.seed,
      candidates: options.size,
      applications: Math.round(options.size * 1.3),
    },
    ...(options.faultRate ? { faults: { rate: options.faultRate, seed: options.seed } } : {}),
  });
  const tenant = sim.tenant;
  const peopleWith = (email: string) => {
    const out = [];
    for (let i = 0; i < tenant.candidateCount(); i++) {
      const person = tenant.candidate(i);
      if (person?.email?.toLowerCase() === email) out.push(person);
    }
    return out;
  };
  const applicationsOf = (person: ReturnType<typeof peopleWith>[number]) =>
    tenant.applicationIdsOf(person).map((id) => tenant.applicationById(id)!);
  const allNoteText = () => [...tenant.notes.values()].flat().map((note) => note.content);
  return {
    provider: 'ashby',
    requests: sim.requests,
    faults: sim.faults,
    async connect(ctx) {
      const { connection } = await ctx.connections.create({
        provider: 'ashby',
        baseUrl: sim.url,
        secret: { kind: 'api_key', apiKey: sim.keys.full },
        storeCredential: true,
      });
      ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });
      return connection.id;
    },
    reconnect(ctx, connectionId) {
      ctx.vault.store(connectionId, { kind: 'api_key', apiKey: sim.keys.full }, isoNow(ctx.clock));
      setConnectionStatus(ctx.db, connectionId, 'connected', isoNow(ctx.clock));
    },
    expectedCache() {
      const { openJobs: _open, ...counts } = tenant.counts({ confidential: false });
      return counts;
    },
    pageKey(entry) {
      if (!ASHBY_PAGED.has(entry.path) || entry.method !== 'POST') return null;
      const body = (entry.body ?? {}) as { cursor?: unknown; syncToken?: unknown };
      // An incremental read's first request ("what changed since?") is made by every run, and so
      // is a snapshot's first page (interview plans are re-read whole each run): a restart asks
      // for them because it is a run, not because a crash lost them.
      if (body.syncToken !== undefined && body.cursor === undefined) return null;
      if (ASHBY_SNAPSHOTS.has(entry.path) && body.cursor === undefined) return null;
      return `${entry.path} ${JSON.stringify(body)}`;
    },
    streamOf: (entry) => entry.path,
    ledger(emails) {
      const ledger: AtsLedger = {};
      for (const email of emails) {
        const people = peopleWith(email);
        ledger[email] = {
          people: people.length,
          applications: people
            .flatMap(applicationsOf)
            .map((app) => ({
              job: tenant.jobs[app.jobIndex]!.id,
              stage: tenant.stageById(app.stageId)?.title ?? app.stageId,
              archived: app.status === 'Archived',
            }))
            .sort((a, b) => a.job.localeCompare(b.job)),
          notes: people
            .flatMap((person) => tenant.notes.get(person.index) ?? [])
            .flatMap((note) => markers(note.content))
            .sort(),
          files: people.flatMap((person) => (person.resume ? [person.resume.name] : [])).sort(),
        };
      }
      return ledger;
    },
    duplicates(emails) {
      const found: string[] = [];
      for (const email of emails) {
        const people = peopleWith(email);
        if (people.length > 1) found.push(`candidate ${email} ×${people.length}`);
        for (const person of people) {
          found.push(
            ...duplicatesOf(
              applicationsOf(person).map((app) => tenant.jobs[app.jobIndex]!.id),
              `application of ${email} on job`,
            ),
          );
        }
      }
      found.push(...duplicatesOf(allNoteText().flatMap(refsIn), 'note'));
      return found;
    },
    exists(kind, result, ref) {
      if (kind === 'candidate.ensure' && typeof result.atsCandidateId === 'string')
        return tenant.candidateById(result.atsCandidateId) !== null;
      if (kind === 'application.create' && typeof result.atsApplicationId === 'string')
        return tenant.applicationById(result.atsApplicationId) !== null;
      if (kind === 'note.create' || kind === 'message.create')
        return allNoteText().some((text) => text.includes(ref));
      return true;
    },
    lostRenewals: () => 0,
    close: () => sim.close(),
  };
}

// ── Lever ────────────────────────────────────────────────────────────────────────────────────────

async function leverWorld(options: WorldOptions): Promise<World> {
  const sim: LeverSimulator = await startLeverSimulator({
    tenant: { seed: options.seed, opportunities: options.size },
    rateLimit: { enabled: false },
    ...(options.faultRate ? { faults: { rate: options.faultRate, seed: options.seed } } : {}),
  });
  const tenant = sim.tenant;
  const contactsWith = (email: string) =>
    [...tenant.contacts.values()].filter((contact) =>
      contact.emails.some((address) => address.toLowerCase() === email),
    );
  const opportunitiesOf = (contactId: string) =>
    tenant.opportunities.filter((opportunity) => opportunity.contact === contactId);
  const stageTitle = (id: string) => tenant.stages.find((stage) => stage.id === id)?.text ?? id;
  const allNoteText = () =>
    tenant.opportunities.flatMap((opportunity) => opportunity.notes.map((note) => note.value));
  const issue = () => {
    const issued = sim.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, ALL_LEVER_SCOPES);
    return {
      kind: 'oauth' as const,
      clientId: LEVER_DEMO_CLIENT.clientId,
      clientSecret: LEVER_DEMO_CLIENT.clientSecret,
      accessToken: issued.access_token as string,
      refreshToken: issued.refresh_token as string,
      expiresAt: Date.now() + 3_600_000,
    };
  };
  return {
    provider: 'lever',
    requests: sim.requests,
    faults: sim.faults,
    async connect(ctx) {
      const performAs = tenant.users.find((user) => user.deactivatedAt === null)!.id;
      const { connection } = await ctx.connections.create({
        provider: 'lever',
        baseUrl: sim.apiUrl,
        secret: issue(),
        config: { authBaseUrl: sim.authUrl, grantedScopes: ALL_LEVER_SCOPES, performAs },
        storeCredential: true,
      });
      ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });
      return connection.id;
    },
    reconnect(ctx, connectionId) {
      ctx.vault.store(connectionId, issue(), isoNow(ctx.clock));
      setConnectionStatus(ctx.db, connectionId, 'connected', isoNow(ctx.clock));
    },
    expectedCache() {
      const expected = expectedLeverCache(tenant, { confidential: true });
      return {
        jobs: expected.jobs.size,
        stages: expected.stages.length,
        users: expected.users.size,
        sources: expected.sources.size,
        archiveReasons: expected.archiveReasons.size,
        candidates: expected.candidates.size,
        applications: expected.applications.size,
      };
    },
    pageKey(entry) {
      if (entry.method !== 'GET' || !/^\/v1\/(opportunities|postings|users)$/.test(entry.path))
        return null;
      const query = entry.query;
      // As for Ashby: what every run asks first (an incremental read's first page, the users
      // snapshot's first page) is not a page the crash made it fetch again.
      if (query.updated_at_start !== undefined && query.offset === undefined) return null;
      if (entry.path === '/v1/users' && query.offset === undefined) return null;
      // A write's lookup by email (is this person in Lever already?) is the write-back's check
      // before sending, made again on purpose after a crash; not a page of the import.
      if (query.email !== undefined) return null;
      return `${entry.path} ${JSON.stringify(query)}`;
    },
    streamOf: (entry) =>
      `${entry.path} ${String(entry.query.created_at_start ?? '')}-${String(entry.query.created_at_end ?? '')}`,
    ledger(emails) {
      const ledger: AtsLedger = {};
      for (const email of emails) {
        const contacts = contactsWith(email);
        const opportunities = contacts.flatMap((contact) => opportunitiesOf(contact.id));
        ledger[email] = {
          people: contacts.length,
          applications: opportunities
            .map((opportunity) => ({
              job: opportunity.application?.posting ?? '(none)',
              stage: stageTitle(opportunity.stage),
              archived: opportunity.archived !== null,
            }))
            .sort((a, b) => a.job.localeCompare(b.job)),
          notes: opportunities
            .flatMap((opportunity) => opportunity.notes)
            .flatMap((note) => markers(note.value))
            .sort(),
          files: opportunities
            .flatMap((opportunity) => [...opportunity.files, ...opportunity.resumes])
            .map((file) => file.name)
            .sort(),
        };
      }
      return ledger;
    },
    duplicates(emails) {
      const found: string[] = [];
      for (const email of emails) {
        const contacts = contactsWith(email);
        if (contacts.length > 1) found.push(`contact ${email} ×${contacts.length}`);
        for (const contact of contacts) {
          const opportunities = opportunitiesOf(contact.id);
          found.push(
            ...duplicatesOf(
              opportunities.map((opportunity) => opportunity.application?.posting ?? '(none)'),
              `opportunity of ${email} on posting`,
            ),
            ...duplicatesOf(
              opportunities.flatMap((opportunity) =>
                [...opportunity.files, ...opportunity.resumes].map((file) => file.name),
              ),
              `file of ${email}`,
            ),
          );
        }
      }
      found.push(...duplicatesOf(allNoteText().flatMap(refsIn), 'note'));
      return found;
    },
    exists(kind, result, ref) {
      if (kind === 'application.create' && typeof result.atsApplicationId === 'string')
        return tenant.opportunities.some(
          (opportunity) => opportunity.id === result.atsApplicationId,
        );
      if (kind === 'note.create' || kind === 'message.create')
        return allNoteText().some((text) => text.includes(ref));
      return true;
    },
    lostRenewals() {
      const exchanged = new Set<string>();
      let lost = 0;
      for (const request of sim.oauth.tokenRequests) {
        if (request.grantType !== 'refresh_token' || !request.refreshTokenTail) continue;
        if (request.outcome === 'ok') exchanged.add(request.refreshTokenTail);
        else if (exchanged.has(request.refreshTokenTail)) lost++;
      }
      return lost;
    },
    close: () => sim.close(),
  };
}

// ── the Kula work ────────────────────────────────────────────────────────────────────────────────

export interface Scenario {
  /** Emails of the people the work is about (new ones and one the ATS already knows). */
  emails: string[];
  /** Batches of local work, each followed by syncs until the outbox is empty. */
  batches: Array<(ctx: CoreContext) => void>;
}

/**
 * After the first import: confirms the stage mapping (Lever writes wait for it), links a flow to
 * the first open job, and plans `people` new candidates plus one the ATS already has. Batch 1 adds
 * them to the flow with a public and a private note and a message each; batch 2 moves every other
 * one to a later Kula stage, adds a second note, and uploads a resume for every third.
 */
export function planScenario(
  ctx: CoreContext,
  connectionId: string,
  world: World,
  people: number,
): Scenario {
  if (getConnectionRow(ctx.db, connectionId)?.provider === 'lever') {
    confirmMapping(ctx, connectionId);
  }
  const [job] = listOpenJobs(ctx, connectionId);
  if (!job) throw new Error('the tenant has no open job');
  const flow = createFlow(ctx, {
    name: 'Crash campaign',
    link: { connectionId, jobId: job.jobId },
  });
  const known = knownEmail(world, ctx, connectionId, job.jobId);
  const emails = Array.from({ length: people }, (_, i) => `person-${i}@crash.example`);
  if (known) emails.push(known);
  const stages = listKulaStages(ctx.db);
  const later = stages[Math.min(2, stages.length - 1)]!.id;
  const candidateId = (db: CoreContext['db'], email: string) =>
    (db.prepare('SELECT id FROM kula_candidates WHERE email = ?').get(email) as { id: string }).id;
  return {
    emails,
    batches: [
      (c) => {
        emails.forEach((email, i) => {
          const candidate = addCandidate(c, {
            name: `Crash Person ${i}`,
            emails: [email],
            flowIds: [flow.id],
            origin: 'form',
          });
          addNote(c, { candidate: candidate.id, body: `crash-note ${i} first`, private: false });
          addNote(c, { candidate: candidate.id, body: `private ${i}: never sent`, private: true });
          logMessage(c, {
            candidate: candidate.id,
            direction: 'outbound',
            body: `crash-msg ${i} hello`,
            sentAt: '2026-01-05T09:00:00.000Z',
            flowId: flow.id,
          });
        });
      },
      (c) => {
        emails.forEach((email, i) => {
          const id = candidateId(c.db, email);
          if (i % 2 === 0) moveCandidate(c, id, later);
          addNote(c, { candidate: id, body: `crash-note ${i} second`, private: false });
          if (i % 3 === 0) {
            uploadResume(c, {
              candidate: id,
              fileName: `person-${i}.pdf`,
              bytes: Buffer.from(`%PDF-1.4 crash ${i}`),
            });
          }
        });
      },
    ],
  };
}

/** The email of a person the ATS has (and the cache too) who has not applied to the job. */
function knownEmail(
  world: World,
  ctx: CoreContext,
  connectionId: string,
  jobId: string,
): string | null {
  const rows = ctx.db
    .prepare(
      `SELECT c.primary_email AS email FROM ats_candidates c
        WHERE c.connection_id = ? AND c.primary_email IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ats_applications a WHERE a.connection_id = c.connection_id
                            AND a.candidate_id = c.remote_id AND a.job_id = ?)
        ORDER BY c.remote_id LIMIT 20`,
    )
    .all(connectionId, jobId) as Array<{ email: string }>;
  const ledger = world.ledger(rows.map((row) => row.email.toLowerCase()));
  return (
    rows.map((row) => row.email.toLowerCase()).find((email) => ledger[email]?.people === 1) ?? null
  );
}
