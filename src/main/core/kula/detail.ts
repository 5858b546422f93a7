import type {
  ApplicationLinkItem,
  CandidateDetail,
  HistoryItem,
  MessageChannel,
} from '../../../shared/domain/kula';
import type { CoreBasics } from '../basics';
import { applicationLinksOf } from '../db/repos/ats-links';
import {
  getFlowRow,
  jsonStrings,
  messagesOf,
  notesOf,
  referralsOf,
  resumesOf,
} from '../db/repos/kula';
import { cachedApplicationView, candidateLogLines } from '../db/repos/kula-lookups';
import type { ProviderRegistry } from '../providers/registry';
import { listOutbox } from '../writeback/list';
import { candidateRow, requireCandidate } from './candidate-row';
import { connectionInfo } from './labels';

/**
 * Everything about one Kula candidate for the detail screen and `candidates show`: contact, notes,
 * conversation, resumes, referrals, the ATS applications the console tracks, the writes queued or
 * made for them, and their history (the sync log's lines about them: each write attempt, stage
 * moves from the ATS, conflicts).
 */
export function getCandidateDetail(
  ctx: Pick<CoreBasics, 'db'> & { providers: Pick<ProviderRegistry, 'has' | 'get'> },
  idOrEmail: string,
): CandidateDetail {
  const { db } = ctx;
  const row = requireCandidate(db, idOrEmail);
  const applications = applicationLinksOf(db, row.id).map((link): ApplicationLinkItem => {
    const connection = connectionInfo(db, link.connection_id);
    const cached = link.ats_application_id
      ? cachedApplicationView(db, link.connection_id, link.ats_application_id)
      : undefined;
    return {
      id: link.id,
      connectionId: link.connection_id,
      connectionLabel: connection.label,
      provider: connection.provider,
      jobId: link.ats_job_id,
      jobTitle: link.ats_job_title ?? link.ats_job_id,
      origin: link.origin,
      flowName: link.flow_id ? (getFlowRow(db, link.flow_id)?.name ?? null) : null,
      atsApplicationId: link.ats_application_id,
      createdByConsole: link.created_by_console === 1,
      atsStage: cached?.stage ?? null,
      archived: cached?.archived === 1,
      profileUrl: link.profile_url ?? cached?.profile_url ?? null,
    };
  });
  const history = candidateLogLines(db, row.id, 200).map((line): HistoryItem => ({
    at: line.at,
    source: 'log',
    level: line.level === 'error' ? 'error' : line.level === 'warn' ? 'warn' : 'info',
    connectionLabel: line.connection_id ? connectionInfo(db, line.connection_id).label : null,
    title: line.message,
    detail: line.next_step,
  }));
  const connections = new Set(applications.map((application) => application.connectionId));
  const caveats: CandidateDetail['caveats'] = [];
  for (const connectionId of connections) {
    const info = connectionInfo(db, connectionId);
    const definition = ctx.providers.has(info.provider) ? ctx.providers.get(info.provider) : null;
    for (const text of definition?.writeCapabilities?.caveats ?? []) {
      caveats.push({ connectionLabel: info.label, text });
    }
  }
  return {
    ...candidateRow(db, row),
    emails: jsonStrings(row.emails_json),
    phone: row.phone,
    links: jsonStrings(row.links_json),
    notes: notesOf(db, row.id).map((note) => ({
      id: note.id,
      body: note.body,
      private: note.private === 1,
      author: note.author,
      createdAt: note.created_at,
    })),
    messages: messagesOf(db, row.id).map((message) => ({
      id: message.id,
      direction: message.direction,
      channel: message.channel as MessageChannel,
      sender: message.sender,
      sentAt: message.sent_at,
      body: message.body,
    })),
    resumes: resumesOf(db, row.id).map((resume) => ({
      id: resume.id,
      fileName: resume.file_name,
      contentType: resume.content_type,
      size: resume.size,
      uploadedAt: resume.uploaded_at,
      uploadedBy: resume.uploaded_by,
    })),
    referrals: referralsOf(db, row.id).map((referral) => ({
      id: referral.id,
      referrerName: referral.referrer_name,
      referrerEmail: referral.referrer_email,
      jobTitle: referral.ats_job_title,
      connectionLabel: referral.connection_id
        ? connectionInfo(db, referral.connection_id).label
        : null,
      createdAt: referral.created_at,
    })),
    applications,
    writes: listOutbox(db, { candidateId: row.id, limit: 200, offset: 0 }).items,
    history,
    caveats,
  };
}
