import {
  iso,
  newId,
  type GhApplication,
  type GhApplicationStage,
  type GhCandidate,
  type GreenhouseTenant,
} from './model';
import { UnprocessableError } from './query';
import { deleteCandidate, mergeCandidates } from './admin-changes';
import {
  APPLICATION_KEYS,
  ATTACHMENT_TYPES,
  EMAIL_FIELDS,
  GreenhouseApiError,
  listOf,
  PATCH_KEYS,
  VISIBILITY,
  type Mutation,
  type WriteOptions,
} from './write-rules';

export { GreenhouseApiError, type Mutation, type WriteOptions };

/**
 * Harvest v3 writes and the organisation's own changes (an admin deleting or merging a
 * candidate). Every change bumps `updated_at`, so incremental reads see it; deletions and merges
 * leave no trace a list could show (see docs/greenhouse.md).
 */

type Body = Record<string, unknown>;

export class GreenhouseMutations {
  readonly log: Mutation[] = [];
  /** Candidates created asynchronously, readable from this time on. */
  readonly readableFrom = new Map<number, number>();
  private seq = 0;

  constructor(
    private readonly tenant: GreenhouseTenant,
    public options: WriteOptions,
    private readonly now: () => number,
    /** Called after every insert or delete, so list orders are rebuilt. */
    private readonly changed: () => void,
  ) {}

  private record(kind: string, actingUserId: number, ids: Record<string, number>, body: unknown) {
    this.log.push({ seq: ++this.seq, at: this.now(), kind, actingUserId, ids, body });
  }

  private stamp(): string {
    return iso(this.now());
  }

  createCandidate(body: Body, actingUserId: number): { status: number; body: unknown } {
    const missing = ['first_name', 'last_name'].filter(
      (key) => typeof body[key] !== 'string' || !(body[key] as string).trim(),
    );
    if (missing.length) {
      throw new UnprocessableError(missing.map((key) => ({ [key]: 'is required' })));
    }
    const at = this.stamp();
    const candidate: GhCandidate = {
      id: newId(this.tenant),
      first_name: String(body.first_name),
      last_name: String(body.last_name),
      company: typeof body.company === 'string' ? body.company : null,
      title: typeof body.title === 'string' ? body.title : null,
      email_addresses: listOf(body.email_addresses, (item) => ({
        value: String(item.value),
        type: typeof item.type === 'string' ? item.type : 'personal',
      })),
      phone_numbers: listOf(body.phone_numbers, (item) => ({
        value: String(item.value),
        type: typeof item.type === 'string' ? item.type : 'mobile',
      })),
      social_media_addresses: listOf(body.social_media_addresses, (item) => ({
        value: String(item.value),
      })),
      tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
      private: false,
      last_activity_at: at,
      created_at: at,
      updated_at: at,
    };
    this.tenant.candidates.set(candidate.id, candidate);
    const nested = body.application as Body | undefined;
    if (nested && typeof nested === 'object') {
      this.createApplication({ ...nested, candidate_id: candidate.id }, actingUserId, false);
    }
    this.changed();
    this.record('candidate.create', actingUserId, { candidate: candidate.id }, body);
    switch (this.options.candidateCreateAnswer) {
      case 'wrapped':
        return { status: 201, body: { candidate } };
      case 'async':
        this.readableFrom.set(candidate.id, this.now() + this.options.asyncCandidateDelayMs);
        return { status: 202, body: { message: 'Your candidate is being created.' } };
      default:
        return { status: 201, body: candidate };
    }
  }

