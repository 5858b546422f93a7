import type { DB } from '../../db/database';
import {
  currentApplicationLink,
  getApplicationLink,
  getCandidateLink,
  type ApplicationLinkRow,
} from '../../db/repos/ats-links';
import {
  cachedApplication,
  cachedApplicationOnJob,
  cachedCandidate,
  cachedPersonByEmail,
  newestCachedApplication,
} from '../../db/repos/ats-records';
import {
  getCandidateRow,
  getMessage,
  getNote,
  getResume,
  jsonStrings,
  resumesOf,
  type CandidateRowDb,
  type ResumeRowDb,
} from '../../db/repos/kula';
import { resumeFileStored } from '../../db/repos/kula-reads';
import { readCheck, readPayload, type OutboxRow } from '../../db/repos/outbox';
import type { StageResolver } from '../../mapping';
import { barePerson } from './side';
import type {
  ApplicationLink,
  ApplicationOnJob,
  AtsSide,
  KulaPerson,
  PersonMatch,
  PlanInput,
  ResumeRef,
  RowFacts,
} from './types';
import { atsSafeName } from '../../kula/validate';

/**
 * What a row's plan is decided from, read in one place: the Kula side (the candidate, the note,
 * the resume), the links between Kula and the ATS, the ATS cache, and the stage mapping. The
 * planners (plan/) then decide with no I/O.
 */

export interface PlanSource {
  db: DB;
  connectionId: string;
  /** The stage mapping of the connection, opened once per run or preview. */
  resolver: Pick<StageResolver, 'kulaToAts' | 'atsToKula'>;
}

export function loadPlanInput(source: PlanSource, row: OutboxRow): PlanInput {
  const { db } = source;
  const facts = rowFacts(row);
  switch (row.kind) {
    case 'candidate.ensure': {
      const candidate = kulaPerson(getCandidateRow(db, row.candidate_id));
      const side = atsSide(source, row.candidate_id);
      return {
        kind: row.kind,
        row: facts,
        candidate,
        side,
        emailMatch: !side.person && candidate ? emailMatch(source, candidate) : null,
      };
    }
    case 'application.create': {
      const linkRow = getApplicationLink(db, Number(row.subject_id));
      const link = linkRow ? applicationLink(linkRow) : null;
      const candidate = kulaPerson(getCandidateRow(db, row.candidate_id));
      const side = atsSide(source, row.candidate_id);
      const match = !side.person && candidate ? emailMatch(source, candidate) : null;
      const personId = side.person?.atsCandidateId ?? match?.person.remoteId;
      return {
        kind: row.kind,
        row: facts,
        tracked: link
          ? {
              link,
              stage: source.resolver.kulaToAts({
                kulaStageId: candidate?.kulaStageId ?? '',
                jobId: link.jobId,
              }),
            }
          : null,
        candidate,
        side,
        emailMatch: match,
        onJobInCache: link && personId ? applicationOnJob(source, personId, link.jobId) : null,
        latestResume: storedResume(db, resumesOf(db, row.candidate_id)[0]),
        kulaStageFor: (state) => source.resolver.atsToKula(state),
      };
    }
    case 'stage.move': {
      const linkRow = getApplicationLink(db, Number(row.subject_id));
      const applicationId = linkRow?.ats_application_id;
      return {
        kind: row.kind,
        row: facts,
        link: linkRow ? applicationLink(linkRow) : null,
        move:
          linkRow && applicationId
            ? source.resolver.kulaToAts({
                kulaStageId: String(facts.payload.kulaStageId ?? ''),
                applicationId,
                jobId: linkRow.ats_job_id,
              })
            : null,
        cached: applicationId ? cachedApplication(db, source.connectionId, applicationId) : null,
      };
    }
    case 'note.create':
      return {
        kind: row.kind,
        row: facts,
        candidateName: getCandidateRow(db, row.candidate_id)?.name ?? '',
        note: getNote(db, row.subject_id) ?? null,
        side: atsSide(source, row.candidate_id),
      };
    case 'message.create':
      return {
        kind: row.kind,
        row: facts,
        candidateName: getCandidateRow(db, row.candidate_id)?.name ?? '',
        message: getMessage(db, row.subject_id) ?? null,
        side: atsSide(source, row.candidate_id),
      };
    case 'resume.attach':
      return {
        kind: row.kind,
        row: facts,
        resume: storedResume(db, getResume(db, row.subject_id)),
        side: atsSide(source, row.candidate_id),
      };
  }
}

function rowFacts(row: OutboxRow): RowFacts {
  return {
    id: row.id,
    candidateId: row.candidate_id,
    subjectId: row.subject_id,
    needsCheck: row.needs_check === 1,
    check: readCheck(row),
    payload: readPayload(row),
  };
}

function kulaPerson(row: CandidateRowDb | undefined): KulaPerson | null {
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    kulaStageId: row.kula_stage_id,
    draft: {
      // What the ATS receives (and the preview shows): never a formula for a spreadsheet export.
      name: atsSafeName(row.name),
      emails: jsonStrings(row.emails_json),
      phone: row.phone,
      links: jsonStrings(row.links_json),
    },
  };
}

function applicationLink(row: ApplicationLinkRow): ApplicationLink {
  return {
    id: row.id,
    jobId: row.ats_job_id,
    jobTitle: row.ats_job_title,
    origin: row.origin,
    atsApplicationId: row.ats_application_id,
    createdByConsole: row.created_by_console === 1,
    resumeId: row.resume_id,
  };
}

function atsSide(source: PlanSource, candidateId: string): AtsSide {
  const { db, connectionId } = source;
  const link = getCandidateLink(db, candidateId, connectionId);
  const current = currentApplicationLink(db, candidateId, connectionId);
  return {
    person: link
      ? {
          atsCandidateId: link.ats_candidate_id,
          createdByConsole: link.created_by_console === 1,
          profileUrl: link.profile_url,
          record:
            cachedCandidate(db, connectionId, link.ats_candidate_id) ??
            barePerson(link.ats_candidate_id, link.profile_url),
        }
      : null,
    currentApplication: current ? applicationLink(current) : null,
    newestCachedApplicationId:
      link && !current?.ats_application_id
        ? newestCachedApplication(db, connectionId, link.ats_candidate_id)
        : null,
  };
}

function emailMatch(source: PlanSource, candidate: KulaPerson): PersonMatch | null {
  const match = cachedPersonByEmail(source.db, source.connectionId, candidate.draft.emails);
  if (!match) return null;
  return {
    person: cachedCandidate(source.db, source.connectionId, match.remoteId) ?? {
      ...barePerson(match.remoteId, null),
      name: match.name,
    },
    matchedEmail: match.email,
  };
}

function applicationOnJob(
  source: PlanSource,
  atsCandidateId: string,
  jobId: string,
): ApplicationOnJob | null {
  const { db, connectionId } = source;
  const onJob = cachedApplicationOnJob(db, connectionId, atsCandidateId, jobId);
  const application = onJob ? cachedApplication(db, connectionId, onJob.remoteId) : null;
  if (!onJob || !application) return null;
  return {
    application,
    person: cachedCandidate(db, connectionId, atsCandidateId) ?? barePerson(atsCandidateId, null),
    stageTitle: onJob.stageTitle,
  };
}

/** A resume whose file is stored, as a write refers to it; null when either is missing. */
function storedResume(db: DB, resume: ResumeRowDb | undefined): ResumeRef | null {
  if (!resume || !resumeFileStored(db, resume.id)) return null;
  return {
    id: resume.id,
    name: resume.file_name,
    contentType: resume.content_type,
    size: resume.size,
  };
}
