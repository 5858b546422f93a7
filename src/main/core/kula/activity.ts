import crypto from 'node:crypto';
import {
  MESSAGE_CHANNELS,
  RESUME_MAX_BYTES,
  RESUME_TYPES,
  type CandidateInput,
  type MessageChannel,
  type MessageDirection,
} from '../../../shared/domain/kula';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { inTransaction } from '../db/database';
import { findApplicationLink } from '../db/repos/ats-links';
import {
  getFlowRow,
  insertMessage,
  insertNote,
  insertReferral,
  insertResume,
  type CandidateRowDb,
} from '../db/repos/kula';
import { ConsoleError } from '../errors';
import { enqueueMessage, enqueueNote, enqueueResume, linkApplication } from '../writeback/enqueue';
import { requireCandidate } from './candidate-row';
import { insertCandidateInTransaction } from './candidates';
import { BIDI_CONTROLS } from './validate';
import { requireOpenJob, type JobLinkInput } from './flows';
import { newId } from './ids';
import { kickApplications, type KulaChangeDeps } from './kick';
import { connectionInfo } from './labels';

/**
 * What recruiters record about a candidate: notes (public, or private: those never leave the
 * console), conversation messages, resumes and referrals. Each is saved with its outbox rows in
 * one transaction.
 */

/** What recording activity uses: a Kula change's needs, and who is acting (the author). */
type ActivityDeps = KulaChangeDeps & Pick<CoreBasics, 'actor'>;

export const NOTE_MAX = 20_000;

export function addNote(
  ctx: ActivityDeps,
  input: { candidate: string; body: string; private: boolean },
): { id: string; queued: number } {
  const candidate = requireCandidate(ctx.db, input.candidate);
  const body = input.body.trim();
  if (!body) throw bad('body', 'A note needs some text.', 'Type the note.');
  if (body.length > NOTE_MAX)
    throw bad('body', `Notes can be at most ${NOTE_MAX} characters.`, 'Shorten the note.');
  const now = isoNow(ctx.clock);
  const note = {
    id: newId('note'),
    candidate_id: candidate.id,
    body,
    private: input.private ? 1 : 0,
    author: ctx.actor,
    created_at: now,
  };
  const queued = inTransaction(ctx.db, () => {
    insertNote(ctx.db, note);
    return enqueueNote(ctx.db, note, now);
  });
  ctx.events.changed('kula_notes', 'kula_candidates', 'outbox');
  kickApplications(ctx, candidate.id);
  return { id: note.id, queued };
}

export function logMessage(
  ctx: ActivityDeps,
  input: {
    candidate: string;
    body: string;
    direction: MessageDirection;
    channel?: MessageChannel | undefined;
    sender?: string | undefined;
    sentAt?: string | undefined;
    flowId?: string | null | undefined;
  },
): { id: string; queued: number } {
  const candidate = requireCandidate(ctx.db, input.candidate);
  const body = input.body.trim();
  if (!body) throw bad('body', 'A message needs some text.', 'Type or paste the message.');
  if (body.length > NOTE_MAX)
    throw bad('body', `Messages can be at most ${NOTE_MAX} characters.`, 'Shorten it.');
  const channel = input.channel ?? 'email';
  if (!MESSAGE_CHANNELS.includes(channel)) {
    throw bad(
      'channel',
      `“${channel}” is not a channel.`,
      `Use one of: ${MESSAGE_CHANNELS.join(', ')}.`,
    );
  }
  const now = isoNow(ctx.clock);
  const sentAt = input.sentAt ? new Date(input.sentAt) : new Date(now);
  if (Number.isNaN(sentAt.getTime())) {
    throw bad(
      'sentAt',
      `“${input.sentAt}” is not a date and time.`,
      'Use a time like 2025-01-31T14:05:00Z.',
    );
  }
  if (sentAt.getTime() > Date.parse(now) + 5 * 60_000) {
    throw bad(
      'sentAt',
      'The message is dated in the future.',
      'Use the time it was sent or received.',
    );
  }
  if (input.flowId && !getFlowRow(ctx.db, input.flowId)) {
    throw bad(
      'flowId',
      `There is no flow “${input.flowId}”.`,
      'Choose one of the candidate’s flows.',
    );
  }
  const sender =
    input.sender?.trim() || (input.direction === 'inbound' ? candidate.name : ctx.actor);
  const message = {
    id: newId('msg'),
    candidate_id: candidate.id,
    direction: input.direction,
    channel,
    sender: sender.slice(0, 200),
    sent_at: sentAt.toISOString(),
    body,
    flow_id: input.flowId ?? null,
    created_at: now,
  };
  const queued = inTransaction(ctx.db, () => {
    insertMessage(ctx.db, message);
    return enqueueMessage(ctx.db, message, now);
  });
  ctx.events.changed('kula_messages', 'kula_candidates', 'outbox');
  kickApplications(ctx, candidate.id);
  return { id: message.id, queued };
}

