import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RATE_LIMIT,
  LEVER_DEMO_CLIENT,
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from './server';

let sim: LeverSimulator;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read Lever's JSON freely
type Json = Record<string, any>;
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const AUTH = { authorization: basic(LEVER_FULL_ACCESS_KEY) };

async function get(path: string, headers: Record<string, string> = AUTH) {
  const response = await fetch(`${sim.apiUrl}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Json };
}

async function send(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = AUTH,
) {
  const response = await fetch(`${sim.apiUrl}${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

beforeAll(async () => {
  sim = await startLeverSimulator({
    tenant: { seed: 11, opportunities: 250, postings: 14 },
    apiKeys: [
      { key: LEVER_FULL_ACCESS_KEY, confidential: true },
      { key: 'read-only-key-000', scopes: ['opportunities:read:admin', 'users:read:admin'] },
    ],
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.setRateLimit({ enabled: false, applicationPostsPerSecond: null }));

describe('Lever simulator: lists and pagination', () => {
  it('pages opportunities newest first with {data, hasNext, next} and no next on the last page', async () => {
    const seen: string[] = [];
    let offset: string | undefined;
    let pages = 0;
    for (;;) {
      const query = new URLSearchParams({ limit: '100', confidentiality: 'all' });
      // Passed back verbatim: URLSearchParams encodes the already-encoded token once more.
      if (offset) query.set('offset', offset);
      const { status, body } = await get(`/opportunities?${query}`);
      expect(status).toBe(200);
      pages += 1;
      seen.push(...body.data.map((item: { id: string }) => item.id));
      if (!body.hasNext) {
        expect(body).not.toHaveProperty('next');
        break;
      }
      expect(body.next).toMatch(/^%5B/);
      offset = body.next;
    }
    expect(pages).toBe(3);
    // Without confidentiality=all, Lever leaves confidential opportunities out.
    const plain = await get('/opportunities?limit=100&offset=');
    expect(
      plain.body.data.every(
        (item: { confidentiality: string }) => item.confidentiality === 'non-confidential',
      ),
    ).toBe(true);
    expect(new Set(seen).size).toBe(sim.tenant.opportunities.length);
    expect(seen).toEqual(sim.tenant.opportunities.map((item) => item.id));
  });

  it('accepts the offset token once-decoded as well as verbatim', async () => {
    const first = await get('/opportunities?limit=5');
    const decoded = decodeURIComponent(first.body.next as string);
    const a = await get(`/opportunities?limit=5&offset=${encodeURIComponent(first.body.next)}`);
    const b = await get(`/opportunities?limit=5&offset=${encodeURIComponent(decoded)}`);
    expect(a.status).toBe(200);
    expect(a.body.data.map((item: { id: string }) => item.id)).toEqual(
      b.body.data.map((item: { id: string }) => item.id),
    );
  });

  it('refuses an offset from another query, a forged one, and any after invalidation', async () => {
    const first = await get('/opportunities?limit=5');
    const other = await get(
      `/opportunities?limit=5&archived=true&offset=${encodeURIComponent(first.body.next)}`,
    );
    expect(other.status).toBe(400);
    expect(other.body).toEqual({
      code: 'BadRequestError',
      message: 'Invalid offset token: Offset token is invalid for sort',
    });
    expect((await get('/opportunities?offset=garbage')).status).toBe(400);
    sim.invalidateOffsets();
    const stale = await get(`/opportunities?limit=5&offset=${encodeURIComponent(first.body.next)}`);
    expect(stale.body.message).toMatch(/^Invalid offset token/);
  });

  it('refuses a limit outside 1..100', async () => {
    for (const limit of ['0', '101', 'ten']) {
      const { status, body } = await get(`/users?limit=${limit}`);
      expect(status).toBe(400);
      expect(body.code).toBe('BadRequestError');
    }
  });

  it('serves updatedAt null and leaves those records out of updated_at filters', async () => {
    const nulls = sim.tenant.opportunities.filter((item) => item.updatedAt === null);
    expect(nulls.length).toBeGreaterThan(50);
    const { body } = await get('/opportunities?updated_at_start=0&limit=100');
    expect(body.data.every((item: { updatedAt: number | null }) => item.updatedAt !== null)).toBe(
      true,
    );
    const created = sim.tenant.opportunities[10]!.createdAt;
    const recent = await get(
      `/opportunities?created_at_start=${created}&limit=100&confidentiality=all`,
    );
    expect(recent.body.data).toHaveLength(11);
  });

  it('expands applications into objects that name the posting', async () => {
    const withApp = sim.tenant.opportunities.find((item) => item.application)!;
    const { body } = await get(`/opportunities/${withApp.id}?expand=applications`);
    expect(body.data.applications[0]).toMatchObject({
      id: withApp.application!.id,
      opportunityId: withApp.id,
      posting: withApp.application!.posting,
    });
    expect(body.data.urls.show).toBe(`https://hire.lever.co/candidates/${withApp.id}`);
  });

  it('lists the five fixed stage ids among account-specific ones, in pipeline order', async () => {
    const { body } = await get('/stages');
    const ids = body.data.map((stage: { id: string }) => stage.id);
    expect(ids.slice(0, 4)).toEqual([
      'lead-new',
      'lead-reached-out',
      'lead-responded',
      'applicant-new',
    ]);
    expect(ids).toContain('offer');
    expect(ids.filter((id: string) => /^[0-9a-f-]{36}$/.test(id)).length).toBeGreaterThan(3);
    expect(body).toEqual({ data: expect.any(Array), hasNext: false });
  });

  it('has archive reasons of hired type and sources as {text, count}', async () => {
    const reasons = await get('/archive_reasons?type=hired');
    expect(reasons.body.data.length).toBeGreaterThan(0);
    expect(reasons.body.data.every((reason: { type: string }) => reason.type === 'hired')).toBe(
      true,
    );
    const sources = await get('/sources');
    expect(sources.body.data[0]).toEqual({ count: expect.any(Number), text: expect.any(String) });
  });
});

describe('Lever simulator: postings', () => {
  it('returns published postings on the public site only unless both channels are asked for', async () => {
    const internalOnly = sim.tenant.postings.find(
      (posting) =>
        posting.state === 'published' && posting.distributionChannels?.join() === 'internal',
    )!;
    const plain = await get('/postings?state=published');
    expect(plain.body.data.map((p: { id: string }) => p.id)).not.toContain(internalOnly.id);
    const both = await get(
      '/postings?state=published&distributionChannel=public&distributionChannel=internal',
    );
    expect(both.body.data.map((p: { id: string }) => p.id)).toContain(internalOnly.id);
  });

  it('refuses updated_at_ combined with anything but confidentiality', async () => {
    expect((await get('/postings?updated_at_start=0&confidentiality=all')).status).toBe(200);
    const { status, body } = await get('/postings?updated_at_start=0&state=published');
    expect(status).toBe(400);
    expect(body.message).toMatch(/only be used in combination with confidentiality/);
  });

  it('lists deleted postings by deleted_at_start', async () => {
    const victim = sim.tenant.postings.find((posting) => posting.state === 'draft')!;
    const before = Date.now();
    sim.mutations.deletePosting(victim.id);
    const { body } = await get(`/postings/deleted?deleted_at_start=${before}`);
    expect(body.data.map((item: { id: string }) => item.id)).toEqual([victim.id]);
  });
});

describe('Lever simulator: authentication and permissions', () => {
  it('answers 401 without credentials or with an unknown key, in the {code, message} shape', async () => {
    const none = await get('/users', {});
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ code: 'UnauthorizedError', message: expect.any(String) });
    expect((await get('/users', { authorization: basic('nope-nope-nope') })).status).toBe(401);
  });

  it('answers 403 when the key lacks the endpoint or confidential access', async () => {
    const limited = { authorization: basic('read-only-key-000') };
    expect((await get('/users?limit=1', limited)).status).toBe(200);
    expect((await get('/stages', limited)).status).toBe(403);
    expect((await get('/opportunities?confidentiality=all', limited)).status).toBe(403);
    // A write scope implies its read scope, but not the other way round.
    expect(
      (
        await send(
          'PUT',
          `/opportunities/${sim.tenant.opportunities[0]!.id}/stage`,
          { stage: 'offer' },
          limited,
        )
      ).status,
    ).toBe(403);
  });
});

describe('Lever simulator: writes', () => {
  const performer = () => sim.tenant.users[0]!.id;

  it('requires perform_as to create an opportunity, and links a known email to its contact (deduped)', async () => {
    const existing = sim.tenant.opportunities.find(
      (item) => sim.tenant.contacts.get(item.contact)!.emails.length > 0,
    )!;
    const email = sim.tenant.contacts.get(existing.contact)!.emails[0]!;
    const missing = await send('POST', '/opportunities', { name: 'X', emails: [email] });
    expect(missing.status).toBe(400);
    const posting = sim.tenant.postings.find((item) => item.state === 'published')!;
    const created = await send('POST', `/opportunities?perform_as=${performer()}`, {
      name: 'Someone Else',
      emails: [email.toUpperCase()],
      sources: ['Kula'],
      origin: 'sourced',
      postings: [posting.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.deduped).toBe(true);
    expect(created.body.data.contact).toBe(existing.contact);
    expect(created.body.data.id).not.toBe(existing.id);
    expect(created.body.data.stage).toBe('lead-new');
    expect(created.body.data.tags).toContain(posting.text);
    expect(created.body.data.applications).toHaveLength(1);
    expect(created.body.data.name).toBe(sim.tenant.contacts.get(existing.contact)!.name);

    const fresh = await send('POST', `/opportunities?perform_as=${performer()}`, {
      name: 'Brand New',
      emails: ['brand.new@example.org'],
    });
    expect(fresh.body.deduped).toBe(false);
    expect(fresh.body.data.applications).toEqual([]);
    const two = await send('POST', `/opportunities?perform_as=${performer()}`, {
      postings: [posting.id, sim.tenant.postings[1]!.id],
    });
    expect(two.status).toBe(400);
  });

  it('creates a lead from multipart with emails[] and a resumeFile that then lists as a resume', async () => {
    const form = new FormData();
    form.append('name', 'Multi Part');
    form.append('emails[]', 'multi.part@example.org');
    form.append('sources[]', 'Kula');
    form.append(
      'resumeFile',
      new Blob([Buffer.from('%PDF-1.4 hi')], { type: 'application/pdf' }),
      'cv.pdf',
    );
    const response = await fetch(`${sim.apiUrl}/opportunities?perform_as=${performer()}`, {
      method: 'POST',
      headers: AUTH,
      body: form,
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as {
      data: { id: string; emails: string[]; sources: string[] };
    };
    expect(created.data.emails).toEqual(['multi.part@example.org']);
    expect(created.data.sources).toEqual(['Kula']);
    const resumes = await get(`/opportunities/${created.data.id}/resumes`);
    expect(resumes.body.data).toHaveLength(1);
    expect(resumes.body.data[0].file.name).toBe('cv.pdf');
    const download = await fetch(resumes.body.data[0].file.downloadUrl, { headers: AUTH });
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 hi');
  });

  it('changes stage, archives, adds notes and files, and bumps updatedAt each time', async () => {
    const target = sim.tenant.opportunities.find((item) => item.updatedAt === null)!;
    const moved = await send('PUT', `/opportunities/${target.id}/stage?perform_as=${performer()}`, {
      stage: 'lead-reached-out',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.updatedAt).toEqual(expect.any(Number));
    expect(moved.body.data.stageChanges.at(-1)).toMatchObject({
      toStageId: 'lead-reached-out',
      toStageIndex: 1,
    });
    expect((await send('PUT', `/opportunities/${target.id}/stage`, { stage: 'nope' })).status).toBe(
      400,
    );

    const hired = sim.tenant.archiveReasons.find((reason) => reason.type === 'hired')!;
    const archived = await send('PUT', `/opportunities/${target.id}/archived`, {
      reason: hired.id,
    });
    expect(archived.body.data.archived).toMatchObject({ reason: hired.id });
    const restored = await send('PUT', `/opportunities/${target.id}/archived`, { reason: null });
    expect(restored.body.data.archived).toBeNull();

    const note = await send('POST', `/opportunities/${target.id}/notes`, { value: 'From Kula' });
    expect(note.status).toBe(201);
    expect(note.body.data).toMatchObject({
      noteId: note.body.data.id,
      user: null,
      fields: [{ value: 'From Kula' }],
    });
    const notes = await get(`/opportunities/${target.id}/notes`);
    expect(notes.body.data.map((item: { id: string }) => item.id)).toContain(note.body.data.id);

    const form = new FormData();
    form.append('file', new Blob([Buffer.from('hello')]), 'cover.txt');
    const noPerformer = await fetch(`${sim.apiUrl}/opportunities/${target.id}/files`, {
      method: 'POST',
      headers: AUTH,
      body: form,
    });
    expect(noPerformer.status).toBe(400);
    const file = await fetch(
      `${sim.apiUrl}/opportunities/${target.id}/files?perform_as=${performer()}`,
      {
        method: 'POST',
        headers: AUTH,
        body: form,
      },
    );
    expect(file.status).toBe(200);
    expect(sim.mutations.log.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining([
        'opportunity.stage',
        'opportunity.archived',
        'note.create',
        'file.create',
      ]),
    );
  });

  it('lists a deleted opportunity in /opportunities/deleted and no longer serves it', async () => {
    const victim = sim.tenant.opportunities[3]!;
    const before = Date.now();
    sim.mutations.deleteOpportunity(victim.id);
    const deleted = await get(`/opportunities/deleted?deleted_at_start=${before}`);
    expect(deleted.body.data).toEqual([
      { id: victim.id, deletedAt: expect.any(Number), deletedBy: null },
    ]);
    expect((await get(`/opportunities/${victim.id}`)).status).toBe(404);
  });
});

describe('Lever simulator: rate limits and faults', () => {
  it('allows a burst of 20, then answers 429 in the {code, message} shape', async () => {
    sim.setRateLimit({ enabled: true });
    const startedAt = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => get('/stages').then((r) => r.status)),
    );
    // The bucket refills at 10/s while the requests are in flight; on a loaded machine that can
    // be several tokens, so the ceiling allows exactly what the elapsed time refilled.
    const refilled = Math.ceil(((performance.now() - startedAt) / 1000) * 10);
    const answered = statuses.filter((status) => status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(20);
    expect(answered).toBeLessThanOrEqual(20 + refilled);
    expect(statuses).toContain(429);
  });

  it('holds POST /opportunities to the general limit only, as Lever documents', async () => {
    sim.setRateLimit({ enabled: true });
    // A key of its own, whose bucket no earlier test spent.
    const key = 'general-limit-key-7d1e';
    sim.addApiKey({ key });
    const statuses = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        send(
          'POST',
          `/opportunities?perform_as=${sim.tenant.users[0]!.id}`,
          { name: `General ${index}` },
          { authorization: basic(key) },
        ).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual([201, 201, 201, 201]);
  });

  it('holds POST /opportunities to 2 per second under the stricter reading, when asked to', async () => {
    sim.setRateLimit({ enabled: true, applicationPostsPerSecond: 2 });
    const statuses = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        send('POST', `/opportunities?perform_as=${sim.tenant.users[0]!.id}`, {
          name: `Burst ${index}`,
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
  });

  it('answers after its latency while holding no lock: concurrent requests overlap and count in flight', async () => {
    sim.setLatency(200, 0.1);
    try {
      const one = performance.now();
      expect((await get('/stages')).status).toBe(200);
      expect(performance.now() - one).toBeGreaterThanOrEqual(175);
      sim.inFlight.reset();
      const started = performance.now();
      const statuses = await Promise.all(
        Array.from({ length: 6 }, () => get('/stages').then((r) => r.status)),
      );
      const elapsed = performance.now() - started;
      expect(statuses).toEqual(Array(6).fill(200));
      // Six at once take about one latency (at most 220 ms), far less than six in a row.
      expect(elapsed).toBeGreaterThanOrEqual(175);
      expect(elapsed).toBeLessThan(900);
      const seen = sim.inFlight.stats();
      expect(seen).toMatchObject({ requests: 6, max: 6, open: 0 });
      expect(seen.mean).toBeGreaterThan(3);
    } finally {
      sim.setLatency(0);
    }
  });

  it('counts a request against the limit when it arrives: 429s come at once, admitted ones after the latency', async () => {
    sim.setLatency(300);
    sim.setRateLimit({ enabled: true, perSecond: 1, burst: 2 });
    try {
      const timed = () => {
        const started = performance.now();
        return get('/stages').then((r) => ({ status: r.status, ms: performance.now() - started }));
      };
      const answers = await Promise.all(Array.from({ length: 5 }, timed));
      const admitted = answers.filter((answer) => answer.status === 200);
      const refused = answers.filter((answer) => answer.status === 429);
      expect(admitted).toHaveLength(2);
      expect(refused).toHaveLength(3);
      for (const answer of admitted) expect(answer.ms).toBeGreaterThanOrEqual(290);
      for (const answer of refused) expect(answer.ms).toBeLessThan(290);
    } finally {
      sim.setRateLimit({ ...DEFAULT_RATE_LIMIT, enabled: false });
      sim.setLatency(0);
    }
  });

  it('injects queued faults with Lever-shaped error bodies and records them', async () => {
    sim.faults.queue('503', '500');
    const first = await get('/stages');
    expect(first).toEqual({
      status: 503,
      body: { code: 'ServiceUnavailable', message: expect.any(String) },
    });
    expect((await get('/stages')).status).toBe(500);
    expect((await get('/stages')).status).toBe(200);
    expect(sim.requests.entries.slice(-3).map((entry) => entry.fault)).toEqual([
      '503',
      '500',
      null,
    ]);
  });
});

describe('Lever simulator: OAuth server', () => {
  const redirectUri = LEVER_DEMO_CLIENT.redirectUris[0]!;
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');

  function authorizeUrl(overrides: Record<string, string | null> = {}): string {
    const params: Record<string, string | null> = {
      client_id: LEVER_DEMO_CLIENT.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      state: 'st-123',
      audience: sim.audience,
      scope: 'offline_access opportunities:read:admin stages:read:admin',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    };
    const url = new URL(`${sim.authUrl}/authorize`);
    for (const [key, value] of Object.entries(params))
      if (value !== null) url.searchParams.set(key, value);
    return url.toString();
  }

  async function consent(decision: 'accept' | 'deny', url = authorizeUrl()): Promise<URL> {
    const page = await fetch(url);
    const html = await page.text();
    const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const answer = await fetch(`${sim.authUrl}/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transaction, decision }).toString(),
      redirect: 'manual',
    });
    expect(answer.status).toBe(302);
    return new URL(answer.headers.get('location') ?? '');
  }

  async function token(form: Record<string, string>) {
    const response = await fetch(`${sim.authUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: LEVER_DEMO_CLIENT.clientId,
        client_secret: LEVER_DEMO_CLIENT.clientSecret,
        ...form,
      }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  it('shows a consent page that lists the requested permissions with Accept and Deny', async () => {
    const html = await (await fetch(authorizeUrl())).text();
    expect(html).toContain('Read pipeline stages');
    expect(html).toContain('Stay connected without asking you again');
    expect(html).toMatch(/value="accept"[^>]*>Accept</);
    expect(html).toMatch(/value="deny"[^>]*>Deny</);
  });

  it('never redirects to an unregistered callback, and redirects request errors with the state', async () => {
    const wrong = await fetch(authorizeUrl({ redirect_uri: 'http://127.0.0.1:9/callback' }), {
      redirect: 'manual',
    });
    expect(wrong.status).toBe(400);
    const noAudience = await fetch(authorizeUrl({ audience: null }), { redirect: 'manual' });
    const location = new URL(noAudience.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('st-123');
    const plain = await fetch(authorizeUrl({ code_challenge_method: 'plain' }), {
      redirect: 'manual',
    });
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_request',
    );
  });

  it('redirects a denial with error=access_denied and the state', async () => {
    const back = await consent('deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBe('user_did_not_authorize_the_request');
    expect(back.searchParams.get('state')).toBe('st-123');
  });

  it('exchanges a code once, checks PKCE, and issues a 1-hour Bearer token that reads the API', async () => {
    const bad = await consent('accept');
    const wrongVerifier = await token({
      grant_type: 'authorization_code',
      code: bad.searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: crypto.randomBytes(32).toString('base64url'),
    });
    expect(wrongVerifier).toMatchObject({ status: 403, body: { error: 'invalid_grant' } });

    const back = await consent('accept');
    expect(back.searchParams.get('state')).toBe('st-123');
    const exchange = {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    };
    const granted = await token(exchange);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
    });
    const claims = JSON.parse(
      Buffer.from(granted.body.access_token.split('.')[1], 'base64url').toString(),
    );
    expect(claims['https://oauth.lever.co/userId']).toBe(sim.tenant.users[0]!.id);
    const bearer = { authorization: `Bearer ${granted.body.access_token}` };
    expect((await get('/stages', bearer)).status).toBe(200);
    expect((await get('/users', bearer)).status).toBe(403);
    // A code used twice is refused, and what it granted is revoked, as OAuth servers should.
    expect((await token(exchange)).body.error).toBe('invalid_grant');
    expect((await get('/stages', bearer)).status).toBe(401);
  });

  it('rotates refresh tokens and treats a reused old one as theft: invalid_grant and the grant revoked', async () => {
    const first = sim.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, [
      'offline_access',
      'stages:read:admin',
    ]);
    const second = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const reused = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
    });
    expect(reused).toMatchObject({ status: 403, body: { error: 'invalid_grant' } });
    const afterTheft = await token({
      grant_type: 'refresh_token',
      refresh_token: second.body.refresh_token,
    });
    expect(afterTheft.body.error).toBe('invalid_grant');
    expect(
      (await get('/stages', { authorization: `Bearer ${second.body.access_token}` })).status,
    ).toBe(401);
  });

  it('expires access tokens on demand and refuses everything after the app is revoked', async () => {
    const issued = sim.oauth.issueTokens(LEVER_DEMO_CLIENT.clientId, [
      'offline_access',
      'stages:read:admin',
    ]);
    const bearer = { authorization: `Bearer ${issued.access_token as string}` };
    sim.oauth.expireAccessTokens();
    expect((await get('/stages', bearer)).status).toBe(401);
    const renewed = await token({
      grant_type: 'refresh_token',
      refresh_token: issued.refresh_token as string,
    });
    expect(renewed.status).toBe(200);
    sim.oauth.revokeClient(LEVER_DEMO_CLIENT.clientId);
    expect(
      (await get('/stages', { authorization: `Bearer ${renewed.body.access_token}` })).status,
    ).toBe(401);
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: renewed.body.refresh_token })).body
        .error,
    ).toBe('invalid_grant');
  });

  it('refuses a JSON token request and a wrong client secret', async () => {
    const json = await fetch(`${sim.authUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token' }),
    });
    expect(json.status).toBe(400);
    const wrong = await token({
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_secret: 'wrong',
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });
});

describe('Lever simulator: next pages prepared in the background', () => {
  async function walk(target: LeverSimulator): Promise<string[]> {
    const texts: string[] = [];
    let offset: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '100', confidentiality: 'all' });
      query.append('expand', 'applications');
      if (offset) query.set('offset', offset);
      const response = await fetch(`${target.apiUrl}/opportunities?${query}`, { headers: AUTH });
      const text = await response.text();
      texts.push(text);
      const body = JSON.parse(text) as Json;
      if (!body.hasNext) return texts;
      offset = body.next;
      // As a client's own work between pages would: the next page is ready before it is asked.
      if (target.prepared) await expect.poll(() => target.prepared?.size).toBe(1);
    }
  }

  function prepared(prepareNextPages = true) {
    return startLeverSimulator({
      tenant: { seed: 11, opportunities: 250, postings: 14 },
      rateLimit: { enabled: false },
      prepareNextPages,
    });
  }

  it('answers with exactly the pages it would render on request', async () => {
    const [ahead, plain] = [await prepared(), await prepared(false)];
    try {
      const [withPrepared, onRequest] = [await walk(ahead), await walk(plain)];
      expect(withPrepared).toEqual(onRequest);
      expect(ahead.prepared?.served).toBe(withPrepared.length - 1);
    } finally {
      await Promise.all([ahead.close(), plain.close()]);
    }
  });

  it('never serves a page prepared before a change or a token invalidation', async () => {
    const ahead = await prepared();
    try {
      const page = (offset: string) =>
        fetch(`${ahead.apiUrl}/opportunities?limit=100&offset=${encodeURIComponent(offset)}`, {
          headers: AUTH,
        }).then(async (response) => ({
          status: response.status,
          body: (await response.json()) as Json,
        }));
      const first = (await (
        await fetch(`${ahead.apiUrl}/opportunities?limit=100`, { headers: AUTH })
      ).json()) as Json;
      await expect.poll(() => ahead.prepared?.size).toBe(1);
      const listed = ahead.tenant.opportunities.filter(
        (item) => item.confidentiality === 'non-confidential',
      );
      const target = listed[100]!;
      ahead.mutations.changeStage(target.id, 'lead-reached-out', null);
      const second = await page(first.next);
      expect(second.body.data[0]).toMatchObject({ id: target.id, stage: 'lead-reached-out' });

      await expect.poll(() => ahead.prepared?.size).toBe(1);
      ahead.invalidateOffsets();
      expect((await page(second.body.next)).status).toBe(400);
      expect(ahead.prepared?.served).toBe(0);
    } finally {
      await ahead.close();
    }
  });
});
