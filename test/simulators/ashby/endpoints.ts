import crypto from 'node:crypto';
import type { SimJob } from './catalog';
import { idFor } from './ids';
import { ORGANIZATION_ENDPOINTS } from './organization';
import type { Listable, ListOutcome, Paging } from './paging';
import type { AshbyQuirks } from './quirks';
import {
  applicationJson,
  archiveReasonJson,
  candidateJson,
  jobJson,
  noteJson,
  planJson,
  sourceJson,
  stageJson,
  userJson,
} from './serialize';
import type { AshbyTenant, SimApplication, SimCandidate, SimNote } from './tenant';

/**
 * The Ashby endpoints the console uses, each with the permission (module scope) it needs.
 * Handlers return the envelope's `results` (and paging fields) or an error code; the server wraps
 * both in Ashby's envelope (see docs/ashby.md).
 */

export interface SimKey {
  key: string;
  title: string;
  /** `apiKey.info` scope strings, e.g. `candidates:read`. */
  scopes: string[];
  /** The key's "confidential job and project access" option. */
  confidential: boolean;
  active: boolean;
  createdAt: string;
}

export interface EndpointContext {
  tenant: AshbyTenant;
  paging: Paging;
  key: SimKey;
  body: Record<string, unknown>;
  /** Where upload URLs point (the simulator's own address). */
  baseUrl: string;
  /** The API version the request gets (`Ashby-Version`, else the key's default). */
  version: string;
  quirks: AshbyQuirks;
}

export type EndpointResult =
  | {
      results: unknown;
      moreDataAvailable?: boolean;
      nextCursor?: string;
      syncToken?: string;
      warnings?: string[];
    }
  | { error: string; message: string };

export interface Endpoint {
  scope: string;
  handle(ctx: EndpointContext): EndpointResult;
}

export const SCOPES = {
  apiKeysRead: 'apiKeys:read',
  jobsRead: 'jobs:read',
  candidatesRead: 'candidates:read',
  candidatesWrite: 'candidates:write',
  interviewsRead: 'interviews:read',
  hiringProcessMetadataRead: 'hiringProcessMetadata:read',
  organizationRead: 'organization:read',
  offersRead: 'offers:read',
} as const;

const invalid = (message: string): EndpointResult => ({ error: 'invalid_input', message });

