import { afterEach, describe, expect, it } from 'vitest';
import {
  GREENHOUSE_DEMO_CREDENTIAL,
  GREENHOUSE_IP_RESTRICTED_CREDENTIAL,
  GREENHOUSE_READ_ONLY_CREDENTIAL,
  startGreenhouseSimulator,
  type GreenhouseSimulator,
  type GreenhouseSimulatorOptions,
} from './server';
import { ADMIN_USER_ID, BASIC_USER_ID, RECRUITER_USER_ID } from './tenant';

let sim: GreenhouseSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function start(options: GreenhouseSimulatorOptions = {}) {
  sim = await startGreenhouseSimulator({ tenant: { candidates: 120, jobs: 6 }, ...options });
  return sim;
}

async function token(
  s: GreenhouseSimulator,
  sub: number | null = ADMIN_USER_ID,
  credential = GREENHOUSE_DEMO_CREDENTIAL,
) {
  const response = await fetch(`${s.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${credential.clientId}:${credential.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials${sub === null ? '' : `&sub=${sub}`}`,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function api(
  s: GreenhouseSimulator,
  access: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
) {
  const response = await fetch(path.startsWith('http') ? path : `${s.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${access}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as unknown,
  };
}

async function access(s: GreenhouseSimulator, sub: number | null = ADMIN_USER_ID) {
  return String((await token(s, sub)).body.access_token);
}

describe('Greenhouse simulator: the token host', () => {
  it('answers each bad token request as recorded on the wire, echoing a malformed client id', async () => {
    const s = await start();
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${s.url}/token`, { method: 'POST', headers, body }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    const basic = (id: string, secret: string) => ({
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    });
    expect((await post({}, 'grant_type=client_credentials')).status).toBe(401);
    const malformed = await post(basic('notaclient', 'x'), 'grant_type=client_credentials');
    expect(malformed).toMatchObject({
      status: 400,
      body: { message: 'client_id=notaclient does not contain a valid client ID suffix' },
    });
    expect(await post(basic('someone-9', 'nope'), 'grant_type=client_credentials')).toEqual({
      status: 401,
      body: { error: 'invalid_client' },
    });
    const id = GREENHOUSE_DEMO_CREDENTIAL.clientId;
    const secret = GREENHOUSE_DEMO_CREDENTIAL.clientSecret;
    expect((await post(basic(id, secret), 'sub=1')).body.message).toMatch(/grant_type/);
    expect((await post(basic(id, secret), 'grant_type=not_a_grant')).body.message).toMatch(
      /grant_type=not_a_grant is invalid/,
    );
  });

  it('sends expires_in, expires_at or both, and the token acts as the requested user', async () => {
    const s = await start({ token: { expiryField: 'expires_at' } });
    const minted = await token(s, RECRUITER_USER_ID);
    expect(minted.body.expires_in).toBeUndefined();
    expect(typeof minted.body.expires_at).toBe('string');
    const claims = JSON.parse(
      Buffer.from(String(minted.body.access_token).split('.')[1]!, 'base64url').toString(),
    ) as { sub: string };
    expect(claims.sub).toBe(String(RECRUITER_USER_ID));
  });

  it('with single active tokens, minting again revokes the previous token', async () => {
    const s = await start({ token: { singleActiveToken: true } });
    const first = await access(s);
    expect((await api(s, first, '/v3/sources')).status).toBe(200);
    await access(s);
    expect((await api(s, first, '/v3/sources')).status).toBe(401);
  });
});

