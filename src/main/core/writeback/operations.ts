import type { OutboxKind } from '../../../shared/domain/outbox';
import type { TableName } from '../../../shared/ipc/tables';
import type { DB } from '../db/database';
import {
  getApplicationLink,
  getCandidateLink,
  currentApplicationLink,
  markApplicationLinked,
  saveCandidateLink,
  setBaseState,
  type ApplicationLinkRow,
  type CandidateLinkRow,
} from '../db/repos/ats-links';
import { readCheck, readPayload, saveCheck, type OutboxRow } from '../db/repos/outbox';
import {
  getCandidateRow,
  getMessage,
  getNote,
  getResume,
  jsonStrings,
  resumeBytes,
  resumesOf,
  setCandidateStage,
  type CandidateRowDb,
} from '../db/repos/kula';
import { ConsoleError } from '../errors';
import type { StageResolver } from '../mapping';
import type { AtsWriter, CandidateDraft, NoteTarget, ResumeFile } from '../providers/provider';
import type { AtsApplicationRecord, AtsCandidateRecord } from '../providers/records';
import {
  cachedApplication,
  cachedCandidate,
  cacheWritten,
  matchesMove,
  newestCachedApplication,
  stateOf,
} from './cache';
import { backfillCandidate, enqueueMoveFor } from './enqueue';
import { messageText, noteRef, noteText } from './note-text';

/**
 * One outbox row, sent. Each operation reads the Kula side, asks the ATS what it must (a check
 * before a create whose first attempt may have arrived), makes its one logical write, and returns
 * a `Settlement` whose `commit` records the outcome (links, cache, follow-up rows) in the
 * transaction that marks the row done. Rules that say "don't" end the row as skipped, with the
 * reason in words.
 */

export interface OperationContext {
  db: DB;
  connectionId: string;
  /** The ATS's name for messages ("Ashby"). */
  ats: string;
  writer: AtsWriter;
  resolver: StageResolver;
  signal: AbortSignal;
  now(): string;
}

export interface Settlement {
  state: 'done' | 'skipped';
  outcome: string;
  /** The endpoint that did the work, for the log. */
  apiCall?: string | null;
  result?: Record<string, unknown>;
  /** Database effects, run in the transaction that settles the row. */
  commit?: () => void;
  /** Tables the commit changed (for `db:changed`). */
  touched?: TableName[];
}

type Operation = (op: OperationContext, row: OutboxRow) => Promise<Settlement>;

const skipped = (outcome: string): Settlement => ({ state: 'skipped', outcome });

export const OPERATIONS: Record<OutboxKind, Operation> = {
  'candidate.ensure': ensureCandidate,
  'application.create': createApplication,
  'stage.move': moveApplication,
  'note.create': (op, row) => createNote(op, row, 'note'),
  'message.create': (op, row) => createNote(op, row, 'message'),
  'resume.attach': attachResume,
};

// ── the person ──────────────────────────────────────────────────────────────────────────────────

async function ensureCandidate(op: OperationContext, row: OutboxRow): Promise<Settlement> {
  const existing = getCandidateLink(op.db, row.candidate_id, op.connectionId);
  if (existing)
    return {
      state: 'done',
      outcome: `Already linked to ${op.ats} candidate ${existing.ats_candidate_id}.`,
    };
  const candidate = requireCandidate(op, row.candidate_id);
  const draft = draftOf(candidate);
  if (draft.emails.length === 0) {
    throw new ConsoleError(
      'BAD_INPUT',
      `${candidate.name} has no email, so ${op.ats} cannot be searched for them and a new candidate could be created twice.`,
      'Add an email to the candidate in Kula, then retry.',
    );
  }
  const check = readCheck(row);
  const found = await op.writer.findCandidate(draft.emails, op.signal);
  if (found) {
    // Our earlier create, whose answer was lost, went through: nobody had this email before it.
    const ours = row.needs_check === 1 && check.absent === true;
    return linkPerson(op, candidate, found, ours, {
      apiCall: 'find by email',
      outcome: ours
        ? `Created ${op.ats} candidate ${found.name} (confirmed by email after an interrupted attempt).`
        : `Linked to the existing ${op.ats} candidate ${found.name} (matched by email); nothing was created.`,
    });
  }
  if (!op.writer.capabilities.candidateCreatedSeparately) {
    return {
      state: 'done',
      outcome: `No ${op.ats} candidate has this email yet; ${op.ats} creates one with the application.`,
      apiCall: 'find by email',
    };
  }
  saveCheckNow(op, row, { ...check, absent: true });
  const origin = readPayload(row).origin === 'referral' ? 'referred' : 'sourced';
  const created = await op.writer.createCandidate(draft, origin, op.signal);
  return linkPerson(op, candidate, created, true, {
    apiCall: 'create candidate',
    outcome: `Created ${op.ats} candidate ${created.name}.`,
  });
}

