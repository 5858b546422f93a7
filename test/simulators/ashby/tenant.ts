import { person } from '../common/people';
import { SeededRandom } from '../common/random';
import {
  BASE_TIME,
  buildArchiveReasons,
  buildJobs,
  buildPlans,
  buildSources,
  buildUsers,
  iso,
  statusForStageType,
  type KulaSourceSetup,
  type SimArchiveReason,
  type SimJob,
  type SimPlan,
  type SimSource,
  type SimStage,
  type SimUser,
  type StageType,
} from './catalog';
import { idFor, indexOf, mix, unit } from './ids';

/**
 * A simulated Ashby tenant of any size. Candidates and applications are generated on demand from
 * (seed, index), so a 100k-candidate tenant costs almost no memory; only records the tests or the
 * console change (and records created through the API) are stored. Every change takes the next
 * value of a tenant-wide sequence, which is what sync tokens remember (incremental listing returns
 * the records whose sequence is above the token's).
 */

export interface TenantOptions {
  seed?: number;
  candidates: number;
  applications: number;
  /** Default: one job per 250 candidates, between 12 and 400. */
  jobs?: number;
  /** Default: a third of the jobs, between 5 and 100. */
  users?: number;
  /** Share of candidates who applied only to confidential jobs (hidden from most keys). */
  confidentialShare?: number;
  kulaSource?: KulaSourceSetup;
}

export interface FileHandleRef {
  id: string;
  name: string;
  handle: string;
}

export interface SimCandidate {
  index: number;
  id: string;
  name: string;
  email: string | null;
  alternateEmail: string | null;
  phone: string | null;
  company: string | null;
  position: string | null;
  school: string | null;
  city: string | null;
  linkedIn: string | null;
  timezone: string | null;
  sourceIndex: number | null;
  createdAt: string;
  updatedAt: string;
  confidential: boolean;
  /** Applications created through the API (base ones follow from the index). */
  extraApplicationIds: string[];
  resume: FileHandleRef | null;
  files: FileHandleRef[];
  seq: number;
  /** Test hook: served as a broken payload. */
  malformed?: boolean;
}

export type ApplicationStatus = 'Lead' | 'Active' | 'Hired' | 'Archived';

export interface SimApplication {
  index: number;
  id: string;
  candidateIndex: number;
  jobIndex: number;
  planIndex: number;
  stageId: string;
  status: ApplicationStatus;
  archiveReasonIndex: number | null;
  archivedAt: string | null;
  sourceIndex: number | null;
  creditedToUserIndex: number | null;
  createdAt: string;
  updatedAt: string;
  history: Array<{ stageId: string; enteredAt: string }>;
  seq: number;
  malformed?: boolean;
}

export interface SimNote {
  id: string;
  candidateIndex: number;
  createdAt: string;
  isPrivate: boolean;
  content: string;
  authorIndex: number;
  seq: number;
}

export interface SimFile {
  id: string;
  handle: string;
  context: 'CandidateResume' | 'CandidateFiles' | 'ApplicationForm';
  filename: string;
  contentType: string;
  contentLength: number;
  uploadToken: string;
  expiresAt: number;
  uploadedBytes: number | null;
}

export type ChangeEntity = 'candidates' | 'applications' | 'jobs' | 'users' | 'plans' | 'notes';

export interface Mutation {
  seq: number;
  at: number;
  action: string;
  entity: ChangeEntity | 'files' | 'sources';
  id: string;
  detail?: Record<string, unknown>;
}

/** What an API key may see. */
export interface Visibility {
  confidential: boolean;
}

const DAY = 86_400_000;
const SCHOOLS = ['MIT', 'ETH Zürich', 'University of Lagos', 'IIT Bombay', 'TU München', 'USP'];
const POSITIONS = ['Software Engineer', 'Designer', 'Account Manager', 'Data Analyst', 'Team Lead'];
const TIMEZONES = ['Europe/Berlin', 'America/New_York', 'Europe/Warsaw', 'Asia/Tokyo', null];

export class AshbyTenant {
  readonly seed: number;
  readonly plans: SimPlan[];
  readonly sources: SimSource[];
  readonly archiveReasons: SimArchiveReason[];
  readonly users: SimUser[];
  readonly jobs: SimJob[];
  readonly baseCandidates: number;
  readonly baseApplications: number;
  private readonly confidentialShare: number;
  private readonly publicJobs: number[];
  private readonly confidentialJobs: number[];

