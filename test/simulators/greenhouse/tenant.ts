import { JOB_TITLES, person } from '../common/people';
import { SeededRandom } from '../common/random';
import { iso, newId, type GhApplication, type GhJobStage, type GreenhouseTenant } from './model';

export interface GreenhouseTenantOptions {
  seed?: number;
  candidates?: number;
  jobs?: number;
  /**
   * `default`: every job uses Greenhouse's starting interview plan (an account without custom
   * stages); `custom`: jobs add and rename intermediate stages, as most organisations do.
   */
  stages?: 'default' | 'custom';
  /** Add the "Kula" source an admin creates by hand (Greenhouse has no API to create one). */
  kulaSource?: boolean;
  /** Share of applications that are jobless prospects. */
  prospectShare?: number;
  /** When the oldest records were created (epoch ms); the newest are "now". */
  since?: number;
  now?: number;
}

/** The plan a new job starts with in Greenhouse ("Application Review" first, "Offer" last). */
export const DEFAULT_STAGE_NAMES = [
  'Application Review',
  'Preliminary Phone Screen',
  'Phone Interview',
  'Face to Face',
  'Reference Check',
  'Offer',
];

const CUSTOM_MIDDLES = [
  'Recruiter Phone Screen',
  'Hiring Manager Screen',
  'Take Home Test',
  'Technical Interview',
  'Onsite',
  'Executive Interview',
  'Reference Check',
];

export const ADMIN_USER_ID = 1_000_001;
export const SERVICE_USER_ID = 1_000_002;
/** A Site Admin who is not the service user, for writes made on someone's behalf. */
export const RECRUITER_USER_ID = 1_000_003;
export const BASIC_USER_ID = 1_000_004;
export const DEACTIVATED_USER_ID = 1_000_005;

/**
 * Builds an organisation deterministically from its seed: users (a Site Admin, the credential's
 * service user, a recruiter, a basic user, a deactivated one), jobs with per-job interview stages,
 * sources (a few of Greenhouse's global ones, and "Kula" if asked), rejection reasons (built-in and
 * custom), candidates with one or two applications each, their stage history and rejections.
 */
