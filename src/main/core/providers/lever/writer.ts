import { AtsApiError, isAtsApiError } from '../../http';
import type {
  AtsWriter,
  AttachedResume,
  CreatedApplication,
  NewApplication,
  NoteTarget,
  ResumeFile,
  ResumeState,
  StageMove,
  WriteCapabilities,
  WriteEnvironment,
  WriteOrigin,
  WriteReadiness,
} from '../provider';
import type { AtsApplicationRecord, AtsCandidateRecord } from '../records';
import { LEVER_NAME, type LeverApi, type LeverQuery } from './api';
import {
  applicationFromOpportunity,
  candidateFromOpportunity,
  type ApplicationContext,
  type PipelineSection,
} from './mappers';
import { LeverOpportunity, SingleEnvelope } from './payloads';
import { learnedValue } from '../learned';

/**
 * Lever's write side:
 * - a person is a contact; the console finds one by email (`GET /opportunities?email=`), and a new
 *   one is made by `POST /opportunities` itself, which dedupes by email (`deduped`);
 * - an application is an opportunity created as a Lead on the posting: `sources: ["Kula"]`,
 *   `origin: sourced` (a referral: `referred`), the mapped stage, `perform_as` the chosen user;
 *   a resume that exists before the opportunity goes with it (multipart `resumeFile`);
 * - a move sets the stage (`PUT …/stage`, unarchiving an archived opportunity) or archives with a
 *   reason (`PUT …/archived`), never both;
 * - notes belong to an opportunity (`POST …/notes`);
 * - Lever has no API to add a resume to an existing opportunity: a later resume is uploaded as a
 *   file (`POST …/files`) and Lever shows it under Files, not Resumes.
 * See docs/lever.md.
 */
export const LEVER_WRITE_CAPABILITIES: WriteCapabilities = {
  candidateCreatedSeparately: false,
  notesAttachTo: 'application',
  resumeAtCreate: true,
  laterResume: 'file',
  caveats: [
    'Lever creates the candidate with the first opportunity and matches existing people by email itself.',
    'Lever keeps notes on opportunities: Kula notes and messages go to the opportunity the console created or linked.',
    'Lever has no API to add a resume to an existing opportunity: a resume uploaded before the opportunity is created goes with it; a later one is attached as a file, which Lever shows under Files, not Resumes.',
  ],
};

export class LeverWriter implements AtsWriter {
  readonly capabilities = LEVER_WRITE_CAPABILITIES;

  private performAs: string | null = null;
  private context: ApplicationContext = { sections: new Map(), hiredReasons: new Set() };
  /**
   * Whether lookups ask for confidential records too. Lever grants a key confidential access only
   * when the key is created, and most keys lack it: then `confidentiality=all` answers 403 and the
   * lookup is made again without it. The answer is kept with the connection, so later runs ask
   * the right way at once, and a 403 teaches it again.
   */
  private confidential = true;
  /** What the connection's settings say, so only a change is written. */
  private remembered: boolean | null = null;

  /** `learn` keeps what a lookup taught about the credential with the connection. */
  constructor(
    private readonly api: LeverApi,
    private readonly learn?: (values: Record<string, unknown>) => void,
  ) {}

  begin(env: WriteEnvironment): WriteReadiness {
    this.remembered = learnedConfidentialAccess(env.config);
    this.confidential = this.remembered ?? true;
    const chosen = env.config.performAs;
    this.performAs = typeof chosen === 'string' && chosen ? chosen : null;
    this.context = {
      sections: new Map(
        env.stages.map((stage) => [stage.remoteId, (stage.type ?? 'interview') as PipelineSection]),
      ),
      hiredReasons: new Set(
        env.archiveReasons
          .filter((reason) => reason.reasonType === 'hired')
          .map((reason) => reason.remoteId),
      ),
    };
    if (this.performAs) return { ready: true };
    return {
      ready: false,
      reason:
        'No Lever user is chosen for the console’s writes, and Lever records one as the creator of every lead, note and file (perform_as).',
      action:
        'Choose the Lever user writes are made as in the connection’s settings (or with `kula-console connections write-user`). Queued writes are kept.',
    };
  }

  async findCandidate(emails: string[], signal: AbortSignal): Promise<AtsCandidateRecord | null> {
    for (const email of emails) {
      const [newest] = await this.opportunities([['email', email]], signal);
      if (newest) return candidateFromOpportunity(newest);
    }
    return null;
  }

  createCandidate(): Promise<AtsCandidateRecord> {
    return Promise.reject(
      new Error('Lever creates the candidate with the first opportunity (createApplication).'),
    );
  }

