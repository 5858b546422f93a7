import type { DB } from '../../src/main/core/db/database';
import { insertConnection } from '../../src/main/core/db/repos/connections';
import type { ProviderKind } from '../../src/shared/domain/connections';

/**
 * Cache rows written directly, shaped as the providers write them (records.ts): an Ashby-like
 * tenant with several interview plans and custom stages, and a Lever-like pipeline (the stages of
 * a real Lever account: fixed ids for the required stages, UUIDs for the account's own). The
 * mapping reads only the cache, so these are a legitimate input for its tests.
 */

export interface StageFixture {
  id: string;
  plan: string | null;
  title: string;
  type: string | null;
  position: number;
}

export interface ReasonFixture {
  id: string;
  title: string;
  type: string | null;
  archived?: boolean;
}

export interface JobFixture {
  id: string;
  title: string;
  plans: string[];
  defaultPlan?: string | null;
  open?: boolean;
}

export interface TenantFixture {
  plans: Array<{ id: string; title: string; archived?: boolean }>;
  stages: StageFixture[];
  reasons: ReasonFixture[];
  jobs: JobFixture[];
}

const ASHBY_PLAN_STAGES: Record<string, Array<[string, string]>> = {
  'plan-eng': [
    ['New Lead', 'Lead'],
    ['Reached Out', 'Lead'],
    ['Replied', 'Lead'],
    ['Application Review', 'PreInterviewScreen'],
    ['Recruiter Screen', 'Active'],
    ['Technical Interview', 'Active'],
    ['Onsite', 'Active'],
    ['Offer', 'Offer'],
    ['Hired', 'Hired'],
    ['Archived', 'Archived'],
  ],
  'plan-sales': [
    ['New Lead', 'Lead'],
    ['Reached Out', 'Lead'],
    ['Replied', 'Lead'],
    ['Application Review', 'PreInterviewScreen'],
    ['Phone Screen', 'Active'],
    ['Panel Interview', 'Active'],
    ['Offer', 'Offer'],
    ['Hired', 'Hired'],
    ['Archived', 'Archived'],
  ],
  'plan-exec': [
    ['New Lead', 'Lead'],
    ['Reached Out', 'Lead'],
    ['Replied', 'Lead'],
    ['CV Review', 'PreInterviewScreen'],
    ['Founder Chat', 'Active'],
    ['Board Interview', 'Active'],
    ['Offer', 'Offer'],
    ['Hired', 'Hired'],
    ['Archived', 'Archived'],
  ],
};

export function ashbyTenant(): TenantFixture {
  const stages: StageFixture[] = [];
  for (const [plan, list] of Object.entries(ASHBY_PLAN_STAGES)) {
    // Ashby's orderInInterviewPlan is not contiguous (4, 5, 10…).
    list.forEach(([title, type], index) =>
      stages.push({
        id: `${plan}-${title.toLowerCase().replace(/\s+/g, '-')}`,
        plan,
        title,
        type,
        position: index * 5 + 1,
      }),
    );
  }
  return {
    plans: [
      { id: 'plan-eng', title: 'Engineering' },
      { id: 'plan-sales', title: 'Sales' },
      { id: 'plan-exec', title: 'Executive' },
    ],
    stages,
    reasons: [
      { id: 'ar-not-fit', title: 'Not a fit', type: 'RejectedByOrg' },
      { id: 'ar-withdrew', title: 'Withdrew', type: 'RejectedByCandidate' },
      { id: 'ar-filled', title: 'Position filled', type: 'Other' },
      { id: 'ar-old', title: 'Legacy reason', type: 'RejectedByOrg', archived: true },
    ],
    jobs: [
      {
        id: 'job-backend',
        title: 'Backend Engineer',
        plans: ['plan-eng'],
        defaultPlan: 'plan-eng',
      },
      { id: 'job-frontend', title: 'Frontend Engineer', plans: ['plan-eng'] },
      {
        id: 'job-ae',
        title: 'Account Executive',
        plans: ['plan-sales'],
        defaultPlan: 'plan-sales',
      },
      { id: 'job-cto', title: 'CTO', plans: ['plan-exec'], open: false },
    ],
  };
}