function linkPerson(
  op: OperationContext,
  candidate: CandidateRowDb,
  person: AtsCandidateRecord,
  createdByConsole: boolean,
  text: { apiCall: string; outcome: string },
): Settlement {
  return {
    state: 'done',
    outcome:
      text.outcome + (createdByConsole ? ' The candidate’s public notes and messages follow.' : ''),
    apiCall: text.apiCall,
    result: { atsCandidateId: person.remoteId, createdByConsole },
    touched: ['kula_ats_candidates', 'ats_candidates', 'outbox'],
    commit: () => {
      const now = op.now();
      saveCandidateLink(op.db, {
        candidateId: candidate.id,
        connectionId: op.connectionId,
        atsCandidateId: person.remoteId,
        createdByConsole,
        profileUrl: person.profileUrl,
        now,
      });
      cacheWritten(op.db, op.connectionId, { candidates: [person] });
      if (createdByConsole) backfillCandidate(op.db, candidate.id, op.connectionId, now);
    },
  };
}

// ── the application ─────────────────────────────────────────────────────────────────────────────

async function createApplication(op: OperationContext, row: OutboxRow): Promise<Settlement> {
  const link = getApplicationLink(op.db, Number(row.subject_id));
  if (!link) return skipped('The application this write was for no longer exists in Kula.');
  const job = link.ats_job_title ?? link.ats_job_id;
  if (link.ats_application_id) {
    return { state: 'done', outcome: `The application on “${job}” already exists.` };
  }
  const candidate = requireCandidate(op, row.candidate_id);
  const person = getCandidateLink(op.db, candidate.id, op.connectionId);
  if (!person && op.writer.capabilities.candidateCreatedSeparately) {
    return skipped(
      `There is no ${op.ats} candidate for ${candidate.name} (finding or creating one did not succeed and was discarded), so no application was created.`,
    );
  }
  const check = readCheck(row);
  const ambiguous = row.needs_check === 1;
  // A person the console did not create may already have an application on this job; so may one
  // our interrupted attempt created.
  if (ambiguous || (person && person.created_by_console === 0)) {
    let personRecord = person ? personOf(op, person) : null;
    if (!personRecord && ambiguous) {
      personRecord = await op.writer.findCandidate(draftOf(candidate).emails, op.signal);
    }
    if (personRecord) {
      const applications = await op.writer.listApplications(personRecord, op.signal);
      const onJob = pickApplication(applications, link.ats_job_id);
      if (onJob) {
        const ours = ambiguous && check.noApplication === true;
        const personCreated = ambiguous && check.personAbsent === true;
        return linkApplication(op, link, candidate, {
          application: onJob,
          person: personRecord,
          personLink: person,
          personCreated,
          createdByConsole: ours,
          resumeId: null,
          outcome: ours
            ? `Created the application on “${job}” (confirmed after an interrupted attempt).`
            : `${candidate.name} already has an application on “${job}” in ${op.ats}; linked to it, nothing was created.`,
          apiCall: 'list applications',
        });
      }
    }
  }
  saveCheckNow(op, row, { ...check, noApplication: true, personAbsent: !person });

  const decision = op.resolver.kulaToAts({
    kulaStageId: candidate.kula_stage_id,
    jobId: link.ats_job_id,
  });
  const stageId = decision.kind === 'move' && !decision.archives ? decision.stageId : null;
  let resume: (ResumeFile & { id: string }) | null = null;
  if (op.writer.capabilities.resumeAtCreate) {
    const [latest] = resumesOf(op.db, candidate.id);
    const bytes = latest ? resumeBytes(op.db, latest.id) : null;
    if (latest && bytes) {
      resume = { id: latest.id, name: latest.file_name, contentType: latest.content_type, bytes };
    }
  }
  const created = await op.writer.createApplication(
    {
      candidate: person ? personOf(op, person) : null,
      draft: draftOf(candidate),
      jobId: link.ats_job_id,
      stageId,
      origin: link.origin === 'referral' ? 'referred' : 'sourced',
      resume,
    },
    op.signal,
  );
  const parts = [`Created the application on “${job}” in ${op.ats}`];
  if (created.candidateCreated) parts.push(`with a new candidate ${created.candidate.name}`);
  else if (!person)
    parts.push(
      `for the existing candidate ${created.candidate.name} (${op.ats} matched the email)`,
    );
  if (created.resumeAttached && resume) parts.push(`with the resume “${resume.name}”`);
  return linkApplication(op, link, candidate, {
    application: created.application,
    person: created.candidate,
    personLink: person,
    personCreated: created.candidateCreated,
    createdByConsole: true,
    resumeId: created.resumeAttached && resume ? resume.id : null,
    outcome: `${parts.join(' ')}.${
      decision.kind === 'error'
        ? ` Its stage could not be set: ${decision.message} ${decision.action}`
        : ''
    }`,
    apiCall: 'create application',
  });
}