  private readonly candidateOverrides = new Map<number, SimCandidate>();
  private readonly applicationOverrides = new Map<number, SimApplication>();
  private readonly deletedCandidates = new Set<number>();
  private readonly deletedApplications = new Set<number>();
  private createdCandidates = 0;
  private createdApplications = 0;
  readonly notes = new Map<number, SimNote[]>();
  private noteCount = 0;
  readonly files = new Map<string, SimFile>();

  /** Tenant-wide change sequence; base records are at 0. */
  seq = 0;
  /** Per entity, every change in sequence order (a record may appear more than once). */
  readonly changes: Record<ChangeEntity, Array<{ seq: number; index: number }>> = {
    candidates: [],
    applications: [],
    jobs: [],
    users: [],
    plans: [],
    notes: [],
  };
  readonly mutations: Mutation[] = [];

  constructor(options: TenantOptions) {
    this.seed = options.seed ?? 1;
    this.baseCandidates = Math.max(0, Math.floor(options.candidates));
    this.baseApplications = this.baseCandidates === 0 ? 0 : Math.max(0, options.applications);
    const jobCount =
      options.jobs ?? Math.min(400, Math.max(12, Math.round(this.baseCandidates / 250)));
    const userCount = options.users ?? Math.min(100, Math.max(5, Math.round(jobCount / 3)));
    this.plans = buildPlans(this.seed);
    this.sources = buildSources(this.seed, options.kulaSource ?? 'present');
    this.archiveReasons = buildArchiveReasons(this.seed);
    this.users = buildUsers(this.seed, userCount);
    this.jobs = buildJobs(this.seed, jobCount, userCount);
    const applicable = this.jobs.filter((job) => job.status !== 'Draft');
    this.publicJobs = applicable.filter((job) => !job.confidential).map((job) => job.index);
    this.confidentialJobs = applicable.filter((job) => job.confidential).map((job) => job.index);
    if (this.publicJobs.length === 0) throw new Error('A tenant needs at least one public job.');
    this.confidentialShare =
      this.confidentialJobs.length > 0 ? (options.confidentialShare ?? 0.03) : 0;
  }

  // ---- reading -------------------------------------------------------------------------------

  candidateCount(): number {
    return this.baseCandidates + this.createdCandidates;
  }

  applicationCount(): number {
    return this.baseApplications + this.createdApplications;
  }

  candidate(index: number): SimCandidate | null {
    if (index < 0 || index >= this.candidateCount() || this.deletedCandidates.has(index))
      return null;
    return this.candidateOverrides.get(index) ?? this.generateCandidate(index);
  }

  application(index: number): SimApplication | null {
    if (index < 0 || index >= this.applicationCount() || this.deletedApplications.has(index))
      return null;
    return this.applicationOverrides.get(index) ?? this.generateApplication(index);
  }

  candidateById(id: unknown): SimCandidate | null {
    const index = indexOf(this.seed, 'candidate', id);
    return index === null ? null : this.candidate(index);
  }

  applicationById(id: unknown): SimApplication | null {
    const index = indexOf(this.seed, 'application', id);
    return index === null ? null : this.application(index);
  }

  jobById(id: unknown): SimJob | null {
    const index = indexOf(this.seed, 'job', id);
    return index === null ? null : (this.jobs[index] ?? null);
  }

  planById(id: unknown): SimPlan | null {
    const index = indexOf(this.seed, 'plan', id);
    return index === null ? null : (this.plans[index] ?? null);
  }

  stageById(id: unknown): SimStage | null {
    if (!this.stagesById) {
      this.stagesById = new Map(
        this.plans.flatMap((plan) => plan.stages.map((stage) => [stage.id, stage] as const)),
      );
    }
    return (typeof id === 'string' && this.stagesById.get(id)) || null;
  }
  private stagesById: Map<string, SimStage> | null = null;

  candidateVisible(candidate: SimCandidate, visibility: Visibility): boolean {
    return visibility.confidential || !candidate.confidential;
  }

  applicationVisible(application: SimApplication, visibility: Visibility): boolean {
    return visibility.confidential || !this.jobs[application.jobIndex]?.confidential;
  }

  jobVisible(job: SimJob, visibility: Visibility): boolean {
    return visibility.confidential || !job.confidential;
  }

  applicationIdsOf(candidate: SimCandidate): string[] {
    const ids: string[] = [];
    if (candidate.index < this.baseCandidates) {
      for (let k = candidate.index; k < this.baseApplications; k += this.baseCandidates) {
        if (!this.deletedApplications.has(k)) ids.push(idFor(this.seed, 'application', k));
      }
    }
    return ids.concat(candidate.extraApplicationIds);
  }

