import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ashbyPost, listAll } from './client';
import { startAshbySimulator, type AshbySimulator } from './server';

let sim: AshbySimulator;
let key: string;

beforeAll(async () => {
  sim = await startAshbySimulator({
    tenant: { candidates: 260, applications: 300, confidentialShare: 0.1 },
    paging: { incrementalCap: 50 },
  });
  key = sim.keys.full;
});

afterAll(async () => {
  await sim?.close();
});

const post = (path: string, body: unknown = {}, k: string | null = key) =>
  ashbyPost(sim.url, path, body, { key: k });

describe('Ashby simulator: transport and auth', () => {
  it('answers 401 without a key, 403 with a wrong or deactivated key, in plain text', async () => {
    const none = await post('/job.list', {}, null);
    expect(none.status).toBe(401);
    expect(none.json).toBeNull();
    const wrong = await post('/job.list', {}, 'not-a-real-key-123');
    expect(wrong.status).toBe(403);
    expect(wrong.text).toMatch(/invalid or has been deactivated/);
    expect((await post('/job.list', {}, sim.keys.deactivated)).status).toBe(403);
  });

  it('answers 403 missing_endpoint_permission in the JSON envelope for a module the key lacks', async () => {
    const response = await post('/candidate.list', {}, sim.keys.noCandidates);
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({
      success: false,
      errors: ['missing_endpoint_permission'],
      errorInfo: { code: 'missing_endpoint_permission' },
    });
    expect((await post('/apiKey.info', {}, sim.keys.noApiKeyInfo)).status).toBe(403);
  });

  it('requires POST with a JSON body and reports logical errors as HTTP 200 success:false', async () => {
    expect((await ashbyPost(sim.url, '/job.list', {}, { key, method: 'GET' })).status).toBe(405);
    expect(
      (await ashbyPost(sim.url, '/job.list', {}, { key, contentType: 'text/plain' })).status,
    ).toBe(415);
    const malformed = await ashbyPost(sim.url, '/job.list', '{"limit":', { key });
    expect(malformed.status).toBe(200);
    expect(malformed.json).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    const tooBig = await post('/candidate.list', { limit: 101 });
    expect(tooBig.status).toBe(200);
    expect(tooBig.json).toMatchObject({ success: false, errors: ['invalid_input'] });
    expect(typeof (tooBig.json?.errorInfo as { requestId?: unknown }).requestId).toBe('string');
    expect(tooBig.headers.get('x-ashby-request-id')).toMatch(/^[0-9A-Z]{26}$/);
    expect(tooBig.headers.get('ashby-version')).toBe('2026-01-01');
  });

  it('describes the key with apiKey.info and records requests by key title, never the key', async () => {
    const info = await post('/apiKey.info');
    expect(info.json).toMatchObject({
      success: true,
      results: { title: 'Kula integration', scopes: expect.arrayContaining(['candidates:read']) },
    });
    expect(sim.requests.allText()).not.toContain(key);
    expect(sim.requests.entries.at(-1)?.identity).toBe('Kula integration');
  });
});