/** A real Lever account's `GET /v1/stages` answer, with the pipeline section as the stage type. */
export function leverTenant(): TenantFixture {
  const stages: Array<[string, string, string]> = [
    ['lead-new', 'New lead', 'lead'],
    ['lead-reached-out', 'Reached out', 'lead'],
    ['lead-responded', 'Responded', 'lead'],
    ['applicant-new', 'New applicant', 'applicant'],
    ['49422c7e-5b86-4a06-9386-d432f6e98d57', 'HM Review', 'interview'],
    ['2ca03d97-d4f2-4a97-89de-96c8b0d07924', 'Recruiter screen', 'interview'],
    ['68f08350-a035-4d89-83c2-79164dbf2cf8', 'HM Screen', 'interview'],
    ['25cba92d-7eaf-4d42-83f9-38874c95ef1b', 'On-site interview', 'interview'],
    ['1d8976ae-3fd9-44ed-bf5b-4aa019929779', 'Reference check', 'interview'],
    ['offer', 'Offer', 'offer'],
    ['c78a59b9-0f6c-42a1-8cac-c7911d3e450d', 'Background Check', 'offer'],
  ];
  return {
    plans: [],
    stages: stages.map(([id, title, type], position) => ({
      id,
      plan: null,
      title,
      type,
      position,
    })),
    reasons: [
      { id: 'c97322d4-a7f3-4008-948c-4f8e9c58d372', title: 'Timing', type: 'non-hired' },
      {
        id: '82cc825e-90ad-4f22-a449-0b73955bac9c',
        title: 'No Response - OLD',
        type: 'non-hired',
        archived: true,
      },
      { id: '0092d31b-502b-4f0d-b4da-3827e1a2991f', title: 'Hired', type: 'hired' },
      { id: 'd7c1c8a4-4c1e-4a55-9a51-5f1d6c2b8e11', title: 'Withdrew', type: 'non-hired' },
      { id: 'e2b0f6d2-2f7a-4a6e-8d61-0c9b7f3a1d22', title: 'Underqualified', type: 'non-hired' },
    ],
    jobs: [
      { id: 'posting-1', title: 'Senior Engineer', plans: [] },
      { id: 'posting-2', title: 'Account Manager', plans: [], open: false },
    ],
  };
}

export function addConnection(
  db: DB,
  provider: ProviderKind,
  id = `${provider}-1`,
  label = provider === 'ashby' ? 'Acme Ashby' : 'Acme Lever',
): string {
  insertConnection(db, {
    id,
    provider,
    label,
    baseUrl: provider === 'ashby' ? 'https://api.ashbyhq.com' : 'https://api.lever.co/v1',
    authMode: 'api_key',
    now: '2025-01-01T00:00:00.000Z',
  });
  return id;
}

export function writeTenant(
  db: DB,
  connectionId: string,
  tenant: TenantFixture,
  refreshedAt = '2025-01-02T09:30:00.000Z',
): void {
  db.transaction(() => {
    for (const plan of tenant.plans) {
      db.prepare(
        `INSERT INTO ats_plans (connection_id, remote_id, title, archived) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET title = excluded.title, archived = excluded.archived`,
      ).run(connectionId, plan.id, plan.title, plan.archived ? 1 : 0);
    }
    for (const stage of tenant.stages) writeStage(db, connectionId, stage);
    for (const reason of tenant.reasons) {
      db.prepare(
        `INSERT INTO ats_archive_reasons (connection_id, remote_id, title, reason_type, archived)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET title = excluded.title, reason_type = excluded.reason_type,
                                   archived = excluded.archived`,
      ).run(connectionId, reason.id, reason.title, reason.type, reason.archived ? 1 : 0);
    }
    for (const job of tenant.jobs) {
      db.prepare(
        `INSERT INTO ats_jobs (connection_id, remote_id, title, status, is_open, plan_ids_json, default_plan_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET plan_ids_json = excluded.plan_ids_json`,
      ).run(
        connectionId,
        job.id,
        job.title,
        job.open === false ? 'Closed' : 'Open',
        job.open === false ? 0 : 1,
        JSON.stringify(job.plans),
        job.defaultPlan ?? null,
      );
    }
    db.prepare(
      `INSERT INTO sync_state (connection_id, resource, last_complete_at, updated_at) VALUES (?, 'stages', ?, ?)
       ON CONFLICT DO UPDATE SET last_complete_at = excluded.last_complete_at`,
    ).run(connectionId, refreshedAt, refreshedAt);
  })();
}

export function writeStage(db: DB, connectionId: string, stage: StageFixture): void {
  db.prepare(
    `INSERT INTO ats_stages (connection_id, remote_id, plan_id, title, type, position)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET title = excluded.title, type = excluded.type, position = excluded.position`,
  ).run(connectionId, stage.id, stage.plan, stage.title, stage.type, stage.position);
}

export function deleteStage(db: DB, connectionId: string, stageId: string): void {
  db.prepare('DELETE FROM ats_stages WHERE connection_id = ? AND remote_id = ?').run(
    connectionId,
    stageId,
  );
}

export function writeApplication(
  db: DB,
  connectionId: string,
  app: {
    id: string;
    stage: string | null;
    job?: string | null;
    archived?: boolean;
    reason?: string | null;
  },
): void {
  db.prepare(
    `INSERT INTO ats_candidates (connection_id, remote_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(connectionId, `cand-${app.id}`, `Candidate ${app.id}`);
  db.prepare(
    `INSERT INTO ats_applications (connection_id, remote_id, candidate_id, job_id, stage_id, status, archived, archive_reason_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET stage_id = excluded.stage_id, archived = excluded.archived,
                               archive_reason_id = excluded.archive_reason_id`,
  ).run(
    connectionId,
    app.id,
    `cand-${app.id}`,
    app.job ?? null,
    app.stage,
    app.archived ? 'Archived' : 'Active',
    app.archived ? 1 : 0,
    app.reason ?? null,
  );
}