  /** What a full import by a key with this visibility must end with. */
  counts(visibility: Visibility = { confidential: false }) {
    let candidates = 0;
    for (let i = 0; i < this.candidateCount(); i++) {
      const candidate = this.candidate(i);
      if (candidate && this.candidateVisible(candidate, visibility)) candidates++;
    }
    let applications = 0;
    for (let i = 0; i < this.applicationCount(); i++) {
      const application = this.application(i);
      if (application && this.applicationVisible(application, visibility)) applications++;
    }
    const jobs = this.jobs.filter(
      (job) => job.status !== 'Draft' && this.jobVisible(job, visibility),
    );
    return {
      candidates,
      applications,
      jobs: jobs.length,
      openJobs: jobs.filter((job) => job.status === 'Open').length,
      plans: this.plans.length,
      stages: this.plans.reduce((sum, plan) => sum + plan.stages.length, 0),
      users: this.users.length,
      sources: this.sources.length,
      archiveReasons: this.archiveReasons.length,
    };
  }

  // ---- generation ----------------------------------------------------------------------------

  private generateCandidate(index: number): SimCandidate {
    const seed = this.seed;
    const rng = new SeededRandom(mix(seed, 101, index));
    const p = person(rng, index);
    const created = BASE_TIME - Math.floor(unit(seed, 102, index) * 700 * DAY);
    const hasEmail = unit(seed, 104, index) >= 0.04;
    const hasPhone = unit(seed, 106, index) < 0.8;
    const sourceRoll = unit(seed, 107, index);
    return {
      index,
      id: idFor(seed, 'candidate', index),
      name: p.name,
      email: hasEmail ? p.email : null,
      alternateEmail: hasEmail && index % 7 === 0 ? p.email.replace('@', '+work@') : null,
      phone: hasPhone ? p.phone : null,
      company: index % 5 === 4 ? null : p.company,
      position: index % 3 === 0 ? rng.pick(POSITIONS) : null,
      school: index % 4 === 0 ? rng.pick(SCHOOLS) : null,
      city: index % 6 === 0 ? null : p.city,
      linkedIn: index % 9 === 8 ? null : p.linkedIn,
      timezone: rng.pick(TIMEZONES),
      sourceIndex: sourceRoll < 0.2 ? null : Math.floor(sourceRoll * 8) % 8,
      createdAt: iso(created),
      updatedAt: iso(created + Math.floor(unit(seed, 103, index) * 60 * DAY)),
      confidential: unit(seed, 105, index) < this.confidentialShare,
      extraApplicationIds: [],
      resume: null,
      files: [],
      seq: 0,
    };
  }

  private generateApplication(index: number): SimApplication {
    const seed = this.seed;
    const candidateIndex = index % this.baseCandidates;
    const confidential = unit(seed, 105, candidateIndex) < this.confidentialShare;
    const pool = confidential ? this.confidentialJobs : this.publicJobs;
    const jobIndex = pool[Math.floor(unit(seed, 201, index) * pool.length)]!;
    const job = this.jobs[jobIndex]!;
    const plan = this.plans[job.defaultPlanIndex]!;
    const stage = pickStage(plan, unit(seed, 202, index), unit(seed, 203, index));
    const status = statusForStageType(stage.type);
    const candidateCreated = BASE_TIME - Math.floor(unit(seed, 102, candidateIndex) * 700 * DAY);
    const created = candidateCreated + Math.floor(unit(seed, 204, index) * 10 * DAY);
    const updated = created + Math.floor(unit(seed, 205, index) * 90 * DAY);
    const liveReasons = this.archiveReasons.filter((reason) => !reason.isArchived).length;
    const sourceRoll = unit(seed, 206, index);
    return {
      index,
      id: idFor(seed, 'application', index),
      candidateIndex,
      jobIndex,
      planIndex: plan.index,
      stageId: stage.id,
      status,
      archiveReasonIndex:
        status === 'Archived' ? Math.floor(unit(seed, 207, index) * liveReasons) : null,
      archivedAt: status === 'Archived' ? iso(updated) : null,
      sourceIndex: sourceRoll < 0.1 ? null : Math.floor(sourceRoll * 1000) % this.sources.length,
      creditedToUserIndex:
        unit(seed, 208, index) < 0.3
          ? Math.floor(unit(seed, 209, index) * this.users.length)
          : null,
      createdAt: iso(created),
      updatedAt: iso(updated),
      history: [],
      seq: 0,
    };
  }

  // ---- changes (API writes and test hooks) ----------------------------------------------------