describe('Ashby simulator: pagination and incremental sync', () => {
  it('pages with opaque cursors, at most `limit` per page, and a sync token only on the last page', async () => {
    const first = await post('/candidate.list', { limit: 40 });
    const page = first.json as {
      results: unknown[];
      moreDataAvailable: boolean;
      nextCursor: string;
    };
    expect(page.results).toHaveLength(40);
    expect(page.moreDataAvailable).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(first.json).not.toHaveProperty('syncToken');
    const all = await listAll(sim.url, '/candidate.list', key, { limit: 40 });
    expect(all.results).toHaveLength(sim.tenant.counts().candidates);
    expect(new Set(all.results.map((c) => c.id)).size).toBe(all.results.length);
    expect(all.syncToken).toEqual(expect.any(String));
  });

  it('returns exactly the changed records after a sync token, then a new token', async () => {
    const { syncToken } = await listAll(sim.url, '/candidate.list', key);
    const nothing = await listAll(sim.url, '/candidate.list', key, { syncToken });
    expect(nothing.results).toHaveLength(0);
    const target = sim.tenant.candidate(3)!;
    sim.tenant.updateCandidate(target.id, { name: 'Renamed Person' });
    const changed = await listAll(sim.url, '/candidate.list', key, { syncToken });
    expect(changed.results.map((c) => [c.id, c.name])).toEqual([[target.id, 'Renamed Person']]);
    expect(changed.syncToken).not.toBe(syncToken);
    expect(
      (await listAll(sim.url, '/candidate.list', key, { syncToken: changed.syncToken })).results,
    ).toHaveLength(0);
  });

  it('answers the documented token and cursor errors', async () => {
    const invalid = await post('/candidate.list', { syncToken: 'garbage' });
    expect(invalid.json?.errorInfo).toMatchObject({ code: 'sync_token_invalid' });

    const { syncToken } = await listAll(sim.url, '/application.list', key);
    sim.paging.expireSyncTokens();
    const expired = await post('/application.list', { syncToken });
    expect(expired.status).toBe(200);
    expect(expired.json).toMatchObject({ success: false, errors: ['sync_token_expired'] });

    const fresh = await listAll(sim.url, '/application.list', key);
    for (let i = 0; i < 60; i++) {
      const application = sim.tenant.application(i)!;
      sim.tenant.moveApplication(application.id, sim.tenant.stageById(application.stageId)!, null);
    }
    const tooLarge = await post('/application.list', { syncToken: fresh.syncToken });
    expect(tooLarge.json?.errorInfo).toMatchObject({ code: 'incremental_sync_too_large' });

    const page = (await post('/candidate.list', { limit: 10 })).json as { nextCursor: string };
    sim.paging.expireCursors();
    const stale = await post('/candidate.list', { limit: 10, cursor: page.nextCursor });
    expect(stale.json?.errorInfo).toMatchObject({ code: 'next_cursor_expired' });
    const tampered = await post('/candidate.list', { cursor: `${page.nextCursor}x` });
    expect(tampered.json?.errorInfo).toMatchObject({ code: 'invalid_next_cursor' });
  });
});

describe('Ashby simulator: tenant data', () => {
  it('hides confidential jobs and their candidates and applications from keys without access', async () => {
    const open = await listAll(sim.url, '/job.list', key);
    const everything = await listAll(sim.url, '/job.list', sim.keys.confidential);
    expect(everything.results.length).toBeGreaterThan(open.results.length);
    expect(open.results.every((job) => job.confidential === false)).toBe(true);
    const candidates = await listAll(sim.url, '/candidate.list', key);
    const allCandidates = await listAll(sim.url, '/candidate.list', sim.keys.confidential);
    expect(allCandidates.results.length).toBeGreaterThan(candidates.results.length);
    expect(candidates.results.length).toBe(sim.tenant.counts({ confidential: false }).candidates);
    expect(allCandidates.results.length).toBe(sim.tenant.counts({ confidential: true }).candidates);
  });

  it('has several interview plans with custom stages, and each job’s plan through jobInterviewPlan.info', async () => {
    const plans = (await listAll(sim.url, '/interviewPlan.list', key, { includeArchived: true }))
      .results;
    expect(plans.length).toBeGreaterThanOrEqual(4);
    const stages = await post('/interviewStage.list', { interviewPlanId: plans[1]!.id });
    const titles = (stages.json?.results as Array<{ title: string; type: string }>).map(
      (s) => s.title,
    );
    expect(titles).toEqual(
      expect.arrayContaining(['New Lead', 'Take-home Assignment', 'Archived']),
    );
    const job = sim.tenant.jobs[0]!;
    const info = await post('/jobInterviewPlan.info', { jobId: job.id });
    expect(info.json).toMatchObject({
      results: { jobId: job.id, interviewPlanId: sim.tenant.plans[job.defaultPlanIndex]!.id },
    });
    // The recorded quirk: a job's default plan is not always among its interviewPlanIds.
    expect(
      sim.tenant.jobs.some(
        (j) => !j.interviewPlanIds.includes(sim.tenant.plans[j.defaultPlanIndex]!.id),
      ),
    ).toBe(true);
  });

  it('lists sources with their types, including Kula under Integration, and archive reasons', async () => {
    const sources = (await post('/source.list', { includeArchived: true })).json?.results as Array<{
      title: string;
      sourceType: { title: string };
    }>;
    expect(sources).toContainEqual(
      expect.objectContaining({
        title: 'Kula',
        sourceType: expect.objectContaining({ title: 'Integration' }),
      }),
    );
    const reasons = (await post('/archiveReason.list', {})).json?.results as unknown[];
    expect(reasons.length).toBeGreaterThan(3);
  });

  it('builds the same tenant from the same seed', async () => {
    const other = await startAshbySimulator({
      tenant: { candidates: 260, applications: 300, confidentialShare: 0.1 },
    });
    try {
      const a = (
        await ashbyPost(other.url, '/candidate.list', { limit: 5 }, { key: other.keys.full })
      ).json?.results;
      const fresh = await startAshbySimulator({
        tenant: { candidates: 260, applications: 300, confidentialShare: 0.1 },
      });
      const b = (
        await ashbyPost(fresh.url, '/candidate.list', { limit: 5 }, { key: fresh.keys.full })
      ).json?.results;
      await fresh.close();
      expect(b).toEqual(a);
    } finally {
      await other.close();
    }
  });
});