  createApplication(body: Body, actingUserId: number, log = true): GhApplication {
    const unknown = Object.keys(body).filter((key) => !APPLICATION_KEYS.has(key));
    if (unknown.length) {
      throw new UnprocessableError(unknown.map((key) => ({ [key]: 'is not a permitted field' })));
    }
    const candidate = this.tenant.candidates.get(Number(body.candidate_id));
    if (!candidate) throw new UnprocessableError([{ candidate_id: 'does not exist' }]);
    const sourceId =
      body.source_id === undefined || body.source_id === null ? null : Number(body.source_id);
    if (sourceId !== null && !this.tenant.sources.has(sourceId)) {
      throw new UnprocessableError([{ source_id: 'does not exist' }]);
    }
    const referrerId =
      body.referrer_id === undefined || body.referrer_id === null ? null : Number(body.referrer_id);
    if (referrerId !== null && !this.tenant.referrers.has(referrerId)) {
      throw new UnprocessableError([{ referrer_id: 'does not exist' }]);
    }
    const at = this.stamp();
    const base = {
      id: newId(this.tenant),
      candidate_id: candidate.id,
      status: 'in_process' as const,
      stage_id: null,
      job_interview_stage_id: null,
      stage_name: null,
      source_id: sourceId,
      referrer_id: referrerId,
      recruiter_id: typeof body.recruiter_id === 'number' ? body.recruiter_id : null,
      coordinator_id: typeof body.coordinator_id === 'number' ? body.coordinator_id : null,
      rejected_at: null,
      rejection_reason_id: null,
      last_activity_at: at,
      created_at: at,
      updated_at: at,
    };
    let application: GhApplication;
    if (body.prospect === true) {
      const jobIds = Array.isArray(body.job_ids) ? body.job_ids.map(Number) : [];
      application = { ...base, job_id: null, prospect: true, prospective_job_ids: jobIds };
    } else {
      const job = this.tenant.jobs.get(Number(body.job_id));
      if (!job) throw new UnprocessableError([{ job_id: 'does not exist' }]);
      if (job.status !== 'open') throw new UnprocessableError([{ job_id: 'the job is not open' }]);
      if (
        this.options.duplicateApplications === 'reject' &&
        [...this.tenant.applications.values()].some(
          (other) => other.candidate_id === candidate.id && other.job_id === job.id,
        )
      ) {
        throw new UnprocessableError([{ job_id: 'the candidate already applied to this job' }]);
      }
      application = { ...base, job_id: job.id, prospect: false, prospective_job_ids: [] };
      const stages = this.jobStages(job.id);
      const initial =
        body.initial_stage_id !== undefined
          ? stages.find((stage) => stage.id === Number(body.initial_stage_id))
          : stages[0];
      if (!initial)
        throw new UnprocessableError([{ initial_stage_id: 'is not a stage of the job' }]);
      this.enterStage(application, initial.id, initial.name, at);
    }
    this.tenant.applications.set(application.id, application);
    candidate.updated_at = at;
    candidate.last_activity_at = at;
    if (log) {
      this.changed();
      this.record(
        'application.create',
        actingUserId,
        { application: application.id, candidate: candidate.id },
        body,
      );
    }
    return application;
  }

  patchApplication(id: number, body: Body, actingUserId: number): GhApplication {
    const application = this.application(id);
    const unknown = Object.keys(body).filter((key) => !PATCH_KEYS.has(key));
    if (unknown.length) {
      throw new UnprocessableError(unknown.map((key) => ({ [key]: 'is not a permitted field' })));
    }
    if (body.source_id !== undefined) {
      if (!this.tenant.sources.has(Number(body.source_id)))
        throw new UnprocessableError([{ source_id: 'does not exist' }]);
      application.source_id = Number(body.source_id);
    }
    this.touch(application);
    this.record('application.update', actingUserId, { application: id }, body);
    return application;
  }

  move(id: number, body: Body, actingUserId: number): void {
    const application = this.application(id);
    if (application.status !== 'in_process' || application.job_id === null) {
      throw new UnprocessableError(['Only active applications can be moved.']);
    }
    if (body.from_stage_id === undefined) {
      throw new UnprocessableError([{ from_stage_id: 'is required' }]);
    }
    const from = Number(body.from_stage_id);
    const accepted =
      this.options.moveFromStage === 'application_stage'
        ? [application.stage_id]
        : this.options.moveFromStage === 'job_interview_stage'
          ? [application.job_interview_stage_id]
          : [application.stage_id, application.job_interview_stage_id];
    if (!accepted.includes(from)) {
      throw new UnprocessableError([
        { from_stage_id: 'does not match the application’s current stage' },
      ]);
    }
    if (body.to_stage_id !== undefined && body.to_job_id !== undefined) {
      throw new UnprocessableError(['Send to_stage_id or to_job_id, not both.']);
    }
    const stages = this.jobStages(application.job_id);
    let target;
    if (body.to_stage_id !== undefined) {
      target = stages.find((stage) => stage.id === Number(body.to_stage_id));
      if (!target) throw new UnprocessableError([{ to_stage_id: 'is not a stage of this job' }]);
    } else {
      const index = stages.findIndex((stage) => stage.id === application.job_interview_stage_id);
      target = stages[index + 1];
      if (!target) throw new UnprocessableError(['The application is already in the last stage.']);
    }
    const at = this.stamp();
    this.closeCurrentStage(application.id, at);
    this.enterStage(application, target.id, target.name, at);
    this.touch(application);
    this.changed();
    this.record('application.move', actingUserId, { application: id, to_stage: target.id }, body);
  }