describe('Greenhouse simulator: reads', () => {
  it('routes before it authenticates: an unknown path is 404 even without a token', async () => {
    const s = await start();
    expect(await api(s, 'nonsense', '/v3/widgets')).toMatchObject({
      status: 404,
      body: { message: 'Resource not found' },
    });
    expect(await api(s, 'nonsense', '/v3/jobs')).toMatchObject({
      status: 401,
      body: { message: 'Unauthorized' },
    });
    expect((await api(s, 'nonsense', '/v1/candidates')).status).toBe(404);
  });

  it('pages id-descending with a Link next whose cursor must travel alone', async () => {
    const s = await start();
    const tokenText = await access(s);
    const first = await api(s, tokenText, '/v3/candidates?per_page=50');
    const ids = (first.body as Array<{ id: number }>).map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const link = first.headers.get('link') ?? '';
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
    expect(next).toContain('cursor=');
    const mixed = await api(s, tokenText, `${next}&per_page=50`);
    expect(mixed).toMatchObject({
      status: 422,
      body: { errors: ['When passing a cursor, do not include other query params.'] },
    });
    const all: number[] = [...ids];
    let url: string | null = next;
    while (url) {
      const page = await api(s, tokenText, url);
      all.push(...(page.body as Array<{ id: number }>).map((c) => c.id));
      url = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(new Set(all).size).toBe(s.tenant.candidates.size);
  });

  it('refuses what Harvest refuses with 422: per_page over 500, status=in_process, unknown parameters, both date filters', async () => {
    const s = await start();
    const t = await access(s);
    expect((await api(s, t, '/v3/jobs?per_page=600')).body).toEqual({
      message: 'Unprocessable Content',
      errors: [{ per_page: '`600` number is greater than: 500' }],
    });
    expect((await api(s, t, '/v3/applications?status=in_process')).status).toBe(422);
    expect((await api(s, t, '/v3/rejection_details?job_ids=1')).status).toBe(422);
    expect(
      (
        await api(
          s,
          t,
          '/v3/candidates?created_at=gte|2020-01-01T00:00:00Z&updated_at=gte|2020-01-01T00:00:00Z',
        )
      ).status,
    ).toBe(422);
    const ids = Array.from({ length: 51 }, (_, i) => i + 1).join(',');
    expect((await api(s, t, `/v3/candidates?ids=${ids}`)).status).toBe(422);
  });

  it('takes the two-sided date window, or refuses it under the stricter reading', async () => {
    const s = await start();
    const t = await access(s);
    const window = 'updated_at=gte|2000-01-01T00:00:00Z|lte|2100-01-01T00:00:00Z';
    expect((await api(s, t, `/v3/jobs?${window}`)).status).toBe(200);
    s.options.twoSidedDates = false;
    expect((await api(s, t, `/v3/jobs?${window}`)).status).toBe(422);
    expect((await api(s, t, '/v3/jobs?updated_at=gte|2000-01-01T00:00:00Z')).status).toBe(200);
  });

  it('expires cursors when told to', async () => {
    let clock = Date.now();
    const s = await start({ now: () => clock, cursorTtlMs: 1000 });
    const t = await access(s);
    const first = await api(s, t, '/v3/candidates?per_page=10');
    const next = /<([^>]+)>/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
    clock += 5000;
    expect((await api(s, t, next)).status).toBe(422);
  });

  it('sends rate-limit headers, then 429 with Retry-After once the 30-second window is spent', async () => {
    const s = await start({ rateLimit: { limit: 3 } });
    const t = await access(s);
    const first = await api(s, t, '/v3/sources');
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    await api(s, t, '/v3/sources');
    await api(s, t, '/v3/sources');
    const limited = await api(s, t, '/v3/sources');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(s.throttled).toBe(1);
  });

  it('checks scopes and the Site Admin rule, and a restricted IP is refused', async () => {
    const s = await start();
    const readOnly = String(
      (await token(s, ADMIN_USER_ID, GREENHOUSE_READ_ONLY_CREDENTIAL)).body.access_token,
    );
    expect((await api(s, readOnly, '/v3/jobs')).status).toBe(200);
    expect(
      (await api(s, readOnly, '/v3/notes', { method: 'POST', body: { candidate_id: 1 } })).status,
    ).toBe(403);
    expect((await api(s, await access(s, BASIC_USER_ID), '/v3/jobs')).status).toBe(403);
    s.options.nonAdminLists = 'empty';
    expect((await api(s, await access(s, BASIC_USER_ID), '/v3/jobs')).body).toEqual([]);
    expect((await api(s, await access(s, null), '/v3/jobs')).status).toBe(200);
    s.options.serviceUserIsSiteAdmin = false;
    expect((await api(s, await access(s, null), '/v3/jobs')).body).toEqual([]);
    const office = String(
      (await token(s, ADMIN_USER_ID, GREENHOUSE_IP_RESTRICTED_CREDENTIAL)).body.access_token,
    );
    expect((await api(s, office, '/v3/jobs')).status).toBe(403);
  });

  it('lists rejection reasons without the built-in ones unless include_defaults=true, and hides service users', async () => {
    const s = await start();
    const t = await access(s);
    const custom = (await api(s, t, '/v3/rejection_reasons')).body as unknown[];
    const all = (await api(s, t, '/v3/rejection_reasons?include_defaults=true')).body as unknown[];
    expect(custom.length).toBeLessThan(all.length);
    const users = (await api(s, t, '/v3/users')).body as Array<{ primary_email: string | null }>;
    const withService = (await api(s, t, '/v3/users?show_service_accounts=true')).body as unknown[];
    expect(withService.length).toBe(users.length + 1);
  });
});

describe('Greenhouse simulator: writes', () => {
  async function openJob(s: GreenhouseSimulator) {
    const job = [...s.tenant.jobs.values()].find((j) => j.status === 'open')!;
    const stages = [...s.tenant.jobInterviewStages.values()]
      .filter((stage) => stage.job_id === job.id)
      .sort((a, b) => a.sort_order - b.sort_order);
    return { job, stages };
  }

  it('creates a candidate and an application, recording who acted; never dedupes', async () => {
    const s = await start();
    const t = await access(s, RECRUITER_USER_ID);
    const { job, stages } = await openJob(s);
    const body = {
      first_name: 'Jane',
      last_name: 'Doe',
      email_addresses: [{ value: 'jane@example.com', type: 'personal' }],
    };
    const created = await api(s, t, '/v3/candidates', { method: 'POST', body });
    expect(created.status).toBe(201);
    const again = await api(s, t, '/v3/candidates', { method: 'POST', body });
    expect((again.body as { id: number }).id).not.toBe((created.body as { id: number }).id);
    const application = await api(s, t, '/v3/applications', {
      method: 'POST',
      body: { candidate_id: (created.body as { id: number }).id, job_id: job.id, source_id: 632 },
    });
    expect(application.body).toMatchObject({
      status: 'in_process',
      source_id: 632,
      job_interview_stage_id: stages[0]!.id,
      stage_name: 'Application Review',
    });
    expect(
      (
        await api(s, t, '/v3/applications', {
          method: 'POST',
          body: { candidate_id: 1, job_id: job.id, extra: 1 },
        })
      ).status,
    ).toBe(422);
    expect(s.mutations.log.map((m) => [m.kind, m.actingUserId])).toEqual([
      ['candidate.create', RECRUITER_USER_ID],
      ['candidate.create', RECRUITER_USER_ID],
      ['application.create', RECRUITER_USER_ID],
    ]);
  });

  it('answers a candidate create asynchronously and lists the candidate only later, when told to', async () => {
    let clock = Date.now();
    const s = await start({
      now: () => clock,
      writes: { candidateCreateAnswer: 'async', asyncCandidateDelayMs: 1000 },
    });
    const t = await access(s);
    const created = await api(s, t, '/v3/candidates', {
      method: 'POST',
      body: { first_name: 'Al', last_name: 'Sync', email_addresses: [{ value: 'al@example.com' }] },
    });
    expect(created).toMatchObject({ status: 202, body: { message: expect.any(String) } });
    expect((await api(s, t, '/v3/candidates?email=AL@example.com')).body).toEqual([]);
    clock += 2000;
    expect((await api(s, t, '/v3/candidates?email=AL@example.com')).body).toHaveLength(1);
  });

  it('moves only from the current stage, by the reading the switch names', async () => {
    const s = await start();
    const t = await access(s);
    const { job, stages } = await openJob(s);
    const app = (
      await api(s, t, '/v3/applications', {
        method: 'POST',
        body: { candidate_id: [...s.tenant.candidates.keys()][0], job_id: job.id },
      })
    ).body as { id: number; stage_id: number; job_interview_stage_id: number };
    const move = (from: number) =>
      api(s, t, `/v3/applications/${app.id}/move`, {
        method: 'POST',
        body: { from_stage_id: from, to_stage_id: stages[1]!.id },
      });
    expect((await move(app.job_interview_stage_id)).status).toBe(422);
    expect((await move(app.stage_id)).status).toBe(204);
    expect((await move(app.stage_id)).status).toBe(422);
    s.mutations.options.moveFromStage = 'job_interview_stage';
    const now = s.tenant.applications.get(app.id)!;
    expect(
      (
        await api(s, t, `/v3/applications/${app.id}/move`, {
          method: 'POST',
          body: { from_stage_id: now.job_interview_stage_id, to_stage_id: stages[2]!.id },
        })
      ).status,
    ).toBe(204);
    const history = (await api(s, t, `/v3/application_stages?application_ids=${app.id}`))
      .body as Array<{ current: boolean }>;
    expect(history.filter((row) => row.current)).toHaveLength(1);
    expect(history).toHaveLength(3);
  });

  it('rejects with a required reason (422 when already rejected) and unrejects to the last stage', async () => {
    const s = await start();
    const t = await access(s);
    const app = [...s.tenant.applications.values()].find(
      (a) => a.status === 'in_process' && a.job_id !== null,
    )!;
    const stageBefore = app.job_interview_stage_id;
    const reject = (body: unknown) =>
      api(s, t, `/v3/applications/${app.id}/reject`, { method: 'POST', body });
    expect((await reject({})).status).toBe(422);
    expect((await reject({ rejection_reason_id: 262 })).status).toBe(204);
    expect((await reject({ rejection_reason_id: 262 })).status).toBe(422);
    expect(s.tenant.applications.get(app.id)).toMatchObject({
      status: 'rejected',
      rejection_reason_id: 262,
    });
    const details = (await api(s, t, `/v3/rejection_details?application_ids=${app.id}`)).body;
    expect(details).toHaveLength(1);
    expect(
      (await api(s, t, `/v3/applications/${app.id}/unreject`, { method: 'POST', body: {} })).status,
    ).toBe(204);
    expect(s.tenant.applications.get(app.id)).toMatchObject({
      status: 'in_process',
      job_interview_stage_id: stageBefore,
    });
  });

  it('takes notes with create-side visibility only, and enforces the EMAIL fields', async () => {
    const s = await start();
    const t = await access(s);
    const candidate = [...s.tenant.candidates.keys()][0]!;
    const note = (body: Record<string, unknown>) =>
      api(s, t, '/v3/notes', {
        method: 'POST',
        body: { candidate_id: candidate, body: 'Hi', ...body },
      });
    expect((await note({ visibility: 'publicly_visible' })).status).toBe(422);
    const created = await note({ visibility: 'public', note_type: 'NOTE' });
    expect(created).toMatchObject({
      status: 201,
      body: { visibility: 'publicly_visible', user_id: ADMIN_USER_ID },
    });
    expect((await note({ visibility: 'public', note_type: 'EMAIL', subject: 'x' })).status).toBe(
      422,
    );
    expect((await note({ visibility: 'public', subject: 'x' })).status).toBe(422);
  });

  it('uploading a resume turns the previous resume into "other"', async () => {
    const s = await start();
    const t = await access(s);
    const app = [...s.tenant.applications.values()][0]!;
    const upload = (filename: string) =>
      api(s, t, '/v3/attachments', {
        method: 'POST',
        body: {
          application_id: app.id,
          filename,
          type: 'resume',
          content: Buffer.from('pdf').toString('base64'),
        },
      });
    expect((await upload('one.pdf')).status).toBe(201);
    expect((await upload('two.pdf')).status).toBe(201);
    const files = (await api(s, t, `/v3/attachments?application_ids=${app.id}`)).body as Array<{
      filename: string;
      type: string;
    }>;
    expect(files.map((file) => [file.filename, file.type]).sort()).toEqual([
      ['one.pdf', 'other'],
      ['two.pdf', 'resume'],
    ]);
  });

  it('deletes and merges candidates without a trace in any list', async () => {
    const s = await start();
    const t = await access(s);
    const [loser, winner, deleted] = [...s.tenant.candidates.keys()];
    const moved = [...s.tenant.applications.values()].filter((a) => a.candidate_id === loser);
    s.mutations.mergeCandidates(loser!, winner!);
    s.mutations.deleteCandidate(deleted!);
    const ids = (await api(s, t, `/v3/candidates?ids=${loser},${winner},${deleted}`))
      .body as Array<{ id: number }>;
    expect(ids.map((c) => c.id)).toEqual([winner]);
    const apps = (await api(s, t, `/v3/applications?ids=${moved.map((a) => a.id).join(',')}`))
      .body as Array<{ candidate_id: number }>;
    expect(apps.every((a) => a.candidate_id === winner)).toBe(true);
  });

  it('logs requests and injects faults, including a write whose answer is lost', async () => {
    const s = await start();
    const t = await access(s);
    s.faults.queue('503');
    expect((await api(s, t, '/v3/jobs')).status).toBe(503);
    s.faults.queue('lost-response');
    const before = s.tenant.notes.size;
    await expect(
      api(s, t, '/v3/notes', {
        method: 'POST',
        body: { candidate_id: [...s.tenant.candidates.keys()][0], body: 'x', visibility: 'public' },
      }),
    ).rejects.toThrow();
    expect(s.tenant.notes.size).toBe(before + 1);
    expect(s.requests.entries.map((entry) => entry.fault).filter(Boolean)).toEqual([
      '503',
      'lost-response',
    ]);
  });
});