  private bump(entity: ChangeEntity, index: number, action: string, id: string, detail?: object) {
    const seq = ++this.seq;
    this.changes[entity].push({ seq, index });
    this.mutations.push({
      seq,
      at: Date.now(),
      action,
      entity,
      id,
      ...(detail ? { detail: detail as Record<string, unknown> } : {}),
    });
    return seq;
  }

  updateCandidate(
    id: string,
    patch: Partial<Pick<SimCandidate, 'name' | 'email' | 'phone' | 'company' | 'malformed'>> &
      Partial<Pick<SimCandidate, 'resume' | 'files' | 'extraApplicationIds' | 'sourceIndex'>>,
    action = 'test.updateCandidate',
  ): SimCandidate {
    const current = this.candidateById(id);
    if (!current) throw new Error(`No candidate ${id}`);
    const next: SimCandidate = {
      ...current,
      ...patch,
      updatedAt: iso(Date.now()),
    };
    next.seq = this.bump('candidates', current.index, action, id, patch);
    this.candidateOverrides.set(current.index, next);
    return next;
  }

  createCandidate(input: {
    name: string;
    email?: string | null;
    phone?: string | null;
    linkedIn?: string | null;
    sourceIndex?: number | null;
  }): SimCandidate {
    const index = this.baseCandidates + this.createdCandidates++;
    const now = iso(Date.now());
    const candidate: SimCandidate = {
      index,
      id: idFor(this.seed, 'candidate', index),
      name: input.name,
      email: input.email ?? null,
      alternateEmail: null,
      phone: input.phone ?? null,
      company: null,
      position: null,
      school: null,
      city: null,
      linkedIn: input.linkedIn ?? null,
      timezone: null,
      sourceIndex: input.sourceIndex ?? null,
      createdAt: now,
      updatedAt: now,
      confidential: false,
      extraApplicationIds: [],
      resume: null,
      files: [],
      seq: 0,
    };
    candidate.seq = this.bump('candidates', index, 'candidate.create', candidate.id, {
      name: input.name,
      email: input.email ?? null,
    });
    this.candidateOverrides.set(index, candidate);
    return candidate;
  }

  removeCandidate(id: string): void {
    const candidate = this.candidateById(id);
    if (!candidate) throw new Error(`No candidate ${id}`);
    this.deletedCandidates.add(candidate.index);
    // Ashby removes a deleted candidate's applications with it.
    for (const applicationId of this.applicationIdsOf(candidate)) {
      const index = indexOf(this.seed, 'application', applicationId);
      if (index !== null) this.deletedApplications.add(index);
    }
    this.mutations.push({
      seq: ++this.seq,
      at: Date.now(),
      action: 'test.removeCandidate',
      entity: 'candidates',
      id,
    });
  }

  createApplication(input: {
    candidate: SimCandidate;
    job: SimJob;
    plan: SimPlan;
    stage: SimStage;
    sourceIndex: number | null;
    creditedToUserIndex: number | null;
  }): SimApplication {
    const index = this.baseApplications + this.createdApplications++;
    const now = iso(Date.now());
    const application: SimApplication = {
      index,
      id: idFor(this.seed, 'application', index),
      candidateIndex: input.candidate.index,
      jobIndex: input.job.index,
      planIndex: input.plan.index,
      stageId: input.stage.id,
      status: statusForStageType(input.stage.type),
      archiveReasonIndex: null,
      archivedAt: null,
      sourceIndex: input.sourceIndex,
      creditedToUserIndex: input.creditedToUserIndex,
      createdAt: now,
      updatedAt: now,
      history: [{ stageId: input.stage.id, enteredAt: now }],
      seq: 0,
    };
    application.seq = this.bump('applications', index, 'application.create', application.id, {
      candidateId: input.candidate.id,
      jobId: input.job.id,
      stage: input.stage.title,
      sourceIndex: input.sourceIndex,
    });
    this.applicationOverrides.set(index, application);
    this.updateCandidate(
      input.candidate.id,
      { extraApplicationIds: [...input.candidate.extraApplicationIds, application.id] },
      'application.create',
    );
    return application;
  }

  /** Moves an application (API `changeStage`, or a recruiter in Ashby's UI for tests). */
  moveApplication(
    id: string,
    stage: SimStage,
    archiveReasonIndex: number | null,
    action = 'test.moveApplication',
  ): SimApplication {
    const current = this.applicationById(id);
    if (!current) throw new Error(`No application ${id}`);
    const now = iso(Date.now());
    const status = statusForStageType(stage.type);
    const next: SimApplication = {
      ...current,
      stageId: stage.id,
      status,
      archiveReasonIndex: status === 'Archived' ? archiveReasonIndex : null,
      archivedAt: status === 'Archived' ? now : null,
      updatedAt: now,
      history: [...current.history, { stageId: stage.id, enteredAt: now }],
    };
    next.seq = this.bump('applications', current.index, action, id, {
      stage: stage.title,
      stageId: stage.id,
    });
    this.applicationOverrides.set(current.index, next);
    return next;
  }