export function buildGreenhouseTenant(options: GreenhouseTenantOptions = {}): GreenhouseTenant {
  const rng = new SeededRandom(options.seed ?? 22);
  const now = options.now ?? Date.now();
  const since = options.since ?? now - 2 * 365 * 86_400_000;
  const tenant: GreenhouseTenant = {
    users: new Map(),
    jobs: new Map(),
    jobInterviewStages: new Map(),
    candidates: new Map(),
    applications: new Map(),
    applicationStages: new Map(),
    sources: new Map(),
    rejectionReasons: new Map(),
    rejectionDetails: new Map(),
    notes: new Map(),
    attachments: new Map(),
    referrers: new Map(),
    nextId: 4_063_000_001,
    serviceUserId: SERVICE_USER_ID,
  };
  const at = iso(since);
  const user = (
    id: number,
    first: string,
    last: string,
    email: string | null,
    flags: { admin?: boolean; service?: boolean; deactivated?: boolean } = {},
  ) =>
    tenant.users.set(id, {
      id,
      first_name: first,
      last_name: last,
      name: `${first} ${last}`,
      primary_email: email,
      emails: email ? [email] : [],
      deactivated: flags.deactivated === true,
      site_admin: flags.admin === true,
      service_account: flags.service === true,
      created_at: at,
      updated_at: at,
    });
  user(ADMIN_USER_ID, 'Ada', 'Admin', 'ada.admin@example.com', { admin: true });
  user(SERVICE_USER_ID, 'Integration', 'Service User', null, { service: true });
  user(RECRUITER_USER_ID, 'Rui', 'Recruiter', 'rui.recruiter@example.com', { admin: true });
  user(BASIC_USER_ID, 'Bea', 'Basic', 'bea.basic@example.com');
  user(DEACTIVATED_USER_ID, 'Dan', 'Gone', 'dan.gone@example.com', { deactivated: true });
  tenant.referrers.set(7_001, {
    id: 7_001,
    name: 'Rui Recruiter',
    user_id: RECRUITER_USER_ID,
    created_at: at,
    updated_at: at,
  });

  const sourceTypes = {
    prospecting: { id: 5, name: 'Prospecting' },
    boards: { id: 3, name: 'Third-party boards' },
    referral: { id: 2, name: 'Referral' },
    integrations: { id: 91, name: 'Integrations' },
  };
  const source = (id: number, name: string, type: { id: number; name: string }) =>
    tenant.sources.set(id, { id, name, type, created_at: at, updated_at: at });
  source(16, 'LinkedIn (Prospecting)', sourceTypes.prospecting);
  source(11, 'Indeed', sourceTypes.boards);
  source(12, 'Referral', sourceTypes.referral);
  if (options.kulaSource !== false) source(632, 'Kula', sourceTypes.integrations);

  const reasonTypes = {
    we: { id: 1, key: 'WE_REJECTED_THEM', name: 'We rejected them' },
    they: { id: 2, key: 'THEY_REJECTED_US', name: 'They rejected us' },
    none: { id: 3, key: 'NONE_SPECIFIED', name: 'None specified' },
  };
  const reason = (
    id: number,
    name: string,
    type: { id: number; key: string; name: string },
    isDefault: boolean,
  ) =>
    tenant.rejectionReasons.set(id, {
      id,
      name,
      type,
      is_default: isDefault,
      created_at: at,
      updated_at: at,
    });
  reason(262, 'Lacking skill(s)/qualification(s)', reasonTypes.we, true);
  reason(263, 'Position filled', reasonTypes.we, true);
  reason(230, 'Took another offer', reasonTypes.they, true);
  reason(231, 'Not interested in the role', reasonTypes.they, true);
  reason(290, 'Other (see notes)', reasonTypes.none, true);
  reason(301, 'Culture add not there', reasonTypes.we, false);

  const jobCount = options.jobs ?? 8;
  const stagesByJob = new Map<number, GhJobStage[]>();
  for (let index = 0; index < jobCount; index++) {
    const id = newId(tenant);
    const created = since + Math.floor(((now - since) * index) / (jobCount * 2));
    const status = index % 5 === 4 ? 'closed' : index % 7 === 6 ? 'draft' : 'open';
    tenant.jobs.set(id, {
      id,
      name: JOB_TITLES[index % JOB_TITLES.length] + (index >= JOB_TITLES.length ? ` ${index}` : ''),
      status,
      confidential: index % 6 === 5,
      is_template: false,
      requisition_id: `REQ-${100 + index}`,
      department_id: 25_900 + (index % 4),
      office_ids: [47_012],
      opened_at: status === 'draft' ? null : iso(created),
      closed_at: status === 'closed' ? iso(created + 60 * 86_400_000) : null,
      created_at: iso(created),
      updated_at: iso(created),
    });
    const names =
      options.stages === 'default' || index === 0
        ? DEFAULT_STAGE_NAMES
        : ['Application Review', ...pickMiddles(rng, 2 + (index % 3)), 'Offer'];
    const stages = names.map((name, order) => {
      const stage: GhJobStage = {
        id: newId(tenant),
        job_id: id,
        name,
        sort_order: order,
        active: true,
        created_at: iso(created),
        updated_at: iso(created),
      };
      tenant.jobInterviewStages.set(stage.id, stage);
      return stage;
    });
    stagesByJob.set(id, stages);
  }

  const jobs = [...tenant.jobs.values()].filter((job) => job.status !== 'draft');
  const candidateCount = options.candidates ?? 200;
  const reasons = [...tenant.rejectionReasons.values()];
  const sources = [...tenant.sources.values()].filter((item) => item.name !== 'Kula');
  for (let index = 0; index < candidateCount; index++) {
    const who = person(rng, index);
    const [first, ...rest] = who.name.split(' ');
    const created = since + Math.floor(((now - since) * index) / Math.max(1, candidateCount));
    const createdAt = iso(created);
    const id = newId(tenant);
    tenant.candidates.set(id, {
      id,
      first_name: first ?? who.name,
      last_name: rest.join(' '),
      company: who.company,
      title: null,
      email_addresses: [{ value: who.email, type: 'personal' }],
      phone_numbers: [{ value: who.phone, type: 'mobile' }],
      social_media_addresses: [{ value: who.linkedIn }],
      tags: [],
      private: false,
      last_activity_at: createdAt,
      created_at: createdAt,
      updated_at: createdAt,
    });
    const applicationCount = rng.chance(0.2) ? 2 : 1;
    for (let a = 0; a < applicationCount && jobs.length > 0; a++) {
      const job = rng.pick(jobs);
      const prospect = rng.chance(options.prospectShare ?? 0.05);
      const application: GhApplication = {
        id: newId(tenant),
        candidate_id: id,
        job_id: prospect ? null : job.id,
        prospect,
        prospective_job_ids: prospect ? [job.id] : [],
        status: 'in_process',
        stage_id: null,
        job_interview_stage_id: null,
        stage_name: null,
        source_id: rng.pick(sources).id,
        referrer_id: null,
        recruiter_id: RECRUITER_USER_ID,
        coordinator_id: null,
        rejected_at: null,
        rejection_reason_id: null,
        last_activity_at: createdAt,
        created_at: createdAt,
        updated_at: createdAt,
      };
      tenant.applications.set(application.id, application);
      if (prospect) continue;
      const stages = stagesByJob.get(job.id) ?? [];
      const reached = rng.int(0, stages.length - 1);
      for (let s = 0; s <= reached; s++) {
        const stage = stages[s]!;
        const row = {
          id: newId(tenant),
          application_id: application.id,
          job_interview_stage_id: stage.id,
          entered_at: s === reached ? createdAt : null,
          exited_at: null,
          current: s === reached,
          created_at: createdAt,
          updated_at: createdAt,
        };
        tenant.applicationStages.set(row.id, row);
        if (s === reached) {
          application.stage_id = row.id;
          application.job_interview_stage_id = stage.id;
          application.stage_name = stage.name;
        }
      }
      const ending = rng.next();
      if (ending < 0.25) {
        const chosen = rng.pick(reasons);
        application.status = 'rejected';
        application.stage_id = null;
        application.job_interview_stage_id = null;
        application.rejected_at = createdAt;
        application.rejection_reason_id = chosen.id;
        const detail = {
          id: newId(tenant),
          application_id: application.id,
          rejection_reason_id: chosen.id,
          rejected_at: createdAt,
          rejected_by_id: RECRUITER_USER_ID,
          rejection_note_id: null,
          created_at: createdAt,
          updated_at: createdAt,
        };
        tenant.rejectionDetails.set(detail.id, detail);
      } else if (ending < 0.28) {
        application.status = 'hired';
        application.stage_id = null;
        application.job_interview_stage_id = null;
      }
    }
  }
  return tenant;
}

function pickMiddles(rng: SeededRandom, count: number): string[] {
  const pool = [...CUSTOM_MIDDLES];
  const chosen: string[] = [];
  while (chosen.length < count && pool.length > 0) {
    const index = rng.int(0, pool.length - 1);
    chosen.push(pool.splice(index, 1)[0]!);
  }
  // Keep the order a hiring team would: the pool is listed in pipeline order.
  return chosen.sort((a, b) => CUSTOM_MIDDLES.indexOf(a) - CUSTOM_MIDDLES.indexOf(b));
}
