import { OUTBOX_KIND_LABELS } from '../../../shared/domain/outbox';
import type { DB } from '../db/database';
import { getApplicationLink } from '../db/repos/ats-links';
import { readPayload, type OutboxRow } from '../db/repos/outbox';
import { getMessage, getNote, getResume } from '../db/repos/kula';
import { kulaStageName } from '../db/repos/kula-reads';

/**
 * One line saying what an outbox row writes, for the outbox list, the candidate's history, the
 * preview and the sync log. Never quotes a note or a message: lengths and kinds only (the preview
 * shows the text on purpose, in its privacy section).
 */
export function describeRow(db: DB, row: OutboxRow, ats: string): string {
  switch (row.kind) {
    case 'candidate.ensure':
      return `Find the candidate in ${ats} by email, or create them`;
    case 'application.create': {
      const link = getApplicationLink(db, Number(row.subject_id));
      const job = link?.ats_job_title ?? link?.ats_job_id ?? 'the job';
      return `Create the ${link?.origin === 'referral' ? 'referral ' : ''}application on “${job}”`;
    }
    case 'stage.move': {
      const stageId = String(readPayload(row).kulaStageId ?? '');
      const stage = kulaStageName(db, stageId);
      const link = getApplicationLink(db, Number(row.subject_id));
      return `Move the application on “${link?.ats_job_title ?? link?.ats_job_id ?? '?'}” as Kula “${stage ?? stageId}” maps`;
    }
    case 'note.create': {
      const note = getNote(db, row.subject_id);
      return note ? `Add a note (${note.body.length} characters) by ${note.author}` : 'Add a note';
    }
    case 'message.create': {
      const message = getMessage(db, row.subject_id);
      return message
        ? `Add the ${message.direction} ${message.channel} message of ${message.sent_at.slice(0, 10)} as a note`
        : OUTBOX_KIND_LABELS['message.create'];
    }
    case 'resume.attach': {
      const resume = getResume(db, row.subject_id);
      return resume
        ? `Attach the resume “${resume.file_name}”`
        : OUTBOX_KIND_LABELS['resume.attach'];
    }
  }
}
