import { isoNow } from '../../src/main/core/clock';
import { setConnectionStatus } from '../../src/main/core/db/repos/connections';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  startGreenhouseSimulator,
} from '../simulators/greenhouse/server';
import { ADMIN_USER_ID } from '../simulators/greenhouse/tenant';
import { credentialKey } from '../support/greenhouse';
import type { AtsLedger, World, WorldOptions } from './worlds';

/**
 * The Greenhouse side of the reliability campaigns (see worlds.ts for what a world is): the
 * simulator with `size` candidates, a connection acting as its Site Admin, and what the
 * organisation holds for the scenario's people.
 */

const NOTE_MARK = /crash-(note|msg) [^\n]*/g;
const markers = (text: string) => text.match(NOTE_MARK) ?? [];
const refsIn = (text: string) => text.match(/kula-ref [nm]:[\w-]+/g) ?? [];

function duplicatesOf(values: string[], what: string): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([value, n]) => `${what} ${value} ×${n}`);
}

/** Lists the import reads page by page (reference lists are read whole by every run). */
const PAGED = /^\/v3\/(candidates|applications|jobs|users|job_interview_stages)$/;
/** Parameters of the write-back's own lookups, which are not pages of the import. */
const LOOKUPS = ['email', 'ids', 'candidate_ids', 'job_ids', 'application_ids'];

/** The original query a `Link` next URL's cursor carries (the simulator's cursor is readable). */
function cursorQuery(cursor: string): URLSearchParams {
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      query?: string;
    };
    return new URLSearchParams(state.query ?? '');
  } catch {
    return new URLSearchParams();
  }
}

export async function greenhouseWorld(options: WorldOptions): Promise<World> {
  const sim = await startGreenhouseSimulator({
    tenant: { seed: options.seed, candidates: options.size, jobs: 6 },
    rateLimit: { enabled: false },
    ...(options.faultRate ? { faults: { rate: options.faultRate, seed: options.seed } } : {}),
  });
  const tenant = sim.tenant;
  const apiKey = credentialKey(GREENHOUSE_DEMO_CREDENTIAL);
  const peopleWith = (email: string) =>
    [...tenant.candidates.values()].filter((candidate) =>
      candidate.email_addresses.some((address) => address.value.toLowerCase() === email),
    );
  const applicationsOf = (candidateId: number) =>
    [...tenant.applications.values()].filter((app) => app.candidate_id === candidateId);
  const allNoteText = () => [...tenant.notes.values()].map((note) => note.body);
  const filesOf = (applicationIds: Set<number>) =>
    [...tenant.attachments.values()].filter((file) => applicationIds.has(file.application_id));
  return {
    provider: 'greenhouse',
    requests: sim.requests,
    faults: sim.faults,
    async connect(ctx) {
      const { connection } = await ctx.connections.create({
        provider: 'greenhouse',
        baseUrl: sim.url,
        secret: { kind: 'api_key', apiKey },
        config: { performAs: String(ADMIN_USER_ID) },
        storeCredential: true,
      });
      ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });
      return connection.id;
    },
    reconnect(ctx, connectionId) {
      ctx.vault.store(connectionId, { kind: 'api_key', apiKey }, isoNow(ctx.clock));
      setConnectionStatus(ctx.db, connectionId, 'connected', isoNow(ctx.clock));
    },
    expectedCache() {
      return {
        candidates: tenant.candidates.size,
        applications: tenant.applications.size,
        jobs: tenant.jobs.size,
        plans: tenant.jobs.size,
        stages: tenant.jobInterviewStages.size,
        users: tenant.users.size,
        sources: tenant.sources.size,
        archiveReasons: tenant.rejectionReasons.size + 1,
      };
    },
    pageKey(entry) {
      if (entry.method !== 'GET' || !PAGED.test(entry.path)) return null;
      const query = entry.query;
      if (LOOKUPS.some((key) => query[key] !== undefined) || query.per_page === '1') return null;
      // Every run asks what changed first: not a page a crash made it fetch again.
      if (query.updated_at !== undefined && query.cursor === undefined) return null;
      return `${entry.path} ${JSON.stringify(query)}`;
    },
    streamOf(entry) {
      const cursor = entry.query.cursor;
      const created =
        typeof cursor === 'string'
          ? cursorQuery(cursor).get('created_at')
          : (entry.query.created_at as string | undefined);
      return `${entry.path} ${created ?? ''}`;
    },
    ledger(emails) {
      const ledger: AtsLedger = {};
      for (const email of emails) {
        const people = peopleWith(email);
        const applications = people.flatMap((person) => applicationsOf(person.id));
        const ids = new Set(people.map((person) => person.id));
        ledger[email] = {
          people: people.length,
          applications: applications
            .map((app) => ({
              job: String(app.job_id ?? '(prospect)'),
              stage:
                tenant.jobInterviewStages.get(app.job_interview_stage_id ?? -1)?.name ??
                app.stage_name ??
                '(none)',
              archived: app.status !== 'in_process',
            }))
            .sort((a, b) => a.job.localeCompare(b.job)),
          notes: [...tenant.notes.values()]
            .filter((note) => ids.has(note.candidate_id))
            .flatMap((note) => markers(note.body))
            .sort(),
          files: filesOf(new Set(applications.map((app) => app.id)))
            .map((file) => file.filename)
            .sort(),
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
          const applications = applicationsOf(person.id);
          found.push(
            ...duplicatesOf(
              applications.map((app) => String(app.job_id)),
              `application of ${email} on job`,
            ),
            ...duplicatesOf(
              filesOf(new Set(applications.map((app) => app.id))).map((file) => file.filename),
              `file of ${email}`,
            ),
          );
        }
      }
      found.push(...duplicatesOf(allNoteText().flatMap(refsIn), 'note'));
      return found;
    },
    exists(kind, result, ref) {
      if (kind === 'candidate.ensure' && typeof result.atsCandidateId === 'string')
        return tenant.candidates.has(Number(result.atsCandidateId));
      if (kind === 'application.create' && typeof result.atsApplicationId === 'string')
        return tenant.applications.has(Number(result.atsApplicationId));
      if (kind === 'note.create' || kind === 'message.create')
        return allNoteText().some((text) => text.includes(ref));
      return true;
    },
    lostRenewals: () => 0,
    close: () => sim.close(),
  };
}