describe('Ashby simulator: writes', () => {
  it('creates a candidate and an application in the first Lead stage, moves and archives it, and logs each mutation', async () => {
    const kula = sim.tenant.sources.find((source) => source.title === 'Kula')!;
    const created = await post('/candidate.create', {
      name: 'Ada Test',
      email: 'ada.test@example.com',
      sourceId: kula.id,
    });
    const candidate = created.json?.results as { id: string; source: { title: string } };
    expect(candidate.source.title).toBe('Kula');
    const found = await post('/candidate.search', { email: 'ada.test@example.com' });
    expect((found.json?.results as Array<{ id: string }>).map((c) => c.id)).toEqual([candidate.id]);

    const job = sim.tenant.jobs.find((j) => j.status === 'Open' && !j.confidential)!;
    const application = (
      await post('/application.create', {
        candidateId: candidate.id,
        jobId: job.id,
        sourceId: kula.id,
      })
    ).json?.results as { id: string; status: string };
    expect(application.status).toBe('Lead');
    const plan = sim.tenant.plans[job.defaultPlanIndex]!;
    const archived = plan.stages.find((stage) => stage.type === 'Archived')!;
    const missingReason = await post('/application.changeStage', {
      applicationId: application.id,
      interviewStageId: archived.id,
    });
    expect(missingReason.json?.errorInfo).toMatchObject({ code: 'invalid_input' });
    const foreignStage = sim.tenant.plans[(job.defaultPlanIndex + 1) % 4]!.stages[4]!;
    const wrongPlan = await post('/application.changeStage', {
      applicationId: application.id,
      interviewStageId: foreignStage.id,
    });
    expect(wrongPlan.json?.errorInfo).toMatchObject({ code: 'interview_stage_not_found' });
    const moved = await post('/application.changeStage', {
      applicationId: application.id,
      interviewStageId: archived.id,
      archiveReasonId: sim.tenant.archiveReasons[0]!.id,
    });
    expect(moved.json?.results).toMatchObject({
      status: 'Archived',
      archiveReason: { id: sim.tenant.archiveReasons[0]!.id },
    });
    expect(sim.tenant.mutations.map((m) => m.action)).toEqual(
      expect.arrayContaining(['candidate.create', 'application.create', 'application.changeStage']),
    );
  });

  it('adds notes, and attaches a resume uploaded to the presigned URL', async () => {
    const candidate = sim.tenant.candidate(1)!;
    await post('/candidate.createNote', { candidateId: candidate.id, note: 'Met at the meetup' });
    const notes = await post('/candidate.listNotes', { candidateId: candidate.id });
    expect((notes.json?.results as Array<{ content: string }>).map((n) => n.content)).toEqual([
      'Met at the meetup',
    ]);

    const handle = (
      await post('/file.createFileUploadHandle', {
        fileUploadContext: 'CandidateResume',
        filename: 'cv.pdf',
        contentType: 'application/pdf',
        contentLength: 11,
      })
    ).json?.results as { handle: string; url: string; fields: Record<string, string> };
    const early = await post('/candidate.uploadResume', {
      candidateId: candidate.id,
      resumeHandle: handle.handle,
    });
    expect(early.json?.errorInfo).toMatchObject({ code: 'invalid_input' });
    const form = new FormData();
    for (const [name, value] of Object.entries(handle.fields)) form.append(name, value);
    form.append('file', new Blob([Buffer.from('%PDF-1.4 hi')]), 'cv.pdf');
    const upload = await fetch(handle.url, { method: 'POST', body: form });
    expect(upload.status).toBe(204);
    const attached = await post('/candidate.uploadResume', {
      candidateId: candidate.id,
      resumeHandle: handle.handle,
    });
    expect(attached.json?.results).toMatchObject({ resumeFileHandle: { name: 'cv.pdf' } });
  });
});