function linkApplication(
  op: OperationContext,
  link: ApplicationLinkRow,
  candidate: CandidateRowDb,
  input: {
    application: AtsApplicationRecord;
    person: AtsCandidateRecord;
    personLink: CandidateLinkRow | undefined;
    personCreated: boolean;
    createdByConsole: boolean;
    resumeId: string | null;
    outcome: string;
    apiCall: string;
  },
): Settlement {
  const { application } = input;
  const state = stateOf(application);
  // An application the console found (not created) keeps its ATS stage: Kula follows it.
  const adopt = input.createdByConsole ? null : op.resolver.atsToKula(state);
  const adoptStage =
    adopt?.kind === 'move' && adopt.kulaStageId !== candidate.kula_stage_id
      ? adopt.kulaStageId
      : null;
  return {
    state: 'done',
    outcome: adoptStage ? `${input.outcome} Kula follows its stage: ${adopt!.rule}` : input.outcome,
    apiCall: input.apiCall,
    result: {
      atsApplicationId: application.remoteId,
      atsCandidateId: input.person.remoteId,
      createdByConsole: input.createdByConsole,
    },
    touched: [
      'kula_ats_applications',
      'kula_ats_candidates',
      'kula_candidates',
      'ats_applications',
      'ats_candidates',
      'outbox',
    ],
    commit: () => {
      const now = op.now();
      if (!input.personLink) {
        saveCandidateLink(op.db, {
          candidateId: candidate.id,
          connectionId: op.connectionId,
          atsCandidateId: input.person.remoteId,
          createdByConsole: input.personCreated,
          profileUrl: input.person.profileUrl ?? application.profileUrl,
          now,
        });
        if (input.personCreated) backfillCandidate(op.db, candidate.id, op.connectionId, now);
      }
      markApplicationLinked(op.db, link.id, {
        atsApplicationId: application.remoteId,
        createdByConsole: input.createdByConsole,
        profileUrl: application.profileUrl,
        state,
        resumeId: input.resumeId,
        now,
      });
      cacheWritten(op.db, op.connectionId, {
        candidates: [input.person],
        applications: [application],
        createdByConsole: input.createdByConsole ? [application.remoteId] : [],
      });
      if (adoptStage) {
        setCandidateStage(op.db, candidate.id, adoptStage, now);
        return;
      }
      if (!input.createdByConsole) return;
      // The application takes the candidate's Kula stage; what the create could not set (an
      // archive, a stage chosen while the create was on its way) follows as a move.
      const current = getCandidateRow(op.db, candidate.id);
      if (!current) return;
      const target = op.resolver.kulaToAts({
        kulaStageId: current.kula_stage_id,
        applicationId: application.remoteId,
        jobId: link.ats_job_id,
      });
      if (target.kind === 'move' && !matchesMove(state, target)) {
        enqueueMoveFor(op.db, link.id, op.connectionId, candidate.id, current.kula_stage_id, now);
      }
    },
  };
}

/** The application on this job: an active one first, else the newest. */
function pickApplication(
  applications: AtsApplicationRecord[],
  jobId: string,
): AtsApplicationRecord | null {
  const onJob = applications.filter((application) => application.jobRemoteId === jobId);
  return onJob.find((application) => !application.archived) ?? onJob[0] ?? null;
}

