import { afterEach, describe, expect, it } from 'vitest';
import { addNote } from '../../../../src/main/core/kula/activity';
import { addCandidate } from '../../../../src/main/core/kula/candidates';
import { createFlow, listOpenJobs } from '../../../../src/main/core/kula/flows';
import { confirmMapping } from '../../../../src/main/core/mapping/service';
import { LEVER_FULL_ACCESS_KEY } from '../../../simulators/lever/server';
import { leverFixture, type LeverFixture } from '../../../support/lever';
import { FAST_OUTBOX, outboxStates, syncUntilSent } from '../../../support/writeback';
import { startLatencyProxy, type ProxiedRequest } from './fixtures/latency-proxy';

/**
 * Write-back against the Lever simulator behind a proxy that answers each request 40 ms late, as
 * a real ATS does: independent candidates' writes run at the same time, one candidate's writes
 * run one after another in the order they were queued, and all of them pass the connection's
 * rate limit. Run under both readings of Lever's limits: the general one for every request (what
 * Lever documents), and the Postings API's 2 application POSTs a second applied to
 * `POST /opportunities` as well.
 */

const CANDIDATES = 8;
const LATENCY_MS = 40;

let fixture: LeverFixture | undefined;
let closeProxy: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeProxy?.();
  closeProxy = undefined;
  await fixture?.cleanup();
  fixture = undefined;
});

async function queueWritesBehindLatency(applicationPostsPerSecond: number | null) {
  fixture = await leverFixture({
    connect: false,
    core: { outbox: FAST_OUTBOX },
    sim: { rateLimit: { enabled: true, applicationPostsPerSecond, retryAfter: true } },
  });
  const f = fixture;
  const proxy = await startLatencyProxy(f.sim.url, LATENCY_MS);
  closeProxy = proxy.close;
  const performAs = f.sim.tenant.users.find((user) => user.deactivatedAt === null)!.id;
  // Lever's default limit (10 a second, bursts of 18), as a connection has it.
  const { connection } = await f.ctx.connections.create({
    provider: 'lever',
    baseUrl: `${proxy.url}/v1`,
    secret: { kind: 'api_key', apiKey: LEVER_FULL_ACCESS_KEY },
    config: { performAs },
    storeCredential: true,
  });
  expect((await f.ctx.sync.run(connection.id, { trigger: 'manual' })).status).toBe('succeeded');
  confirmMapping(f.ctx, connection.id);
  const job = listOpenJobs(f.ctx, connection.id)[0]!;
  const flow = createFlow(f.ctx, {
    name: 'Outreach',
    link: { connectionId: connection.id, jobId: job.jobId },
  });
  const emails = Array.from({ length: CANDIDATES }, (_, i) => `writer-${i}@example.org`);
  for (const [i, email] of emails.entries()) {
    const candidate = addCandidate(f.ctx, {
      name: `Writer ${i}`,
      emails: [email],
      flowIds: [flow.id],
      origin: 'form',
    });
    addNote(f.ctx, { candidate: candidate.id, body: `Note for writer ${i}.`, private: false });
  }
  proxy.log.length = 0;
  const throttledBefore = f.sim.throttled;
  const started = performance.now();
  await syncUntilSent(f.ctx, connection.id, { pushOnly: true });
  return {
    f,
    emails,
    started,
    requests: [...proxy.log],
    throttled: f.sim.throttled - throttledBefore,
    connectionId: connection.id,
  };
}

/** Each write request of the push, by the candidate it was for (by email, or by opportunity). */
function byCandidate(requests: ProxiedRequest[]): Map<string, ProxiedRequest[]> {
  const ofOpportunity = new Map<string, string>();
  for (const request of requests) {
    if (request.method === 'POST' && request.url.startsWith('/v1/opportunities?')) {
      const email = (JSON.parse(request.body) as { emails: string[] }).emails[0]!;
      const answer = JSON.parse(request.answer) as { data?: { id: string } };
      if (answer.data) ofOpportunity.set(answer.data.id, email);
    }
  }
  const grouped = new Map<string, ProxiedRequest[]>();
  for (const request of requests) {
    const url = new URL(request.url, 'http://proxy');
    const email =
      url.searchParams.get('email') ??
      (request.body
        ? (JSON.parse(request.body) as { emails?: string[] }).emails?.[0]
        : undefined) ??
      ofOpportunity.get(/^\/v1\/opportunities\/([^/]+)/.exec(url.pathname)?.[1] ?? '');
    if (!email) continue;
    grouped.set(email, [...(grouped.get(email) ?? []), request]);
  }
  for (const list of grouped.values()) list.sort((a, b) => a.startedAt - b.startedAt);
  return grouped;
}

