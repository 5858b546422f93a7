import { AtsApiError, delay, isAtsApiError } from '../../http';
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
import { GREENHOUSE_NAME, type GreenhouseApi } from './api';
import { mapApplication, mapCandidate, Skip } from './mappers';

/**
 * Greenhouse's write side (Harvest v3), every write made as the user chosen for the connection
 * (the token's `sub`):
 * - a person is found with `GET /v3/candidates?email=` and created with `POST /v3/candidates`
 *   (Greenhouse never dedupes); the answer may be the candidate, `{candidate: …}`, or only a
 *   `{message}` while Greenhouse creates it, and then the console reads it back by email;
 * - an application is `POST /v3/applications {candidate_id, job_id, source_id}` with the "Kula"
 *   source (a referral: the "Referral" source when there is one);
 * - a stage move is `POST …/move {from_stage_id, to_stage_id}`; which id `from_stage_id` takes is
 *   unconfirmed, so the application-stage id goes first and the job stage id once if refused;
 *   "Rejected" is `POST …/reject {rejection_reason_id}`, and a move out of a rejection
 *   `POST …/unreject` first;
 * - notes are `POST /v3/notes` on the candidate (and application), visible to the hiring team;
 * - a resume is `POST /v3/attachments` (base64) on the application.
 * See docs/greenhouse.md.
 */

export const GREENHOUSE_WRITE_CAPABILITIES: WriteCapabilities = {
  candidateCreatedSeparately: true,
  notesAttachTo: 'candidate',
  resumeAtCreate: false,
  laterResume: 'resume',
  caveats: [
    'Every write is made as the Greenhouse user chosen for the connection, and shows under that name.',
    'Notes the console adds are visible to the job’s hiring team in Greenhouse (never Kula’s private notes).',
    'Moving an application runs the job’s stage-transition rules in Greenhouse, which may send e-mails.',
    'A resume is added only to an application the console created and that has none.',
  ],
};

/** Greenhouse states no upload limit; larger files are refused before sending. */
const MAX_RESUME_BYTES = 10 * 1024 * 1024;
/** Reading back a candidate Greenhouse is still creating: waits between reads (ms). */
const CREATION_READS = [250, 500, 1000, 2000, 4000, 8000, 15000];

type Json = Record<string, unknown>;

export class GreenhouseWriter implements AtsWriter {
  readonly capabilities = GREENHOUSE_WRITE_CAPABILITIES;
  private sources: AtsSourceRecord[] = [];
  /** Which id the tenant's move takes as `from_stage_id`, once one was refused. */
  private fromStage: 'application_stage' | 'job_interview_stage' = 'application_stage';

  constructor(
    private readonly api: GreenhouseApi,
    private readonly web: string,
  ) {}

  begin(env: WriteEnvironment): WriteReadiness {
    this.sources = env.sources;
    if (!this.api.actingUser()) {
      return {
        ready: false,
        reason:
          'No Greenhouse user is chosen for the connection, and Greenhouse attributes every write to the user the console acts as.',
        action:
          'Choose a Site Admin in the connection’s settings (or `kula-console connections write-user`). Queued writes are kept.',
      };
    }
    if (findSource(env.sources, 'kula')) return { ready: true };
    return {
      ready: false,
      reason:
        'Greenhouse has no source named “Kula” (as of the last sync), so the console cannot say where what it creates came from.',
      action:
        'In Greenhouse, open Configure → Custom Options → Company Metadata → Sources, create the source “Kula”, then sync again. Queued writes are kept.',
    };
  }