// ── stage moves ─────────────────────────────────────────────────────────────────────────────────

async function moveApplication(op: OperationContext, row: OutboxRow): Promise<Settlement> {
  const link = getApplicationLink(op.db, Number(row.subject_id));
  if (!link?.ats_application_id) {
    return skipped('The application does not exist in the ATS, so there is nothing to move.');
  }
  const kulaStageId = String(readPayload(row).kulaStageId ?? '');
  const decision = op.resolver.kulaToAts({
    kulaStageId,
    applicationId: link.ats_application_id,
    jobId: link.ats_job_id,
  });
  if (decision.kind === 'none') return skipped(decision.rule);
  if (decision.kind === 'error') {
    throw new ConsoleError('CONFLICT', decision.message, decision.action);
  }
  let current = cachedApplication(op.db, op.connectionId, link.ats_application_id);
  if (!current || row.needs_check === 1) {
    current = await op.writer.getApplication(link.ats_application_id, op.signal);
    if (!current) {
      return skipped(
        `The application is no longer in ${op.ats} (deleted or merged), so it was not moved.`,
      );
    }
  }
  const applicationId = link.ats_application_id;
  const settle = (
    moved: AtsApplicationRecord,
    outcome: string,
    apiCall: string | null,
  ): Settlement => ({
    state: 'done',
    outcome,
    apiCall,
    result: { stageId: moved.stageRemoteId, archived: moved.archived },
    touched: ['kula_ats_applications', 'ats_applications', 'outbox'],
    commit: () => {
      setBaseState(op.db, link.id, stateOf(moved), op.now());
      cacheWritten(op.db, op.connectionId, {
        applications: [{ ...moved, remoteId: applicationId }],
      });
    },
  });
  if (matchesMove(stateOf(current), decision)) {
    return settle(current, `${decision.rule} The application was there already.`, null);
  }
  const moved = await op.writer.moveApplication(current, decision, op.signal);
  return settle(moved, decision.rule, 'move application');
}

// ── notes and conversation messages ─────────────────────────────────────────────────────────────

async function createNote(
  op: OperationContext,
  row: OutboxRow,
  kind: 'note' | 'message',
): Promise<Settlement> {
  let text: string;
  let what: string;
  if (kind === 'note') {
    const note = getNote(op.db, row.subject_id);
    if (!note) return skipped('The note no longer exists in Kula.');
    // Belt and braces: a private note is never queued, and never sent if one were.
    if (note.private === 1) return skipped('The note is private: it stays in Kula.');
    text = noteText(note);
    what = `note (${note.body.length} characters)`;
  } else {
    const message = getMessage(op.db, row.subject_id);
    if (!message) return skipped('The message no longer exists in Kula.');
    text = messageText(message);
    what = `${message.direction} ${message.channel} message`;
  }
  const target = noteTarget(op, row.candidate_id);
  if ('skip' in target) return skipped(`The ${what} stays in Kula: ${target.skip}`);
  const ref = noteRef(kind, row.subject_id);
  if (row.needs_check === 1 && (await op.writer.noteExists(target, ref, op.signal))) {
    return {
      state: 'done',
      outcome: `The ${what} was already in ${op.ats} (an interrupted attempt had added it).`,
      apiCall: 'list notes',
    };
  }
  const created = await op.writer.createNote(target, text, op.signal);
  return {
    state: 'done',
    outcome:
      kind === 'note'
        ? `Added the ${what} to ${op.ats}.`
        : `Added the ${what} to ${op.ats} as a note.`,
    apiCall: 'create note',
    result: { noteId: created.remoteId },
  };
}

/** Where a note or a resume goes; a reason when the ATS candidate (or application) is missing. */
function noteTarget(op: OperationContext, candidateId: string): NoteTarget | { skip: string } {
  const person = getCandidateLink(op.db, candidateId, op.connectionId);
  if (!person) {
    return {
      skip: `there is no ${op.ats} candidate for this person (notes go to the ATS only once the candidate exists there).`,
    };
  }
  const current = currentApplicationLink(op.db, candidateId, op.connectionId);
  const applicationId =
    current?.ats_application_id ??
    newestCachedApplication(op.db, op.connectionId, person.ats_candidate_id);
  if (op.writer.capabilities.notesAttachTo === 'application' && !applicationId) {
    return { skip: `${op.ats} keeps notes on applications and this candidate has none.` };
  }
  return { candidateId: person.ats_candidate_id, applicationId };
}