/** The most candidates that had a request in flight at the same moment. */
function mostCandidatesAtOnce(grouped: Map<string, ProxiedRequest[]>): number {
  const events = [...grouped.entries()].flatMap(([email, list]) =>
    list.flatMap((request) => [
      { at: request.startedAt, email, delta: 1 },
      { at: request.endedAt, email, delta: -1 },
    ]),
  );
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const inFlight = new Map<string, number>();
  let most = 0;
  for (const event of events) {
    inFlight.set(event.email, (inFlight.get(event.email) ?? 0) + event.delta);
    most = Math.max(most, [...inFlight.values()].filter((n) => n > 0).length);
  }
  return most;
}

function expectEachCandidateInOrder(grouped: Map<string, ProxiedRequest[]>, emails: string[]) {
  expect([...grouped.keys()].sort()).toEqual([...emails].sort());
  for (const list of grouped.values()) {
    // One request at a time: each leaves only after the answer to the one before.
    for (let i = 1; i < list.length; i++) {
      expect(list[i]!.startedAt).toBeGreaterThanOrEqual(list[i - 1]!.endedAt);
    }
    // In the order queued: found by email, then created, then the note on the opportunity.
    const steps = list
      .filter((request) => request.status < 400)
      .map((request) =>
        request.method === 'GET'
          ? 'find'
          : request.url.includes('/notes')
            ? 'note'
            : request.method === 'POST'
              ? 'create'
              : `${request.method} ${request.url}`,
      );
    expect(steps.indexOf('create')).toBeGreaterThan(steps.lastIndexOf('find'));
    expect(steps.at(-1)).toBe('note');
    expect(steps.filter((step) => step === 'create')).toHaveLength(1);
  }
}

function expectEveryWriteOnce(run: Awaited<ReturnType<typeof queueWritesBehindLatency>>) {
  expect(outboxStates(run.f.ctx, run.connectionId)).toEqual({ done: CANDIDATES * 3 });
  for (const email of run.emails) {
    const contacts = [...run.f.sim.tenant.contacts.values()].filter((contact) =>
      contact.emails.includes(email),
    );
    expect(contacts).toHaveLength(1);
    const opportunities = run.f.sim.tenant.opportunities.filter(
      (opportunity) => opportunity.contact === contacts[0]!.id,
    );
    expect(opportunities).toHaveLength(1);
  }
}

describe('write-back: independent candidates at once, one candidate in order', () => {
  it('under Lever’s documented limit: candidates overlap, each in order, within the connection’s limit and without a 429', async () => {
    const run = await queueWritesBehindLatency(null);
    expectEveryWriteOnce(run);
    const grouped = byCandidate(run.requests);
    expectEachCandidateInOrder(grouped, run.emails);
    expect(mostCandidatesAtOnce(grouped)).toBeGreaterThanOrEqual(3);
    expect(run.throttled).toBe(0);
    expect(run.requests.filter((request) => request.status === 429)).toEqual([]);
  }, 60_000);

  it('under the stricter reading (2 POST /opportunities a second): every 429 pauses the connection for its Retry-After, and every write lands once', async () => {
    const run = await queueWritesBehindLatency(2);
    expectEveryWriteOnce(run);
    const grouped = byCandidate(run.requests);
    expectEachCandidateInOrder(grouped, run.emails);
    const refused = run.requests.filter((request) => request.status === 429);
    expect(refused.length).toBe(run.throttled);
    // After a 429 (Retry-After: 1 s) nothing of the connection leaves before the second is up,
    // save what had passed the limiter before the answer arrived (sent within moments of it).
    for (const answer of refused) {
      const during = run.requests.filter(
        (request) =>
          request.startedAt > answer.endedAt + 150 && request.startedAt < answer.endedAt + 950,
      );
      expect(during).toEqual([]);
    }
  }, 60_000);
});