  async findCandidate(emails: string[], signal: AbortSignal): Promise<AtsCandidateRecord | null> {
    for (const email of emails) {
      const found = await this.api.listAll<Json>('/v3/candidates', { email }, signal);
      // Greenhouse never merges people by itself: the most recently updated one is the match.
      const newest = [...found].sort((a, b) =>
        String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? '')),
      )[0];
      if (newest) return this.read('/v3/candidates', () => mapCandidate(this.web)(newest));
    }
    return null;
  }

  async createCandidate(
    draft: CandidateDraft,
    _origin: WriteOrigin,
    signal: AbortSignal,
  ): Promise<AtsCandidateRecord> {
    const [first, ...rest] = draft.name.trim().split(/\s+/);
    const body: Json = {
      first_name: first || draft.emails[0] || 'Candidate',
      // Greenhouse requires a last name; a one-word name gets a placeholder the recruiter sees.
      last_name: rest.join(' ') || '-',
      email_addresses: draft.emails.map((value) => ({ value, type: 'personal' })),
    };
    if (draft.phone) body.phone_numbers = [{ value: draft.phone, type: 'mobile' }];
    if (draft.links.length) body.social_media_addresses = draft.links.map((value) => ({ value }));
    const created = await this.api.write<unknown>('POST', '/v3/candidates', body, { signal });
    const object = candidateOf(created.body);
    if (object) return this.read('/v3/candidates', () => mapCandidate(this.web)(object));
    // Greenhouse is creating it: read it back by email.
    for (const wait of CREATION_READS) {
      await delay(wait, signal);
      const found = draft.emails[0] ? await this.findCandidate([draft.emails[0]], signal) : null;
      if (found) return found;
    }
    throw new AtsApiError({
      kind: 'unavailable',
      provider: GREENHOUSE_NAME,
      message:
        'Greenhouse accepted the new candidate but has not listed it yet; the console will look for it again before the next attempt.',
      endpoint: 'POST /v3/candidates',
    });
  }

  async listApplications(
    candidate: AtsCandidateRecord,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord[]> {
    const items = await this.api.listAll<Json>(
      '/v3/applications',
      { candidate_ids: candidate.remoteId },
      signal,
    );
    return items.map((item) => this.application(item));
  }

  async getApplication(
    applicationId: string,
    signal: AbortSignal,
  ): Promise<AtsApplicationRecord | null> {
    const raw = await this.rawApplication(applicationId, signal);
    return raw ? this.application(raw) : null;
  }

  async createApplication(input: NewApplication, signal: AbortSignal): Promise<CreatedApplication> {
    if (!input.candidate)
      throw new Error('Greenhouse creates the candidate before the application.');
    const source =
      (input.origin === 'referred' ? findSource(this.sources, 'referral') : null) ??
      findSource(this.sources, 'kula');
    const body: Json = {
      candidate_id: Number(input.candidate.remoteId),
      job_id: Number(input.jobId),
    };
    if (source) body.source_id = Number(source.remoteId);
    if (input.stageId) body.initial_stage_id = Number(input.stageId);
    let raw: Json;
    try {
      raw = (await this.api.write<Json>('POST', '/v3/applications', body, { signal })).body;
    } catch (error) {
      // A second application to the same job may be refused: adopt the one that exists.
      if (!isAtsApiError(error) || error.kind !== 'rejected') throw error;
      const existing = await this.api.listAll<Json>(
        '/v3/applications',
        { candidate_ids: input.candidate.remoteId, job_ids: input.jobId },
        signal,
      );
      if (!existing[0]) throw error;
      raw = existing[0];
    }
    return {
      application: this.application(raw),
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
    const id = current.remoteId;
    let raw = await this.mustRead(id, signal);
    if (move.archives) {
      if (!move.archiveReasonId) throw refused('reject', 'the mapping gave no rejection reason');
      if (raw.status !== 'rejected') {
        await this.api
          .write(
            'POST',
            `/v3/applications/${id}/reject`,
            {
              rejection_reason_id: Number(move.archiveReasonId),
            },
            { signal },
          )
          .catch(async (error: unknown) => {
            // Already rejected (by someone, or by our own lost call): nothing left to do.
            if (!isAtsApiError(error) || error.kind !== 'rejected') throw error;
            if ((await this.mustRead(id, signal)).status !== 'rejected') throw error;
          });
      }
      return this.application(await this.mustRead(id, signal));
    }
    if (!move.stageId) throw refused('move', 'the mapping gave no stage');
    if (raw.status === 'rejected') {
      await this.api.write('POST', `/v3/applications/${id}/unreject`, {}, { signal });
      raw = await this.mustRead(id, signal);
    }
    if (raw.status !== 'in_process') {
      throw refused('move', `the application is ${String(raw.status)} in Greenhouse`);
    }
    if (String(raw.job_interview_stage_id) === move.stageId) return this.application(raw);
    await this.sendMove(id, raw, move.stageId, signal);
    return this.application(await this.mustRead(id, signal));
  }

  private async sendMove(id: string, raw: Json, target: string, signal: AbortSignal) {
    const readings: Array<'application_stage' | 'job_interview_stage'> =
      this.fromStage === 'application_stage'
        ? ['application_stage', 'job_interview_stage']
        : ['job_interview_stage', 'application_stage'];
    for (const [index, reading] of readings.entries()) {
      const from = reading === 'application_stage' ? raw.stage_id : raw.job_interview_stage_id;
      try {
        await this.api.write(
          'POST',
          `/v3/applications/${id}/move`,
          { from_stage_id: Number(from), to_stage_id: Number(target) },
          { signal },
        );
        this.fromStage = reading;
        return;
      } catch (error) {
        if (!isAtsApiError(error) || error.kind !== 'rejected' || index === readings.length - 1) {
          throw error;
        }
        const now = await this.mustRead(id, signal);
        if (String(now.job_interview_stage_id) === target) return;
        if (String(now.job_interview_stage_id) !== String(raw.job_interview_stage_id)) throw error;
      }
    }
  }

  async noteExists(target: NoteTarget, ref: string, signal: AbortSignal): Promise<boolean> {
    const notes = await this.api.listAll<Json>(
      '/v3/notes',
      { candidate_ids: target.candidateId },
      signal,
    );
    return notes.some((note) => typeof note.body === 'string' && note.body.includes(ref));
  }

  async createNote(
    target: NoteTarget,
    text: string,
    signal: AbortSignal,
  ): Promise<{ remoteId: string | null }> {
    const body: Json = {
      candidate_id: Number(target.candidateId),
      body: text,
      // Greenhouse's "public": visible to the job's hiring team. Private Kula notes never get here.
      visibility: 'public',
      note_type: 'NOTE',
    };
    if (target.applicationId) body.application_id = Number(target.applicationId);
    const acting = this.api.actingUser();
    if (acting) body.user_id = Number(acting);
    const created = await this.api.write<Json>('POST', '/v3/notes', body, { signal });
    const noteId = created.body?.id;
    return {
      remoteId: typeof noteId === 'number' || typeof noteId === 'string' ? String(noteId) : null,
    };
  }

  async resumeState(target: NoteTarget, signal: AbortSignal): Promise<ResumeState> {
    if (!target.applicationId) return { resumeName: null, files: [] };
    const files = await this.api.listAll<Json>(
      '/v3/attachments',
      { application_ids: target.applicationId },
      signal,
    );
    const resume = files.find((file) => file.type === 'resume');
    return {
      resumeName: typeof resume?.filename === 'string' ? resume.filename : null,
      files: files
        .map((file) => file.filename)
        .filter((name): name is string => typeof name === 'string')
        .map((name) => ({ name, size: null })),
    };
  }

  async attachResume(
    target: NoteTarget,
    file: ResumeFile,
    signal: AbortSignal,
  ): Promise<AttachedResume> {
    if (!target.applicationId) throw refused('attach', 'Greenhouse keeps resumes on applications');
    if (file.bytes.length > MAX_RESUME_BYTES) {
      throw refused('attach', `the file is over ${MAX_RESUME_BYTES / 1024 / 1024} MB`);
    }
    const created = await this.api.write<Json>(
      'POST',
      '/v3/attachments',
      {
        application_id: Number(target.applicationId),
        filename: file.name,
        type: 'resume',
        content: file.bytes.toString('base64'),
      },
      { signal },
    );
    const fileId = created.body?.id;
    return {
      placement: 'resume',
      remoteId: typeof fileId === 'number' || typeof fileId === 'string' ? String(fileId) : null,
    };
  }

  private async rawApplication(id: string, signal: AbortSignal): Promise<Json | null> {
    const page = await this.api.list<Json>('/v3/applications', { query: { ids: id } }, signal);
    return page.items[0] ?? null;
  }

  private async mustRead(id: string, signal: AbortSignal): Promise<Json> {
    const raw = await this.rawApplication(id, signal);
    if (raw) return raw;
    throw new AtsApiError({
      kind: 'not_found',
      provider: GREENHOUSE_NAME,
      message: `Greenhouse no longer lists application ${id} (it was deleted, or its candidate merged away and the application with it).`,
      endpoint: 'GET /v3/applications',
    });
  }

  private application(raw: Json): AtsApplicationRecord {
    const titles = new Map(this.sources.map((source) => [source.remoteId, source.title]));
    return this.read('/v3/applications', () => mapApplication(this.web, titles)(raw));
  }

  private read<T>(endpoint: string, map: () => T): T {
    try {
      return map();
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      throw new AtsApiError({
        kind: 'bad_response',
        provider: GREENHOUSE_NAME,
        message: `Greenhouse answered ${endpoint} with a record the console could not read (${error.message}).`,
        endpoint,
      });
    }
  }
}

function findSource(sources: AtsSourceRecord[], name: string): AtsSourceRecord | null {
  return (
    sources.find((source) => !source.archived && source.title.trim().toLowerCase() === name) ?? null
  );
}

/** The created candidate: the object itself, or inside `{candidate: …}`; null for `{message}`. */
function candidateOf(body: unknown): Json | null {
  if (!body || typeof body !== 'object') return null;
  const object = body as Json;
  if (object.id !== undefined) return object;
  const wrapped = object.candidate;
  return wrapped && typeof wrapped === 'object' ? (wrapped as Json) : null;
}

function refused(what: string, why: string): AtsApiError {
  return new AtsApiError({
    kind: 'rejected',
    provider: GREENHOUSE_NAME,
    message: `The console could not ${what} in Greenhouse: ${why}.`,
    action: 'Check the stage mapping for this Kula stage.',
    endpoint: 'POST /v3/applications',
  });
}