describe('Ashby simulator: rate limits and faults', () => {
  it('answers 429 per key with Retry-After, and the partner-wide variant with its scope header', async () => {
    sim.setRateLimit({ perSecond: 1, burst: 2, retryAfter: 'seconds' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('/job.list')).status);
      expect(statuses).toContain(429);
      const limited = await post('/job.list');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.json).toMatchObject({
        success: false,
        errorInfo: { code: 'rate_limit_exceeded' },
      });
      expect(limited.headers.get('x-ratelimit-scope')).toBeNull();
    } finally {
      sim.setRateLimit(null);
    }
    sim.throttlePartner(1000);
    const partner = await post('/job.list');
    expect(partner.status).toBe(429);
    expect(partner.headers.get('x-ratelimit-scope')).toBe('integration-partner');
    sim.throttlePartner(0);
  });

  it('answers after its latency while holding no lock: concurrent requests overlap and count in flight', async () => {
    sim.setLatency(200, 0.1);
    try {
      const one = performance.now();
      expect((await post('/job.list')).status).toBe(200);
      expect(performance.now() - one).toBeGreaterThanOrEqual(175);
      sim.inFlight.reset();
      const started = performance.now();
      const statuses = await Promise.all(
        Array.from({ length: 6 }, () => post('/job.list').then((r) => r.status)),
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
    sim.setRateLimit({ perSecond: 1, burst: 2, retryAfter: 'seconds' });
    try {
      const timed = () => {
        const started = performance.now();
        return post('/job.list').then((r) => ({
          status: r.status,
          ms: performance.now() - started,
        }));
      };
      const answers = await Promise.all(Array.from({ length: 5 }, timed));
      const admitted = answers.filter((answer) => answer.status === 200);
      const refused = answers.filter((answer) => answer.status === 429);
      expect(admitted).toHaveLength(2);
      expect(refused).toHaveLength(3);
      for (const answer of admitted) expect(answer.ms).toBeGreaterThanOrEqual(290);
      for (const answer of refused) expect(answer.ms).toBeLessThan(290);
    } finally {
      sim.setRateLimit(null);
      sim.setLatency(0);
    }
  });

  it('injects queued faults and Ashby errors, then recovers', async () => {
    sim.faults.queue('503');
    expect((await post('/job.list')).status).toBe(503);
    sim.faults.queue('malformed-json');
    expect((await post('/job.list')).json).toBeNull();
    sim.queueError('/job.list', 'sync_token_expired');
    expect((await post('/job.list')).json?.errorInfo).toMatchObject({ code: 'sync_token_expired' });
    expect((await post('/job.list')).json?.success).toBe(true);
  });
});