function fromList<T>(outcome: ListOutcome<T>, toJson: (item: T) => unknown): EndpointResult {
  if (!outcome.ok) return { error: outcome.code, message: outcome.message };
  return {
    results: outcome.results.map(toJson),
    moreDataAvailable: outcome.moreDataAvailable,
    ...(outcome.nextCursor ? { nextCursor: outcome.nextCursor } : {}),
    ...(outcome.syncToken ? { syncToken: outcome.syncToken } : {}),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const visibility = (key: SimKey) => ({ confidential: key.confidential });

function candidateListable(ctx: EndpointContext, createdAfter?: number): Listable<SimCandidate> {
  const { tenant } = ctx;
  const seen = visibility(ctx.key);
  return {
    entity: 'candidates',
    total: () => tenant.candidateCount(),
    get: (index) => {
      const candidate = tenant.candidate(index);
      if (!candidate || !tenant.candidateVisible(candidate, seen)) return null;
      if (createdAfter !== undefined && Date.parse(candidate.createdAt) <= createdAfter)
        return null;
      return candidate;
    },
    seqOf: (candidate) => candidate.seq,
    changes: tenant.changes.candidates,
  };
}

function applicationListable(
  ctx: EndpointContext,
  filters: { status?: string; jobId?: string; createdAfter?: number },
): Listable<SimApplication> {
  const { tenant } = ctx;
  const seen = visibility(ctx.key);
  return {
    entity: 'applications',
    total: () => tenant.applicationCount(),
    get: (index) => {
      const application = tenant.application(index);
      if (!application || !tenant.applicationVisible(application, seen)) return null;
      if (filters.status && application.status !== filters.status) return null;
      if (filters.jobId && tenant.jobs[application.jobIndex]?.id !== filters.jobId) return null;
      if (
        filters.createdAfter !== undefined &&
        Date.parse(application.createdAt) <= filters.createdAfter
      )
        return null;
      return application;
    },
    seqOf: (application) => application.seq,
    changes: tenant.changes.applications,
  };
}

function arrayListable<T extends { seq: number }>(
  entity: 'jobs' | 'users' | 'plans',
  items: T[],
  changes: ReadonlyArray<{ seq: number; index: number }>,
  keep: (item: T) => boolean,
): Listable<T> {
  return {
    entity,
    total: () => items.length,
    get: (index) => {
      const item = items[index];
      return item && keep(item) ? item : null;
    },
    seqOf: (item) => item.seq,
    changes,
  };
}

function resolveJobPlan(ctx: EndpointContext, job: SimJob) {
  return ctx.tenant.plans[job.defaultPlanIndex]!;
}

export const ENDPOINTS: Record<string, Endpoint> = {
  ...ORGANIZATION_ENDPOINTS,
  '/apiKey.info': {
    scope: SCOPES.apiKeysRead,
    handle: ({ key }) => ({
      results: { title: key.title, createdAt: key.createdAt, scopes: key.scopes },
    }),
  },

  '/job.list': {
    scope: SCOPES.jobsRead,
    handle: (ctx) => {
      const statuses = Array.isArray(ctx.body.status)
        ? (ctx.body.status as unknown[]).map(String)
        : ['Open', 'Closed', 'Archived'];
      const seen = visibility(ctx.key);
      return fromList(
        ctx.paging.list(
          arrayListable(
            'jobs',
            ctx.tenant.jobs,
            ctx.tenant.changes.jobs,
            (job) => statuses.includes(job.status) && ctx.tenant.jobVisible(job, seen),
          ),
          ctx.body,
          ctx.tenant.seq,
          statuses.join(','),
        ),
        (job) => jobJson(ctx.tenant, job, ctx),
      );
    },
  },

  '/job.info': {
    scope: SCOPES.jobsRead,
    handle: (ctx) => {
      const job = ctx.tenant.jobById(ctx.body.id);
      if (!job || !ctx.tenant.jobVisible(job, visibility(ctx.key)))
        return { error: 'job_not_found', message: 'Job not found' };
      return { results: jobJson(ctx.tenant, job, ctx) };
    },
  },

  '/jobInterviewPlan.info': {
    scope: SCOPES.jobsRead,
    handle: (ctx) => {
      const job = ctx.tenant.jobById(ctx.body.jobId);
      if (!job || !ctx.tenant.jobVisible(job, visibility(ctx.key)))
        return { error: 'job_not_found', message: 'Job not found' };
      const plan = resolveJobPlan(ctx, job);
      return {
        results: {
          jobId: job.id,
          interviewPlanId: plan.id,
          stages: plan.stages.map((stage) => ({
            id: stage.id,
            title: stage.title,
            type: stage.type,
            orderInInterviewPlan: stage.order,
            interviewStageGroupId: null,
            activities: [],
          })),
        },
      };
    },
  },

  '/interviewPlan.list': {
    scope: SCOPES.interviewsRead,
    handle: (ctx) => {
      const includeArchived = ctx.body.includeArchived === true;
      return fromList(
        ctx.paging.list(
          arrayListable(
            'plans',
            ctx.tenant.plans,
            ctx.tenant.changes.plans,
            (plan) => includeArchived || !plan.isArchived,
          ),
          ctx.body,
          ctx.tenant.seq,
          String(includeArchived),
        ),
        planJson,
      );
    },
  },

  '/interviewStage.list': {
    scope: SCOPES.interviewsRead,
    handle: (ctx) => {
      if (!str(ctx.body.interviewPlanId))
        return invalid('interviewPlanId: Invalid input: expected string, received undefined');
      const plan = ctx.tenant.planById(ctx.body.interviewPlanId);
      if (!plan) return { error: 'interview_plan_not_found', message: 'Interview plan not found' };
      return { results: plan.stages.map(stageJson), moreDataAvailable: false };
    },
  },

  '/interviewStage.info': {
    scope: SCOPES.interviewsRead,
    handle: (ctx) => {
      const stage = ctx.tenant.stageById(ctx.body.interviewStageId);
      if (!stage)
        return { error: 'interview_stage_not_found', message: 'Interview stage not found' };
      return { results: stageJson(stage) };
    },
  },

  '/source.list': {
    scope: SCOPES.hiringProcessMetadataRead,
    handle: (ctx) => ({
      results: ctx.tenant.sources
        .filter((source) => ctx.body.includeArchived === true || !source.isArchived)
        .map(sourceJson),
      moreDataAvailable: false,
    }),
  },

  '/archiveReason.list': {
    scope: SCOPES.hiringProcessMetadataRead,
    handle: (ctx) => ({
      results: ctx.tenant.archiveReasons
        .filter((reason) => ctx.body.includeArchived === true || !reason.isArchived)
        .map(archiveReasonJson),
      moreDataAvailable: false,
    }),
  },

  '/user.list': {
    scope: SCOPES.organizationRead,
    handle: (ctx) => {
      const includeDeactivated = ctx.body.includeDeactivated === true;
      return fromList(
        ctx.paging.list(
          arrayListable(
            'users',
            ctx.tenant.users,
            ctx.tenant.changes.users,
            (user) => includeDeactivated || user.isEnabled,
          ),
          ctx.body,
          ctx.tenant.seq,
          String(includeDeactivated),
        ),
        userJson,
      );
    },
  },

  '/candidate.list': {
    scope: SCOPES.candidatesRead,
    handle: (ctx) => {
      const createdAfter =
        typeof ctx.body.createdAfter === 'number' ? ctx.body.createdAfter : undefined;
      return fromList(
        ctx.paging.list(
          candidateListable(ctx, createdAfter),
          ctx.body,
          ctx.tenant.seq,
          String(createdAfter ?? ''),
        ),
        (candidate) => candidateJson(ctx.tenant, candidate),
      );
    },
  },

  '/candidate.info': {
    scope: SCOPES.candidatesRead,
    handle: (ctx) => {
      const candidate = ctx.tenant.candidateById(ctx.body.id);
      if (!candidate || !ctx.tenant.candidateVisible(candidate, visibility(ctx.key)))
        return { error: 'candidate_not_found', message: 'Candidate not found' };
      return { results: candidateJson(ctx.tenant, candidate) };
    },
  },

  '/candidate.search': {
    scope: SCOPES.candidatesRead,
    handle: (ctx) => {
      const email = str(ctx.body.email)?.toLowerCase();
      const name = str(ctx.body.name)?.toLowerCase();
      if (!email && !name) return invalid('Provide email or name');
      const seen = visibility(ctx.key);
      const results: unknown[] = [];
      const total = ctx.tenant.candidateCount();
      for (let i = 0; i < total && results.length < 100; i++) {
        const candidate = ctx.tenant.candidate(i);
        if (!candidate || !ctx.tenant.candidateVisible(candidate, seen)) continue;
        if (
          email &&
          candidate.email?.toLowerCase() !== email &&
          candidate.alternateEmail?.toLowerCase() !== email
        )
          continue;
        if (name && !candidate.name.toLowerCase().includes(name)) continue;
        results.push(candidateJson(ctx.tenant, candidate));
      }
      return { results };
    },
  },

  '/candidate.create': {
    scope: SCOPES.candidatesWrite,
    handle: (ctx) => {
      const name = str(ctx.body.name);
      if (!name) return invalid('name: Invalid input: expected string, received undefined');
      const email = ctx.body.email;
      if (email !== undefined && (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)))
        return invalid('email: Invalid email address');
      const sourceIndex = sourceIndexOf(ctx, ctx.body.sourceId);
      if (sourceIndex === -1) return { error: 'source_not_found', message: 'Source not found' };
      const candidate = ctx.tenant.createCandidate({
        name,
        email: str(email) ?? null,
        phone: str(ctx.body.phoneNumber) ?? null,
        linkedIn: str(ctx.body.linkedInUrl) ?? null,
        sourceIndex,
      });
      return { results: candidateJson(ctx.tenant, candidate) };
    },
  },

  '/candidate.createNote': {
    scope: SCOPES.candidatesWrite,
    handle: (ctx) => {
      const candidate = ctx.tenant.candidateById(ctx.body.candidateId);
      if (!candidate || !ctx.tenant.candidateVisible(candidate, visibility(ctx.key)))
        return { error: 'candidate_not_found', message: 'Candidate not found' };
      const note = ctx.body.note;
      const content =
        typeof note === 'string'
          ? note
          : note &&
              typeof note === 'object' &&
              typeof (note as { value?: unknown }).value === 'string'
            ? stripHtml(String((note as { value: string }).value))
            : undefined;
      if (!content) return invalid('note: Invalid input: expected string, received undefined');
      return {
        results: noteJson(
          ctx.tenant,
          ctx.tenant.createNote(candidate, content, ctx.body.isPrivate === true),
        ),
      };
    },
  },

  '/candidate.listNotes': {
    scope: SCOPES.candidatesRead,
    handle: (ctx) => {
      const candidate = ctx.tenant.candidateById(ctx.body.candidateId);
      if (!candidate || !ctx.tenant.candidateVisible(candidate, visibility(ctx.key)))
        return { error: 'candidate_not_found', message: 'Candidate not found' };
      const notes: SimNote[] = ctx.tenant.notes.get(candidate.index) ?? [];
      const changes = ctx.tenant.changes.notes.filter((change) => change.index === candidate.index);
      const listable: Listable<SimNote> = {
        entity: `notes:${candidate.id}`,
        total: () => notes.length,
        get: (index) => notes[index] ?? null,
        seqOf: (note) => note.seq,
        // Incremental note passes address notes by their position in this candidate's list.
        changes: changes.map((change) => ({
          seq: change.seq,
          index: notes.findIndex((note) => note.seq === change.seq),
        })),
      };
      return fromList(ctx.paging.list(listable, ctx.body, ctx.tenant.seq), (note) =>
        noteJson(ctx.tenant, note),
      );
    },
  },

  '/application.list': {
    scope: SCOPES.candidatesRead,
    handle: (ctx) => {
      const filters = {
        ...(str(ctx.body.status) ? { status: str(ctx.body.status)! } : {}),
        ...(str(ctx.body.jobId) ? { jobId: str(ctx.body.jobId)! } : {}),
        ...(typeof ctx.body.createdAfter === 'number'
          ? { createdAfter: ctx.body.createdAfter }
          : {}),
      };
      return fromList(
        ctx.paging.list(
          applicationListable(ctx, filters),
          ctx.body,
          ctx.tenant.seq,
          JSON.stringify(filters),
        ),
        (application) => applicationJson(ctx.tenant, application),
      );
    },
  },

  '/application.info': {
    scope: SCOPES.candidatesRead,
    handle: (ctx) => {
      const application = ctx.tenant.applicationById(ctx.body.applicationId);
      if (!application || !ctx.tenant.applicationVisible(application, visibility(ctx.key)))
        return { error: 'application_not_found', message: 'Application not found' };
      return { results: applicationJson(ctx.tenant, application, { withHistory: true }) };
    },
  },

  '/application.create': {
    scope: SCOPES.candidatesWrite,
    handle: (ctx) => {
      const seen = visibility(ctx.key);
      const candidate = ctx.tenant.candidateById(ctx.body.candidateId);
      if (!candidate || !ctx.tenant.candidateVisible(candidate, seen))
        return { error: 'candidate_not_found', message: 'Candidate not found' };
      const job = ctx.tenant.jobById(ctx.body.jobId);
      if (!job || !ctx.tenant.jobVisible(job, seen))
        return { error: 'requested_job_not_found', message: 'Job not found' };
      const plan =
        ctx.body.interviewPlanId !== undefined
          ? ctx.tenant.planById(ctx.body.interviewPlanId)
          : resolveJobPlan(ctx, job);
      if (!plan) return { error: 'interview_plan_not_found', message: 'Interview plan not found' };
      const requested = ctx.body.interviewStageId;
      const stage =
        requested === undefined
          ? plan.stages.find((candidateStage) => candidateStage.type === 'Lead')
          : requested === 'FirstPreInterviewScreen'
            ? plan.stages.find((candidateStage) => candidateStage.type === 'PreInterviewScreen')
            : plan.stages.find((candidateStage) => candidateStage.id === requested);
      if (!stage)
        return { error: 'interview_stage_not_found', message: 'Interview stage not found' };
      const sourceIndex = sourceIndexOf(ctx, ctx.body.sourceId);
      if (sourceIndex === -1) return { error: 'source_not_found', message: 'Source not found' };
      const application = ctx.tenant.createApplication({
        candidate,
        job,
        plan,
        stage,
        sourceIndex,
        creditedToUserIndex: null,
      });
      // Ashby's create answer is sparse: the stage holds only its id, the job only id and title.
      const full = applicationJson(ctx.tenant, application, { withHistory: true }) as Record<
        string,
        unknown
      >;
      return {
        results: {
          ...full,
          candidate: { id: candidate.id, name: candidate.name },
          currentInterviewStage: { id: stage.id },
          job: { id: job.id, title: job.title },
        },
      };
    },
  },

  '/application.changeStage': { scope: SCOPES.candidatesWrite, handle: changeStage },
  '/application.change_stage': { scope: SCOPES.candidatesWrite, handle: changeStage },

  '/file.createFileUploadHandle': {
    scope: SCOPES.candidatesWrite,
    handle: (ctx) => {
      const context = ctx.body.fileUploadContext;
      if (
        context !== 'CandidateResume' &&
        context !== 'CandidateFiles' &&
        context !== 'ApplicationForm'
      )
        return invalid('fileUploadContext: Invalid enum value');
      const filename = str(ctx.body.filename);
      const contentType = str(ctx.body.contentType);
      const contentLength = ctx.body.contentLength;
      if (!filename || !contentType || typeof contentLength !== 'number' || contentLength <= 0)
        return invalid('filename, contentType and contentLength are required');
      const fileId = idFor(ctx.tenant.seed, 'file', ctx.tenant.files.size);
      const handle = Buffer.from(
        JSON.stringify({
          handle: { type: context === 'CandidateResume' ? 'ResumeFile' : 'CandidateFile', fileId },
          signature: crypto.createHash('sha256').update(fileId).digest('base64url').slice(0, 22),
          version: '1',
        }),
      ).toString('base64url');
      const uploadToken = crypto.randomBytes(12).toString('hex');
      ctx.tenant.files.set(fileId, {
        id: fileId,
        handle,
        context,
        filename,
        contentType,
        contentLength,
        uploadToken,
        expiresAt: Date.now() + 10 * 60_000,
        uploadedBytes: null,
      });
      ctx.tenant.recordFileMutation('file.createFileUploadHandle', fileId, { filename });
      return {
        results: {
          handle,
          url: `${ctx.baseUrl}/_uploads/${fileId}`,
          fields: {
            key: `uploads/${fileId}/${filename}`,
            ...(ctx.quirks.uploadFieldsLackContentType ? {} : { 'Content-Type': contentType }),
            'x-sim-token': uploadToken,
          },
        },
      };
    },
  },

  '/candidate.uploadResume': {
    scope: SCOPES.candidatesWrite,
    handle: (ctx) => {
      const candidate = ctx.tenant.candidateById(ctx.body.candidateId);
      if (!candidate || !ctx.tenant.candidateVisible(candidate, visibility(ctx.key)))
        return { error: 'candidate_not_found', message: 'Candidate not found' };
      const file = [...ctx.tenant.files.values()].find(
        (candidateFile) => candidateFile.handle === ctx.body.resumeHandle,
      );
      if (!file) return invalid('resumeHandle: unknown file handle');
      if (file.uploadedBytes === null)
        return invalid('resumeHandle: the file was never uploaded to the upload URL');
      const ref = { id: file.id, name: file.filename, handle: file.handle };
      const updated = ctx.tenant.updateCandidate(
        candidate.id,
        { resume: ref, files: [...candidate.files, ref] },
        'candidate.uploadResume',
      );
      return { results: candidateJson(ctx.tenant, updated) };
    },
  },
};

function changeStage(ctx: EndpointContext): EndpointResult {
  const application = ctx.tenant.applicationById(ctx.body.applicationId);
  if (!application || !ctx.tenant.applicationVisible(application, visibility(ctx.key)))
    return {
      error: 'application_not_found',
      message: 'Application not found - are you lacking permissions to edit candidates?',
    };
  if (!str(ctx.body.interviewStageId))
    return invalid('interviewStageId: Invalid input: expected string, received undefined');
  const plan = ctx.tenant.plans[application.planIndex]!;
  const stage = plan.stages.find((candidate) => candidate.id === ctx.body.interviewStageId);
  if (!stage)
    return {
      error: 'interview_stage_not_found',
      message: "Interview stage not found in the application's interview plan",
    };
  const reasonId = ctx.body.archiveReasonId;
  let reasonIndex: number | null = null;
  if (stage.type === 'Archived') {
    if (!str(reasonId)) return invalid('archiveReasonId is required when archiving');
    reasonIndex = ctx.tenant.archiveReasons.findIndex((reason) => reason.id === reasonId);
    if (reasonIndex < 0)
      return { error: 'archive_reason_not_found', message: 'Archive reason not found' };
  } else if (reasonId !== undefined) {
    return invalid('archiveReasonId is only allowed when moving to an Archived stage');
  }
  const moved = ctx.tenant.moveApplication(
    application.id,
    stage,
    reasonIndex,
    'application.changeStage',
  );
  return { results: applicationJson(ctx.tenant, moved, { withHistory: true }) };
}

/** null when absent, -1 when unknown, else the source's index. */
function sourceIndexOf(ctx: EndpointContext, sourceId: unknown): number | null {
  if (sourceId === undefined || sourceId === null) return null;
  return ctx.tenant.sources.findIndex((source) => source.id === sourceId);
}

function stripHtml(html: string): string {
  return html.replace(/<(?!\/?(b|i|u|a|ul|ol|li|code|pre)\b)[^>]*>/gi, '');
}