// ── resumes ─────────────────────────────────────────────────────────────────────────────────────

async function attachResume(op: OperationContext, row: OutboxRow): Promise<Settlement> {
  const resume = getResume(op.db, row.subject_id);
  const bytes = resume ? resumeBytes(op.db, resume.id) : null;
  if (!resume || !bytes) return skipped('The resume no longer exists in Kula.');
  const link = currentApplicationLink(op.db, row.candidate_id, op.connectionId);
  if (!link) {
    return skipped(
      `The candidate has no application in ${op.ats}, so the resume was not attached.`,
    );
  }
  const job = link.ats_job_title ?? link.ats_job_id;
  if (link.resume_id === resume.id) {
    return {
      state: 'done',
      outcome: `“${resume.file_name}” went with the application on “${job}” when it was created.`,
    };
  }
  if (link.created_by_console === 0) {
    return skipped(
      `The current application on “${job}” was not created by the console, so “${resume.file_name}” was not attached (resumes go only to applications the console created).`,
    );
  }
  const target = noteTarget(op, row.candidate_id);
  if ('skip' in target) return skipped(`“${resume.file_name}” was not attached: ${target.skip}`);
  const state = await op.writer.resumeState(
    { ...target, applicationId: link.ats_application_id },
    op.signal,
  );
  const asFile = op.writer.capabilities.laterResume === 'file';
  const ours = asFile
    ? state.files.some(
        (file) =>
          file.name === resume.file_name && (file.size === null || file.size === resume.size),
      )
    : state.resumeName === resume.file_name;
  if (row.needs_check === 1 && ours) {
    return {
      state: 'done',
      outcome: `“${resume.file_name}” was already attached (an interrupted attempt had sent it).`,
      apiCall: 'read resume',
    };
  }
  if (state.resumeName) {
    return skipped(
      `The application on “${job}” already has a resume (“${state.resumeName}”), so “${resume.file_name}” was not attached.`,
    );
  }
  if (ours) {
    return {
      state: 'done',
      outcome: `“${resume.file_name}” is already attached to the application on “${job}”.`,
      apiCall: 'read resume',
    };
  }
  const attached = await op.writer.attachResume(
    { ...target, applicationId: link.ats_application_id },
    { name: resume.file_name, contentType: resume.content_type, bytes },
    op.signal,
  );
  return {
    state: 'done',
    outcome:
      attached.placement === 'file'
        ? `Uploaded “${resume.file_name}” to the application on “${job}” as a file: ${op.ats} shows it under Files, not Resumes (it has no API to add a resume to an existing application).`
        : `Added “${resume.file_name}” as the resume of the application on “${job}”.`,
    apiCall: 'attach resume',
    result: { placement: attached.placement, fileId: attached.remoteId },
    touched: ['kula_ats_applications', 'outbox'],
    commit: () => {
      op.db
        .prepare('UPDATE kula_ats_applications SET resume_id = ? WHERE id = ?')
        .run(resume.id, link.id);
    },
  };
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

function requireCandidate(op: OperationContext, id: string): CandidateRowDb {
  const candidate = getCandidateRow(op.db, id);
  if (!candidate) throw new ConsoleError('NOT_FOUND', 'The Kula candidate no longer exists.');
  return candidate;
}

export function draftOf(candidate: CandidateRowDb): CandidateDraft {
  return {
    name: candidate.name,
    emails: jsonStrings(candidate.emails_json),
    phone: candidate.phone,
    links: jsonStrings(candidate.links_json),
  };
}

function personOf(op: OperationContext, link: CandidateLinkRow): AtsCandidateRecord {
  return (
    cachedCandidate(op.db, op.connectionId, link.ats_candidate_id) ?? {
      remoteId: link.ats_candidate_id,
      name: '',
      primaryEmail: null,
      emails: [],
      phones: [],
      links: [],
      profileUrl: link.profile_url,
      createdAt: null,
      updatedAt: null,
    }
  );
}

/** Committed before the write it precedes, so a retry after a lost answer can tell ours apart. */
function saveCheckNow(op: OperationContext, row: OutboxRow, check: Record<string, unknown>): void {
  op.db.transaction(() => saveCheck(op.db, row.id, check, op.now())).immediate();
  row.check_json = JSON.stringify(check);
}