  async listApplications(
    candidate: AtsCandidateRecord,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord[]> {
    const opportunities = await this.opportunities([['contact_id', candidate.remoteId]], signal);
    return opportunities.map((opportunity) => this.application(opportunity));
  }

  async getApplication(
    applicationId: string,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord | null> {
    try {
      const body = await this.api.get(
        `/opportunities/${encodeURIComponent(applicationId)}`,
        [['expand', 'applications']],
        signal,
      );
      return this.application(this.opportunityOf(body, 'GET /opportunities/:id'));
    } catch (error) {
      if (isAtsApiError(error) && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async createApplication(input: NewApplication, signal: AbortSignal): Promise<CreatedApplication> {
    const performAs = this.requirePerformAs();
    const fields = {
      name: input.draft.name,
      emails: input.draft.emails,
      links: input.draft.links,
      sources: ['Kula'],
      tags: ['Kula'],
      origin: input.origin satisfies WriteOrigin,
      postings: [input.jobId],
      ...(input.stageId ? { stage: input.stageId } : {}),
      ...(input.candidate ? { contact: input.candidate.remoteId } : {}),
    };
    let body: { json: unknown } | { form: FormData };
    if (input.resume) {
      // Files need multipart, where each array value is its own `key[]` field. How Lever reads
      // phone objects in multipart is unconfirmed, so the phone is left out of this variant.
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) {
        if (Array.isArray(value)) for (const item of value) form.append(`${key}[]`, item);
        else form.append(key, value);
      }
      form.append(
        'resumeFile',
        new Blob([new Uint8Array(input.resume.bytes)], { type: input.resume.contentType }),
        input.resume.name,
      );
      body = { form };
    } else {
      body = {
        json: {
          ...fields,
          ...(input.draft.phone ? { phones: [{ type: 'other', value: input.draft.phone }] } : {}),
        },
      };
    }
    const answer = await this.api.send(
      'POST',
      '/opportunities',
      [['perform_as', performAs]],
      body,
      signal,
    );
    const opportunity = this.opportunityOf(answer, 'POST /opportunities');
    const deduped = (answer as { deduped?: unknown } | null)?.deduped === true;
    const application = this.application(opportunity);
    return {
      // The create answer does not expand the application; the posting is the one asked for.
      application: { ...application, jobRemoteId: application.jobRemoteId ?? input.jobId },
      candidate: candidateFromOpportunity(opportunity),
      candidateCreated: !deduped && !input.candidate,
      resumeAttached: input.resume !== null,
    };
  }

  async moveApplication(
    current: AtsApplicationRecord,
    move: StageMove,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord> {
    const path = `/opportunities/${encodeURIComponent(current.remoteId)}`;
    const query: LeverQuery = this.performAs ? [['perform_as', this.performAs]] : [];
    let answer: unknown = null;
    if (move.archives) {
      if (!move.archiveReasonId) throw rejected('Archiving in Lever needs an archive reason.');
      answer = await this.api.send(
        'PUT',
        `${path}/archived`,
        query,
        { json: { reason: move.archiveReasonId } },
        signal,
      );
    } else {
      if (move.stageId && move.stageId !== current.stageRemoteId) {
        answer = await this.api.send(
          'PUT',
          `${path}/stage`,
          query,
          { json: { stage: move.stageId } },
          signal,
        );
      }
      // Lever keeps the stage of an archived opportunity; a move to a stage brings it back.
      if (current.archived) {
        answer = await this.api.send(
          'PUT',
          `${path}/archived`,
          query,
          { json: { reason: null } },
          signal,
        );
      }
    }
    if (answer === null) return current;
    const moved = this.application(this.opportunityOf(answer, 'PUT /opportunities/:id'));
    return { ...moved, jobRemoteId: moved.jobRemoteId ?? current.jobRemoteId };
  }

  async noteExists(target: NoteTarget, ref: string, signal: AbortSignal): Promise<boolean> {
    const opportunity = this.noteOpportunity(target);
    const notes = await this.readAll(
      `/opportunities/${encodeURIComponent(opportunity)}/notes`,
      [],
      signal,
    );
    return notes.some((note) => {
      const fields = (note as { fields?: unknown } | null)?.fields;
      return (
        Array.isArray(fields) &&
        fields.some((field) => {
          const value = (field as { value?: unknown } | null)?.value;
          return typeof value === 'string' && value.includes(ref);
        })
      );
    });
  }

  async createNote(
    target: NoteTarget,
    text: string,
    signal: AbortSignal,
  ): Promise<{ remoteId: string | null }> {
    const opportunity = this.noteOpportunity(target);
    const answer = await this.api.send(
      'POST',
      `/opportunities/${encodeURIComponent(opportunity)}/notes`,
      this.performAs ? [['perform_as', this.performAs]] : [],
      { json: { value: text } },
      signal,
    );
    const data = SingleEnvelope.safeParse(answer);
    const note = data.success ? (data.data.data as { id?: unknown; noteId?: unknown }) : null;
    const id = note?.noteId ?? note?.id;
    return { remoteId: typeof id === 'string' ? id : null };
  }

  async resumeState(target: NoteTarget, signal: AbortSignal): Promise<ResumeState> {
    const opportunity = encodeURIComponent(this.noteOpportunity(target));
    const resumes = await this.readAll(`/opportunities/${opportunity}/resumes`, [], signal).catch(
      (error: unknown) => {
        // Some Lever accounts answer ResourceNotFound instead of an empty list.
        if (isAtsApiError(error) && error.kind === 'not_found') return [];
        throw error;
      },
    );
    const files = await this.readAll(`/opportunities/${opportunity}/files`, [], signal);
    const first = resumes[0] as { file?: { name?: unknown } } | undefined;
    return {
      resumeName: first
        ? typeof first.file?.name === 'string'
          ? first.file.name
          : 'resume'
        : null,
      files: files.map((file) => {
        const { name, size } = (file ?? {}) as { name?: unknown; size?: unknown };
        return {
          name: typeof name === 'string' ? name : '',
          size: typeof size === 'number' ? size : typeof size === 'string' ? Number(size) : null,
        };
      }),
    };
  }

  async attachResume(
    target: NoteTarget,
    file: ResumeFile,
    signal: AbortSignal,
  ): Promise<AttachedResume> {
    const performAs = this.requirePerformAs();
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(file.bytes)], { type: file.contentType }),
      file.name,
    );
    const answer = await this.api.send(
      'POST',
      `/opportunities/${encodeURIComponent(this.noteOpportunity(target))}/files`,
      [['perform_as', performAs]],
      { form },
      signal,
    );
    const data = SingleEnvelope.safeParse(answer);
    const id = data.success ? (data.data.data as { id?: unknown } | null)?.id : undefined;
    return { placement: 'file', remoteId: typeof id === 'string' ? id : null };
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  private requirePerformAs(): string {
    if (this.performAs) return this.performAs;
    throw rejected(
      'No Lever user is chosen for the console’s writes (perform_as).',
      'Choose the Lever user writes are made as in the connection’s settings.',
    );
  }

  private noteOpportunity(target: NoteTarget): string {
    if (target.applicationId) return target.applicationId;
    throw rejected(
      'Lever keeps notes and files on opportunities, and this candidate has none the console knows.',
      'Add the candidate to a flow linked to a Lever posting first.',
    );
  }

  private application(opportunity: LeverOpportunity): AtsApplicationRecord {
    return applicationFromOpportunity(opportunity, this.context);
  }

  private opportunityOf(answer: unknown, endpoint: string): LeverOpportunity {
    const envelope = SingleEnvelope.safeParse(answer);
    const parsed = envelope.success ? LeverOpportunity.safeParse(envelope.data.data) : null;
    if (parsed?.success) return parsed.data;
    throw new AtsApiError({
      kind: 'bad_response',
      provider: LEVER_NAME,
      message: `Lever answered ${endpoint} with an opportunity the console could not read.`,
      endpoint,
    });
  }

  /** Opportunities matching a filter, newest first, with their applications expanded. */
  private async opportunities(
    filter: LeverQuery,
    signal: AbortSignal,
  ): Promise<LeverOpportunity[]> {
    const query: LeverQuery = [...filter, ['expand', 'applications']];
    let items: unknown[];
    try {
      items = await this.readAll(
        '/opportunities',
        this.confidential ? [...query, ['confidentiality', 'all']] : query,
        signal,
      );
      if (this.confidential) this.remember(true);
    } catch (error) {
      if (!isAtsApiError(error) || error.kind !== 'permission' || !this.confidential) throw error;
      this.confidential = false;
      this.remember(false);
      items = await this.readAll('/opportunities', query, signal);
    }
    const out: LeverOpportunity[] = [];
    for (const item of items) {
      const parsed = LeverOpportunity.safeParse(item);
      if (parsed.success) out.push(parsed.data);
    }
    return out.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  }

  private remember(confidentialAccess: boolean): void {
    if (this.remembered === confidentialAccess) return;
    this.remembered = confidentialAccess;
    this.learn?.({ [CONFIDENTIAL_ACCESS]: confidentialAccess });
  }

  private async readAll(path: string, query: LeverQuery, signal: AbortSignal): Promise<unknown[]> {
    const data: unknown[] = [];
    let offset: string | null = null;
    for (let page = 0; page < 50; page++) {
      const { envelope } = await this.api.list(
        path,
        offset === null
          ? [...query, ['limit', '100']]
          : [...query, ['limit', '100'], ['offset', offset]],
        signal,
      );
      data.push(...envelope.data);
      if (!envelope.hasNext || !envelope.next || envelope.next === offset) break;
      offset = envelope.next;
    }
    return data;
  }
}

/** The key under the connection's `learned` settings. */
export const CONFIDENTIAL_ACCESS = 'confidentialAccess';

/** What the connection's settings remember of the credential's confidential access, if anything. */
function learnedConfidentialAccess(config: Record<string, unknown>): boolean | null {
  const value = learnedValue(config, CONFIDENTIAL_ACCESS);
  return typeof value === 'boolean' ? value : null;
}

function rejected(message: string, action?: string): AtsApiError {
  return new AtsApiError({
    kind: 'rejected',
    provider: LEVER_NAME,
    message,
    ...(action ? { action } : {}),
    endpoint: 'Lever write',
  });
}