export function uploadResume(
  ctx: ActivityDeps,
  input: { candidate: string; fileName: string; bytes: Buffer },
): { id: string; queued: number } {
  const candidate = requireCandidate(ctx.db, input.candidate);
  const fileName = cleanFileName(input.fileName);
  const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : '';
  const contentType = RESUME_TYPES[extension];
  if (!contentType) {
    throw bad(
      'file',
      `“${fileName}” is not a resume format the ATSs read.`,
      `Upload a ${Object.keys(RESUME_TYPES).join(', ')} file.`,
    );
  }
  if (input.bytes.length === 0)
    throw bad('file', `“${fileName}” is empty.`, 'Choose the resume file again.');
  if (input.bytes.length > RESUME_MAX_BYTES) {
    throw bad(
      'file',
      `“${fileName}” is ${(input.bytes.length / 1024 / 1024).toFixed(1)} MB; resumes can be at most ${RESUME_MAX_BYTES / 1024 / 1024} MB.`,
      'Upload a smaller file (for example, export the PDF again without images).',
    );
  }
  if (!looksLike(extension, input.bytes)) {
    throw bad(
      'file',
      `“${fileName}” does not look like a .${extension} file (its content says otherwise).`,
      'Check that you chose the right file, or save it again in that format.',
    );
  }
  const now = isoNow(ctx.clock);
  const resume = {
    id: newId('res'),
    candidate_id: candidate.id,
    file_name: fileName,
    content_type: contentType,
    size: input.bytes.length,
    sha256: crypto.createHash('sha256').update(input.bytes).digest('hex'),
    uploaded_by: ctx.actor,
    uploaded_at: now,
  };
  const queued = inTransaction(ctx.db, () => {
    insertResume(ctx.db, resume, input.bytes);
    return enqueueResume(ctx.db, resume, now);
  });
  ctx.events.changed('kula_resumes', 'kula_candidates', 'outbox');
  kickApplications(ctx, candidate.id);
  return { id: resume.id, queued };
}

export interface ReferralInput {
  /** An existing Kula candidate (id or email), or a new one. */
  candidate: string | CandidateInput;
  referrerName: string;
  referrerEmail?: string | null | undefined;
  job: JobLinkInput;
}

/** A referral through circles: the candidate gets an application on the job (origin: referred). */
export function createReferral(
  ctx: KulaChangeDeps,
  input: ReferralInput,
): { referralId: string; candidateId: string } {
  const referrerName = input.referrerName.trim().replace(/\s+/g, ' ');
  if (!referrerName)
    throw bad('referrerName', 'Who referred the candidate?', 'Type the referrer’s name.');
  const referrerEmail = input.referrerEmail?.trim().toLowerCase() || null;
  if (referrerEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(referrerEmail)) {
    throw bad(
      'referrerEmail',
      `“${input.referrerEmail}” is not an email address.`,
      'Fix the referrer’s email, or leave it empty.',
    );
  }
  const now = isoNow(ctx.clock);
  const result = inTransaction(ctx.db, () => {
    const job = requireOpenJob(ctx.db, input.job);
    const candidate: CandidateRowDb =
      typeof input.candidate === 'string'
        ? requireCandidate(ctx.db, input.candidate)
        : insertCandidateInTransaction(ctx.db, { ...input.candidate, origin: 'referral' }, now);
    if (!candidate.email) {
      throw bad(
        'candidate',
        `${candidate.name} has no email, so the ATS cannot match or create them.`,
        'Add an email to the candidate first.',
      );
    }
    const existing = findApplicationLink(
      ctx.db,
      candidate.id,
      input.job.connectionId,
      input.job.jobId,
    );
    if (existing) {
      throw new ConsoleError(
        'CONFLICT',
        `${candidate.name} already has an application on “${job.title}” in ${connectionInfo(ctx.db, input.job.connectionId).ats} (${existing.origin === 'flow' ? 'from a flow' : 'from an earlier referral'}).`,
        'Refer them to another job, or add a note about the referral instead.',
      );
    }
    const referralId = newId('ref');
    insertReferral(ctx.db, {
      id: referralId,
      candidate_id: candidate.id,
      referrer_name: referrerName.slice(0, 200),
      referrer_email: referrerEmail,
      connection_id: input.job.connectionId,
      ats_job_id: input.job.jobId,
      ats_job_title: job.title,
      created_at: now,
    });
    linkApplication(ctx.db, {
      candidateId: candidate.id,
      connectionId: input.job.connectionId,
      jobId: input.job.jobId,
      jobTitle: job.title,
      origin: 'referral',
      flowId: null,
      referralId,
      now,
    });
    return { referralId, candidateId: candidate.id };
  });
  ctx.events.changed('kula_referrals', 'kula_candidates', 'outbox');
  kickApplications(ctx, result.candidateId);
  return result;
}

function bad(path: string, message: string, action: string): ConsoleError {
  return new ConsoleError('BAD_INPUT', message, action, [{ path, message }]);
}

function cleanFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = [...base.replace(BIDI_CONTROLS, '')]
    .filter((char) => char.charCodeAt(0) >= 0x20 && !'"<>|:*?'.includes(char))
    .join('')
    .trim()
    .slice(-200);
  if (!clean) throw bad('file', 'The file has no name.', 'Choose the resume file again.');
  return clean;
}

/** A light check that the bytes match the extension (a renamed image is not a PDF). */
function looksLike(extension: string, bytes: Buffer): boolean {
  const starts = (signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  switch (extension) {
    case 'pdf':
      return starts([0x25, 0x50, 0x44, 0x46]);
    case 'docx':
    case 'odt':
      return starts([0x50, 0x4b]);
    case 'doc':
      return starts([0xd0, 0xcf, 0x11, 0xe0]);
    case 'rtf':
      return bytes.subarray(0, 5).toString('latin1') === '{\\rtf';
    case 'txt':
      return !bytes.subarray(0, 4096).includes(0);
    default:
      return false;
  }
}
