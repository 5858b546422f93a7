import { AtsApiError, isAtsApiError } from '../../http';
import type {
  AtsWriter,
  AttachedResume,
  CandidateDraft,
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
import type { AtsApplicationRecord, AtsCandidateRecord, AtsSourceRecord } from '../records';
import { ASHBY_NAME, type AshbyApi } from './api';
import { mapApplication, mapCandidate, Skip } from './mappers';

/**
 * Ashby's write side:
 * - a person is found with `candidate.search {email}` and created with `candidate.create`, tagged
 *   with the source "Kula" (type "Integration") from the cache;
 * - an application is `application.create {candidateId, jobId, interviewStageId?, sourceId}`;
 *   a referral uses the tenant's referral source when one exists, else "Kula";
 * - a move is `application.changeStage` (with `archiveReasonId` for an Archived-type stage);
 * - notes are `candidate.createNote` on the person (plain text), looked up with
 *   `candidate.listNotes`;
 * - a resume goes through `file.createFileUploadHandle`, the presigned upload, then
 *   `candidate.uploadResume`; `candidate.info` says whether the person already has one.
 * See docs/ashby.md.
 */

const NOTES_PAGE_LIMIT = 100;
/** A person's notes are few; this bounds the check-before-create on a pathological one. */
const MAX_NOTE_PAGES = 20;

export const ASHBY_WRITE_CAPABILITIES: WriteCapabilities = {
  candidateCreatedSeparately: true,
  notesAttachTo: 'candidate',
  resumeAtCreate: false,
  laterResume: 'resume',
  caveats: [
    'Ashby keeps notes and resumes on the candidate; a resume is added only when the console created the current application and the candidate has no resume yet.',
  ],
};

export class AshbyWriter implements AtsWriter {
  readonly capabilities = ASHBY_WRITE_CAPABILITIES;

  private sources: AtsSourceRecord[] = [];

  constructor(private readonly api: AshbyApi) {}

  begin(env: WriteEnvironment): WriteReadiness {
    this.sources = env.sources;
    if (findKulaSource(env.sources)) return { ready: true };
    return {
      ready: false,
      reason:
        'Ashby has no active source “Kula” under the source type “Integration” (as of the last sync), so the console cannot tag what it creates.',
      action:
        'In Ashby, open Admin → Organization Setup → Candidate Sources, add the source type “Integration” and the source “Kula” under it, then sync again. Queued writes are kept.',
    };
  }

  async findCandidate(emails: string[], signal: AbortSignal): Promise<AtsCandidateRecord | null> {
    for (const email of emails) {
      const found = await this.api.call<unknown[]>(
        '/candidate.search',
        { email },
        { safety: 'read', signal },
      );
      const first = Array.isArray(found.results) ? found.results[0] : undefined;
      if (first) return this.read('/candidate.search', () => mapCandidate(asObject(first)));
    }
    return null;
  }

  async createCandidate(
    draft: CandidateDraft,
    _origin: WriteOrigin,
    signal: AbortSignal,
  ): Promise<AtsCandidateRecord> {
    const [email, ...alternates] = draft.emails;
    const body: Record<string, unknown> = { name: draft.name };
    if (email) body.email = email;
    if (alternates.length) body.alternateEmailAddresses = alternates;
    if (draft.phone) body.phoneNumber = draft.phone;
    Object.assign(body, linkFields(draft.links));
    const source = findKulaSource(this.sources);
    if (source) body.sourceId = source.remoteId;
    const created = await this.api.call<unknown>('/candidate.create', body, {
      safety: 'write',
      signal,
    });
    return this.read('/candidate.create', () => mapCandidate(asObject(created.results)));
  }

  async listApplications(
    candidate: AtsCandidateRecord,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord[]> {
    const info = await this.api.call<{ applicationIds?: unknown }>(
      '/candidate.info',
      { id: candidate.remoteId },
      { safety: 'read', signal },
    );
    const ids = Array.isArray(info.results?.applicationIds)
      ? info.results.applicationIds.filter((id): id is string => typeof id === 'string')
      : [];
    const applications: AtsApplicationRecord[] = [];
    for (const id of ids) {
      const application = await this.getApplication(id, signal);
      if (application) applications.push(application);
    }
    return applications;
  }

  async getApplication(
    applicationId: string,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord | null> {
    try {
      const info = await this.api.call<unknown>(
        '/application.info',
        { applicationId },
        { safety: 'read', signal },
      );
      return this.read('/application.info', () => mapApplication(asObject(info.results)));
    } catch (error) {
      if (isAtsApiError(error) && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async createApplication(input: NewApplication, signal: AbortSignal): Promise<CreatedApplication> {
    if (!input.candidate) {
      throw new Error('Ashby creates the candidate before the application.');
    }
    const source =
      (input.origin === 'referred' ? findReferralSource(this.sources) : null) ??
      findKulaSource(this.sources);
    const body: Record<string, unknown> = {
      candidateId: input.candidate.remoteId,
      jobId: input.jobId,
    };
    if (input.stageId) body.interviewStageId = input.stageId;
    if (source) body.sourceId = source.remoteId;
    const created = await this.api.call<unknown>('/application.create', body, {
      safety: 'write',
      signal,
    });
    const application = this.read('/application.create', () =>
      mapApplication(asObject(created.results)),
    );
    return {
      application: {
        ...application,
        sourceTitle: application.sourceTitle ?? source?.title ?? null,
      },
      candidate: input.candidate,
      candidateCreated: false,
      resumeAttached: false,
    };
  }

  async moveApplication(
    current: AtsApplicationRecord,
    move: StageMove,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord> {
    if (!move.stageId) {
      throw new AtsApiError({
        kind: 'rejected',
        provider: ASHBY_NAME,
        message: 'Ashby moves applications to a stage; the mapping gave none.',
        action: 'Map the Kula stage to an Ashby stage under Stage mapping.',
        endpoint: 'POST /application.changeStage',
      });
    }
    const body: Record<string, unknown> = {
      applicationId: current.remoteId,
      interviewStageId: move.stageId,
    };
    if (move.archiveReasonId) body.archiveReasonId = move.archiveReasonId;
    const moved = await this.api.call<unknown>('/application.changeStage', body, {
      safety: 'write',
      signal,
    });
    return this.read('/application.changeStage', () => mapApplication(asObject(moved.results)));
  }

  async noteExists(target: NoteTarget, ref: string, signal: AbortSignal): Promise<boolean> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_NOTE_PAGES; page++) {
      const notes = await this.api.call<unknown[]>(
        '/candidate.listNotes',
        {
          candidateId: target.candidateId,
          limit: NOTES_PAGE_LIMIT,
          ...(cursor ? { cursor } : {}),
        },
        { safety: 'read', signal },
      );
      for (const note of Array.isArray(notes.results) ? notes.results : []) {
        const content = (note as { content?: unknown } | null)?.content;
        if (typeof content === 'string' && content.includes(ref)) return true;
      }
      if (!notes.moreDataAvailable || !notes.nextCursor) return false;
      cursor = notes.nextCursor;
    }
    return false;
  }

  async createNote(
    target: NoteTarget,
    text: string,
    signal: AbortSignal,
  ): Promise<{ remoteId: string | null }> {
    const created = await this.api.call<{ id?: unknown }>(
      '/candidate.createNote',
      { candidateId: target.candidateId, note: text, sendNotifications: false },
      { safety: 'write', signal },
    );
    return { remoteId: typeof created.results?.id === 'string' ? created.results.id : null };
  }

  async resumeState(target: NoteTarget, signal: AbortSignal): Promise<ResumeState> {
    const info = await this.api.call<{ resumeFileHandle?: unknown; fileHandles?: unknown }>(
      '/candidate.info',
      { id: target.candidateId },
      { safety: 'read', signal },
    );
    const resume = info.results?.resumeFileHandle as { name?: unknown } | undefined;
    let resumeName = typeof resume?.name === 'string' ? resume.name : null;
    if (!resumeName && target.applicationId) {
      // Ashby also shows a resume on the application itself (read only).
      const application = await this.api
        .call<{ resumeFileHandle?: unknown }>(
          '/application.info',
          { applicationId: target.applicationId },
          { safety: 'read', signal },
        )
        .catch((error: unknown) => {
          if (isAtsApiError(error) && error.kind === 'not_found') return null;
          throw error;
        });
      const handle = application?.results?.resumeFileHandle as { name?: unknown } | undefined;
      if (typeof handle?.name === 'string') resumeName = handle.name;
    }
    const files = Array.isArray(info.results?.fileHandles) ? info.results.fileHandles : [];
    return {
      resumeName,
      files: files
        .map((file) => (file as { name?: unknown } | null)?.name)
        .filter((name): name is string => typeof name === 'string')
        .map((name) => ({ name, size: null })),
    };
  }

  async attachResume(
    target: NoteTarget,
    file: ResumeFile,
    signal: AbortSignal,
  ): Promise<AttachedResume> {
    const handle = await this.api.call<{ handle?: unknown; url?: unknown; fields?: unknown }>(
      '/file.createFileUploadHandle',
      {
        fileUploadContext: 'CandidateResume',
        filename: file.name,
        contentType: file.contentType,
        contentLength: file.bytes.length,
      },
      { safety: 'write', signal },
    );
    const { handle: resumeHandle, url, fields } = handle.results ?? {};
    if (typeof resumeHandle !== 'string' || typeof url !== 'string') {
      throw badResponse('/file.createFileUploadHandle', 'no upload handle or URL');
    }
    const formFields: Record<string, string> = {};
    if (fields && typeof fields === 'object') {
      for (const [name, value] of Object.entries(fields)) formFields[name] = String(value);
    }
    await this.api.upload(url, formFields, file, signal);
    await this.api.call(
      '/candidate.uploadResume',
      { candidateId: target.candidateId, resumeHandle },
      { safety: 'write', signal },
    );
    return { placement: 'resume', remoteId: null };
  }

  private read<T>(endpoint: string, map: () => T): T {
    try {
      return map();
    } catch (error) {
      if (error instanceof Skip) throw badResponse(endpoint, error.message);
      throw error;
    }
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Skip('no object');
  return value as Record<string, unknown>;
}

function badResponse(endpoint: string, detail: string): AtsApiError {
  return new AtsApiError({
    kind: 'bad_response',
    provider: ASHBY_NAME,
    message: `Ashby answered ${endpoint.slice(1)} with something the console could not read (${detail}).`,
    endpoint: `POST ${endpoint}`,
  });
}

const same = (a: string | null | undefined, b: string) =>
  (a ?? '').trim().toLowerCase() === b.toLowerCase();

/**
 * The active source "Kula" of type "Integration", matched case-insensitively. Only an Ashby admin
 * can create it: the API has no call for sources (see docs/ashby.md).
 */
export function findKulaSource(sources: AtsSourceRecord[]): AtsSourceRecord | null {
  return (
    sources.find(
      (source) =>
        !source.archived && same(source.title, 'kula') && same(source.typeTitle, 'integration'),
    ) ?? null
  );
}

/** A referral source, when the tenant has one: "Referral" of type "Referral", else any of that type. */
export function findReferralSource(sources: AtsSourceRecord[]): AtsSourceRecord | null {
  const referral = sources.filter(
    (source) => !source.archived && same(source.typeTitle, 'referral'),
  );
  return referral.find((source) => same(source.title, 'referral')) ?? referral[0] ?? null;
}

/** Ashby's link fields on create: LinkedIn, GitHub, and one `website` (see docs/ashby.md). */
function linkFields(links: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const link of links) {
    let host: string;
    try {
      host = new URL(link).hostname.toLowerCase();
    } catch {
      continue;
    }
    if (host.endsWith('linkedin.com')) out.linkedInUrl ??= link;
    else if (host.endsWith('github.com')) out.githubUrl ??= link;
    else out.website ??= link;
  }
  return out;
}
