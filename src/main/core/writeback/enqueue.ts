import type { DB } from '../db/database';
import {
  applicationLinksOf,
  candidateLinks,
  findApplicationLink,
  getCandidateLink,
  insertApplicationLink,
  nextMoveNumber,
} from '../db/repos/ats-links';
import { enqueue, pendingMoveFor, readPayload, updatePayload } from '../db/repos/outbox';
import { messagesOf, notesOf, resumesOf, type NoteRowDb } from '../db/repos/kula';
import { backfillItems, connectionsTakingNotes, noteMayLeaveKula } from './policy';

/**
 * What a local change means for the outbox. Each function runs inside the transaction of the
 * change itself (the transactional outbox): the Kula row and the rows that will carry it to the
 * ATS commit together or not at all. Keys are deterministic, so the same intent enqueued twice
 * (a backfill and a live note, a repeated link) becomes one row.
 *
 * Ordering per candidate follows row ids: the person comes before the application, the
 * application before moves, notes and the resume.
 */

export const outboxKeys = {
  candidate: (connectionId: string, candidateId: string) => `cand:${connectionId}:${candidateId}`,
  application: (linkId: number) => `app:${linkId}`,
  move: (linkId: number, n: number) => `move:${linkId}:${n}`,
  note: (connectionId: string, noteId: string) => `note:${connectionId}:${noteId}`,
  message: (connectionId: string, messageId: string) => `msg:${connectionId}:${messageId}`,
  resume: (connectionId: string, resumeId: string) => `resume:${connectionId}:${resumeId}`,
};

export interface LinkRequest {
  candidateId: string;
  connectionId: string;
  jobId: string;
  jobTitle: string | null;
  origin: 'flow' | 'referral';
  flowId: string | null;
  referralId: string | null;
  now: string;
}

/**
 * The candidate should have an application on this job: a tracked link, a "find or create the
 * person" write (once per connection), the application create, and the current resume. Returns
 * the existing link when there is one (nothing new is queued).
 */
export function linkApplication(
  db: DB,
  request: LinkRequest,
): { linkId: number; created: boolean } {
  const existing = findApplicationLink(
    db,
    request.candidateId,
    request.connectionId,
    request.jobId,
  );
  if (existing) return { linkId: existing.id, created: false };
  const linkId = insertApplicationLink(db, request);
  const base = {
    connectionId: request.connectionId,
    candidateId: request.candidateId,
    now: request.now,
  };
  if (!getCandidateLink(db, request.candidateId, request.connectionId)) {
    enqueue(db, {
      ...base,
      kind: 'candidate.ensure',
      key: outboxKeys.candidate(request.connectionId, request.candidateId),
      subjectId: request.candidateId,
      payload: { origin: request.origin },
    });
  }
  enqueue(db, {
    ...base,
    kind: 'application.create',
    key: outboxKeys.application(linkId),
    subjectId: String(linkId),
    payload: { origin: request.origin },
  });
  const [resume] = resumesOf(db, request.candidateId);
  if (resume)
    enqueueResumeFor(db, request.connectionId, request.candidateId, resume.id, request.now);
  return { linkId, created: true };
}

/** A public note goes to every ATS where the candidate has (or is getting) a person. */
export function enqueueNote(db: DB, note: NoteRowDb, now: string): number {
  if (!noteMayLeaveKula(note)) return 0;
  let queued = 0;
  for (const connectionId of connectionsForNotes(db, note.candidate_id)) {
    if (enqueueNoteFor(db, connectionId, note.candidate_id, note.id, now)) queued++;
  }
  return queued;
}

function connectionsForNotes(db: DB, candidateId: string): string[] {
  return connectionsTakingNotes({
    people: candidateLinks(db, candidateId),
    applications: applicationLinksOf(db, candidateId),
  });
}

function enqueueNoteFor(
  db: DB,
  connectionId: string,
  candidateId: string,
  noteId: string,
  now: string,
): number | null {
  return enqueue(db, {
    connectionId,
    candidateId,
    kind: 'note.create',
    key: outboxKeys.note(connectionId, noteId),
    subjectId: noteId,
    now,
  });
}

export function enqueueMessage(
  db: DB,
  message: { id: string; candidate_id: string },
  now: string,
): number {
  let queued = 0;
  for (const connectionId of connectionsForNotes(db, message.candidate_id)) {
    if (enqueueMessageFor(db, connectionId, message.candidate_id, message.id, now)) queued++;
  }
  return queued;
}

function enqueueMessageFor(
  db: DB,
  connectionId: string,
  candidateId: string,
  messageId: string,
  now: string,
): number | null {
  return enqueue(db, {
    connectionId,
    candidateId,
    kind: 'message.create',
    key: outboxKeys.message(connectionId, messageId),
    subjectId: messageId,
    now,
  });
}

export function enqueueResume(
  db: DB,
  resume: { id: string; candidate_id: string },
  now: string,
): number {
  let queued = 0;
  const connections = new Set(
    applicationLinksOf(db, resume.candidate_id).map((link) => link.connection_id),
  );
  for (const connectionId of connections) {
    if (enqueueResumeFor(db, connectionId, resume.candidate_id, resume.id, now)) queued++;
  }
  return queued;
}

function enqueueResumeFor(
  db: DB,
  connectionId: string,
  candidateId: string,
  resumeId: string,
  now: string,
): number | null {
  return enqueue(db, {
    connectionId,
    candidateId,
    kind: 'resume.attach',
    key: outboxKeys.resume(connectionId, resumeId),
    subjectId: resumeId,
    now,
  });
}

/**
 * A Kula stage move: each application of the candidate that exists in an ATS gets a move, or its
 * move that has not been sent yet is retargeted (quick successive moves send only the last).
 * Applications still being created take the stage when they are created.
 */
export function enqueueStageMoves(
  db: DB,
  candidateId: string,
  kulaStageId: string,
  now: string,
): number {
  let queued = 0;
  for (const link of applicationLinksOf(db, candidateId)) {
    if (!link.ats_application_id) continue;
    if (enqueueMoveFor(db, link.id, link.connection_id, candidateId, kulaStageId, now)) queued++;
  }
  return queued;
}

export function enqueueMoveFor(
  db: DB,
  linkId: number,
  connectionId: string,
  candidateId: string,
  kulaStageId: string,
  now: string,
): boolean {
  const waiting = pendingMoveFor(db, linkId);
  if (waiting) {
    updatePayload(db, waiting.id, { ...readPayload(waiting), kulaStageId }, now);
    return true;
  }
  return (
    enqueue(db, {
      connectionId,
      candidateId,
      kind: 'stage.move',
      key: outboxKeys.move(linkId, nextMoveNumber(db, linkId)),
      subjectId: String(linkId),
      payload: { kulaStageId },
      now,
    }) !== null
  );
}

/**
 * The console has just created the candidate's ATS person: the candidate's existing public notes
 * and conversation messages follow, once (policy.ts says which; the keys make a second backfill a
 * no-op).
 */
export function backfillCandidate(
  db: DB,
  candidateId: string,
  connectionId: string,
  now: string,
): number {
  let queued = 0;
  for (const item of backfillItems(notesOf(db, candidateId), messagesOf(db, candidateId))) {
    const id =
      item.kind === 'note'
        ? enqueueNoteFor(db, connectionId, candidateId, item.note.id, now)
        : enqueueMessageFor(db, connectionId, candidateId, item.message.id, now);
    if (id) queued++;
  }
  return queued;
}
