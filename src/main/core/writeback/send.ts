import type { DB } from '../db/database';
import { resumeBytes } from '../db/repos/kula';
import { saveCheck, type OutboxRow } from '../db/repos/outbox';
import { ConsoleError } from '../errors';
import type { StageResolver } from '../mapping';
import type { AtsWriter, ResumeFile } from '../providers/provider';
import type { AtsApplicationRecord } from '../providers/records';
import { planWrite } from './plan';
import { loadPlanInput } from './plan/input';
import type { Lookup, ResumeRef, Write } from './plan/types';
import { settlementOf, type Settlement } from './settle';

/**
 * One outbox row, sent: its plan (plan/) is walked with live answers. A check asks the ATS; a
 * write first commits what the check saw (so a retry after a lost answer can tell our write from
 * someone else's), then goes out once; the plan's end becomes the `Settlement` the push phase
 * commits with the row. A blocked plan throws its error, which fails the row for the admin.
 */

export interface SendContext {
  db: DB;
  connectionId: string;
  /** The ATS's name for messages ("Ashby"). */
  ats: string;
  writer: AtsWriter;
  resolver: StageResolver;
  signal: AbortSignal;
  now(): string;
}

export async function sendRow(op: SendContext, row: OutboxRow): Promise<Settlement> {
  let plan = planWrite(loadPlanInput(op, row), {
    ats: op.ats,
    capabilities: op.writer.capabilities,
  });
  for (;;) {
    switch (plan.step) {
      case 'finish':
        return settlementOf(op, plan);
      case 'blocked':
        throw new ConsoleError(plan.code, plan.message, plan.action);
      case 'check':
        plan = plan.then(await askLive(op, plan.lookup));
        break;
      case 'send': {
        if (plan.guard) saveCheckNow(op, row, plan.guard);
        return settlementOf(op, plan.then(await writeLive(op, plan.write)));
      }
    }
  }
}

/** A check's live read; null means "none". */
async function askLive(op: SendContext, lookup: Lookup): Promise<unknown> {
  const { writer, signal } = op;
  switch (lookup.ask) {
    case 'candidate-by-email': {
      const person = await writer.findCandidate(lookup.emails, signal);
      return person ? { person, matchedEmail: null } : null;
    }
    case 'application-on-job': {
      const person = lookup.person ?? (await writer.findCandidate(lookup.emails, signal));
      if (!person) return null;
      const application = pickApplication(
        await writer.listApplications(person, signal),
        lookup.jobId,
      );
      return application ? { application, person, stageTitle: null } : null;
    }
    case 'application':
      return writer.getApplication(lookup.applicationId, signal);
    case 'note-exists':
      return (await writer.noteExists(lookup.target, lookup.ref, signal)) ? true : null;
    case 'resume-state':
      return writer.resumeState(lookup.target, signal);
  }
}

/** The one write; its answer goes to the plan. */
async function writeLive(op: SendContext, write: Write): Promise<unknown> {
  const { writer, signal } = op;
  switch (write.write) {
    case 'create-candidate':
      return writer.createCandidate(write.draft, write.origin, signal);
    case 'create-application': {
      const { write: _write, resume, ...application } = write;
      return writer.createApplication(
        { ...application, resume: resume ? fileOf(op.db, resume) : null },
        signal,
      );
    }
    case 'move-application':
      return writer.moveApplication(write.current, write.move, signal);
    case 'create-note':
      return writer.createNote(write.target, write.text, signal);
    case 'attach-resume':
      return writer.attachResume(write.target, requireFile(op.db, write.resume), signal);
  }
}

/** The application on this job: an active one first, else the newest. */
function pickApplication(
  applications: AtsApplicationRecord[],
  jobId: string,
): AtsApplicationRecord | null {
  const onJob = applications.filter((application) => application.jobRemoteId === jobId);
  return onJob.find((application) => !application.archived) ?? onJob[0] ?? null;
}

function fileOf(db: DB, resume: ResumeRef): ResumeFile | null {
  const bytes = resumeBytes(db, resume.id);
  return bytes ? { name: resume.name, contentType: resume.contentType, bytes } : null;
}

function requireFile(db: DB, resume: ResumeRef): ResumeFile {
  const file = fileOf(db, resume);
  if (!file) throw new ConsoleError('NOT_FOUND', 'The resume no longer exists in Kula.');
  return file;
}

/** Committed before the write it precedes, so a retry after a lost answer can tell ours apart. */
function saveCheckNow(op: SendContext, row: OutboxRow, check: Record<string, unknown>): void {
  op.db.transaction(() => saveCheck(op.db, row.id, check, op.now())).immediate();
  row.check_json = JSON.stringify(check);
}