  reject(id: number, body: Body, actingUserId: number): void {
    const application = this.application(id);
    if (application.status === 'rejected') {
      throw new UnprocessableError(['The application is already rejected.']);
    }
    if (application.status !== 'in_process') {
      throw new UnprocessableError(['Only active applications can be rejected.']);
    }
    const reasonId = Number(body.rejection_reason_id);
    if (body.rejection_reason_id === undefined || !this.tenant.rejectionReasons.has(reasonId)) {
      throw new UnprocessableError([{ rejection_reason_id: 'is required and must exist' }]);
    }
    const at = this.stamp();
    let noteId: number | null = null;
    if (typeof body.notes === 'string' && body.notes) {
      noteId = this.addNote(
        application.candidate_id,
        application.id,
        actingUserId,
        body.notes,
        'privately_visible',
        at,
      );
    }
    this.closeCurrentStage(application.id, at);
    application.status = 'rejected';
    application.rejected_at = at;
    application.rejection_reason_id = reasonId;
    application.stage_id = null;
    application.job_interview_stage_id = null;
    if (!this.options.rejectedKeepsStageName) application.stage_name = null;
    const detail = {
      id: newId(this.tenant),
      application_id: application.id,
      rejection_reason_id: reasonId,
      rejected_at: at,
      rejected_by_id: actingUserId,
      rejection_note_id: noteId,
      created_at: at,
      updated_at: at,
    };
    this.tenant.rejectionDetails.set(detail.id, detail);
    this.touch(application);
    this.changed();
    this.record('application.reject', actingUserId, { application: id, reason: reasonId }, body);
  }

  unreject(id: number, actingUserId: number): void {
    const application = this.application(id);
    if (application.status !== 'rejected') {
      throw new UnprocessableError(['Only rejected applications can be unrejected.']);
    }
    const at = this.stamp();
    for (const [detailId, detail] of this.tenant.rejectionDetails) {
      if (detail.application_id === id) this.tenant.rejectionDetails.delete(detailId);
    }
    const rows = [...this.tenant.applicationStages.values()]
      .filter((row) => row.application_id === id)
      .sort((a, b) => b.id - a.id);
    const stages = application.job_id === null ? [] : this.jobStages(application.job_id);
    const last = stages.find((stage) => stage.id === rows[0]?.job_interview_stage_id) ?? stages[0];
    application.status = 'in_process';
    application.rejected_at = null;
    application.rejection_reason_id = null;
    if (last) this.enterStage(application, last.id, last.name, at);
    this.touch(application);
    this.changed();
    this.record('application.unreject', actingUserId, { application: id }, {});
  }

  createNote(body: Body, actingUserId: number) {
    for (const key of ['candidate_id', 'body', 'visibility']) {
      if (body[key] === undefined || body[key] === null || body[key] === '')
        throw new UnprocessableError([{ [key]: 'is required' }]);
    }
    const candidate = this.tenant.candidates.get(Number(body.candidate_id));
    if (!candidate) throw new UnprocessableError([{ candidate_id: 'does not exist' }]);
    const visibility = VISIBILITY[String(body.visibility)];
    if (!visibility) {
      throw new UnprocessableError([{ visibility: 'must be one of public, private, admin_only' }]);
    }
    const type = typeof body.note_type === 'string' ? body.note_type : 'NOTE';
    if (!['NOTE', 'ACTIVITY', 'EMAIL'].includes(type)) {
      throw new UnprocessableError([{ note_type: 'must be one of NOTE, ACTIVITY, EMAIL' }]);
    }
    const emailFields = EMAIL_FIELDS.filter((key) => body[key] !== undefined);
    if (type === 'EMAIL' && emailFields.length !== EMAIL_FIELDS.length) {
      throw new UnprocessableError([
        'EMAIL notes need subject, email_from, email_to and email_cc.',
      ]);
    }
    if (type !== 'EMAIL' && emailFields.length > 0) {
      throw new UnprocessableError([`${emailFields.join(', ')} only go with EMAIL notes.`]);
    }
    let applicationId: number | null = null;
    if (body.application_id !== undefined && body.application_id !== null) {
      const application = this.tenant.applications.get(Number(body.application_id));
      if (!application || application.candidate_id !== candidate.id) {
        throw new UnprocessableError([{ application_id: 'does not belong to the candidate' }]);
      }
      applicationId = application.id;
    }
    const author = body.user_id === undefined ? actingUserId : Number(body.user_id);
    if (!this.tenant.users.has(author))
      throw new UnprocessableError([{ user_id: 'does not exist' }]);
    const at = this.stamp();
    const id = this.addNote(
      candidate.id,
      applicationId,
      author,
      String(body.body),
      visibility,
      at,
      type,
    );
    const note = this.tenant.notes.get(id)!;
    if (type === 'EMAIL') {
      note.subject = String(body.subject);
      note.email_from = String(body.email_from);
      note.email_to = (body.email_to as unknown[]).map(String);
      note.email_cc = (body.email_cc as unknown[]).map(String);
    }
    candidate.updated_at = at;
    candidate.last_activity_at = at;
    this.changed();
    this.record('note.create', author, { note: id, candidate: candidate.id }, body);
    return note;
  }