  corruptApplication(id: string): void {
    const current = this.applicationById(id);
    if (!current) throw new Error(`No application ${id}`);
    const next = { ...current, malformed: true };
    next.seq = this.bump('applications', current.index, 'test.corruptApplication', id);
    this.applicationOverrides.set(current.index, next);
  }

  updateJob(id: string, patch: Partial<Pick<SimJob, 'title' | 'status'>>): SimJob {
    const job = this.jobById(id);
    if (!job) throw new Error(`No job ${id}`);
    Object.assign(job, patch, { updatedAt: iso(Date.now()) });
    if (patch.status === 'Closed') job.closedAt = job.updatedAt;
    job.seq = this.bump('jobs', job.index, 'test.updateJob', id, patch);
    return job;
  }

  updateUser(id: string, patch: Partial<Pick<SimUser, 'firstName' | 'isEnabled'>>): SimUser {
    const user = this.users.find((candidate) => candidate.id === id);
    if (!user) throw new Error(`No user ${id}`);
    Object.assign(user, patch, { updatedAt: iso(Date.now()) });
    user.seq = this.bump('users', user.index, 'test.updateUser', id, patch);
    return user;
  }

  /** An admin adds a custom stage to a plan in Ashby's UI. */
  addCustomStage(planId: string, title: string, type: StageType = 'Active'): SimStage {
    const plan = this.planById(planId);
    if (!plan) throw new Error(`No plan ${planId}`);
    const stage: SimStage = {
      id: idFor(this.seed, 'stage', plan.index * 100 + plan.stages.length),
      title,
      type,
      order: 10 + plan.stages.length,
      planId: plan.id,
    };
    const insertAt = plan.stages.findIndex((existing) => existing.type === 'Offer');
    plan.stages.splice(insertAt < 0 ? plan.stages.length : insertAt, 0, stage);
    this.stagesById = null;
    plan.updatedAt = iso(Date.now());
    plan.seq = this.bump('plans', plan.index, 'test.addCustomStage', plan.id, { title, type });
    return stage;
  }

  createNote(candidate: SimCandidate, content: string, isPrivate: boolean): SimNote {
    const list = this.notes.get(candidate.index) ?? [];
    const note: SimNote = {
      id: idFor(this.seed, 'note', this.noteCount++),
      candidateIndex: candidate.index,
      createdAt: iso(Date.now()),
      isPrivate,
      content,
      authorIndex: 0,
      seq: 0,
    };
    note.seq = this.bump('notes', candidate.index, 'candidate.createNote', note.id, {
      candidateId: candidate.id,
      isPrivate,
      length: content.length,
    });
    list.push(note);
    this.notes.set(candidate.index, list);
    return note;
  }

  /** An admin adds a source (e.g. “Kula” under “Integration”) in Ashby's UI. */
  addSource(title: string, typeTitle: string): SimSource {
    const type = this.sources.find((source) => source.type.title === typeTitle)?.type ?? {
      id: idFor(this.seed, 'sourceType', 50 + this.sources.length),
      title: typeTitle,
      isArchived: false,
    };
    const source: SimSource = {
      id: idFor(this.seed, 'source', 50 + this.sources.length),
      title,
      isArchived: false,
      type,
    };
    this.sources.push(source);
    this.mutations.push({
      seq: ++this.seq,
      at: Date.now(),
      action: 'test.addSource',
      entity: 'sources',
      id: source.id,
      detail: { title, typeTitle },
    });
    return source;
  }

  recordFileMutation(action: string, id: string, detail: Record<string, unknown>): void {
    this.mutations.push({ seq: ++this.seq, at: Date.now(), action, entity: 'files', id, detail });
  }
}

function pickStage(plan: SimPlan, roll: number, pick: number): SimStage {
  const type: StageType =
    roll < 0.12
      ? 'Lead'
      : roll < 0.25
        ? 'PreInterviewScreen'
        : roll < 0.5
          ? 'Active'
          : roll < 0.53
            ? 'Offer'
            : roll < 0.58
              ? 'Hired'
              : 'Archived';
  const stages = plan.stages.filter((stage) => stage.type === type);
  return stages[Math.floor(pick * stages.length)] ?? plan.stages[0]!;
}