  createAttachment(body: Body, actingUserId: number, origin: string) {
    const application = this.tenant.applications.get(Number(body.application_id));
    if (!application) throw new UnprocessableError([{ application_id: 'does not exist' }]);
    if (typeof body.filename !== 'string' || !/\.[A-Za-z0-9]+$/.test(body.filename)) {
      throw new UnprocessableError([{ filename: 'is required, with an extension' }]);
    }
    const type = String(body.type);
    if (!ATTACHMENT_TYPES.has(type))
      throw new UnprocessableError([{ type: 'is not a known type' }]);
    const hasContent = typeof body.content === 'string';
    const hasUrl = typeof body.url === 'string';
    if (hasContent === hasUrl) {
      throw new UnprocessableError(['Send exactly one of content and url.']);
    }
    const size = hasContent ? Buffer.from(body.content as string, 'base64').length : 0;
    const at = this.stamp();
    if (type === 'resume' || type === 'cover_letter') {
      for (const file of this.tenant.attachments.values()) {
        if (file.application_id === application.id && file.type === type) {
          file.type = 'other';
          file.updated_at = at;
        }
      }
    }
    const id = newId(this.tenant);
    const file = {
      id,
      application_id: application.id,
      candidate_id: application.candidate_id,
      type,
      filename: body.filename,
      url: `${origin}/files/${id}?X-Amz-Expires=604800`,
      size,
      created_at: at,
      updated_at: at,
    };
    this.tenant.attachments.set(id, file);
    this.touch(application);
    this.changed();
    this.record(
      'attachment.create',
      actingUserId,
      { attachment: id, application: application.id },
      { ...body, content: hasContent ? `<${size} bytes>` : undefined },
    );
    return file;
  }

  /** An admin deletes a candidate (and their applications): nothing in any list says so. */
  deleteCandidate(id: number): void {
    deleteCandidate(this.tenant, id);
    this.changed();
  }

  /** An admin merges `loser` into `winner`: the loser vanishes, its applications move over. */
  mergeCandidates(loser: number, winner: number): void {
    mergeCandidates(this.tenant, loser, winner, this.stamp());
    this.changed();
  }

  private application(id: number): GhApplication {
    const application = this.tenant.applications.get(id);
    if (!application) throw new GreenhouseApiError(404, 'Resource not found');
    return application;
  }

  private jobStages(jobId: number) {
    return [...this.tenant.jobInterviewStages.values()]
      .filter((stage) => stage.job_id === jobId && stage.active)
      .sort((a, b) => a.sort_order - b.sort_order);
  }

  private closeCurrentStage(applicationId: number, at: string): void {
    for (const row of this.tenant.applicationStages.values()) {
      if (row.application_id === applicationId && row.current) {
        row.current = false;
        row.exited_at = at;
        row.updated_at = at;
      }
    }
  }

  private enterStage(application: GhApplication, stageId: number, name: string, at: string) {
    const row: GhApplicationStage = {
      id: newId(this.tenant),
      application_id: application.id,
      job_interview_stage_id: stageId,
      entered_at: at,
      exited_at: null,
      current: true,
      created_at: at,
      updated_at: at,
    };
    this.tenant.applicationStages.set(row.id, row);
    application.stage_id = row.id;
    application.job_interview_stage_id = stageId;
    application.stage_name = name;
  }

  private touch(application: GhApplication): void {
    const at = this.stamp();
    application.updated_at = at;
    application.last_activity_at = at;
  }

  private addNote(
    candidateId: number,
    applicationId: number | null,
    userId: number,
    body: string,
    visibility: 'publicly_visible' | 'privately_visible' | 'admin_only_visible',
    at: string,
    type = 'NOTE',
  ): number {
    const id = newId(this.tenant);
    this.tenant.notes.set(id, {
      id,
      candidate_id: candidateId,
      application_id: applicationId,
      user_id: userId,
      type,
      visibility,
      body,
      subject: null,
      email_from: null,
      email_to: null,
      email_cc: null,
      created_at: at,
      updated_at: at,
    });
    return id;
  }
}
