import type { FlowDetail, FlowSummary, JobOption } from '../../../shared/domain/kula';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { inTransaction, type DB } from '../db/database';
import {
  addFlowMember,
  flowByName,
  flowCounts,
  flowMemberIds,
  getCandidateRow,
  getFlowRow,
  insertFlow,
  listFlowRows,
  setFlowLink,
  type FlowRowDb,
} from '../db/repos/kula';
import { connectionLabelRow, openJobRows } from '../db/repos/kula-lookups';
import { ConsoleError } from '../errors';
import { linkApplication } from '../writeback/enqueue';
import { candidateRow } from './candidate-row';
import { newId } from './ids';
import { kickApplications, type KulaChangeDeps } from './kick';
import { connectionInfo, jobInfo } from './labels';

/**
 * Kula flows (outreach). A flow may be linked to one open ATS job (Ashby open jobs, Lever published
 * postings); every candidate in a linked flow gets an application on that job. Linking a flow that
 * already has candidates gives each of them an application too; changing the link later adds
 * applications on the new job and leaves the earlier ones alone.
 */

export const FLOW_NAME_MAX = 120;

export interface JobLinkInput {
  connectionId: string;
  jobId: string;
}

export function createFlow(
  ctx: Pick<CoreBasics, 'db' | 'clock' | 'events' | 'audit'>,
  input: { name: string; link?: JobLinkInput | null },
): FlowDetail {
  const name = cleanFlowName(ctx.db, input.name);
  const now = isoNow(ctx.clock);
  const id = newId('flow');
  inTransaction(ctx.db, () => {
    insertFlow(ctx.db, {
      id,
      name,
      connection_id: null,
      ats_job_id: null,
      ats_job_title: null,
      linked_at: null,
      created_at: now,
      updated_at: now,
    });
    if (input.link) linkInTransaction(ctx.db, id, input.link, now);
  });
  ctx.audit(
    'flow.create',
    id,
    `Created flow “${name}”${input.link ? ` linked to ${describeLink(ctx.db, input.link)}` : ''}.`,
  );
  ctx.events.changed('kula_flows', 'outbox');
  return getFlow(ctx, id);
}

/** Links a flow to an open job (or unlinks it with null). Existing members get applications. */
export function linkFlow(
  ctx: KulaChangeDeps & Pick<CoreBasics, 'audit'>,
  flowIdOrName: string,
  link: JobLinkInput | null,
): { flow: FlowDetail; applicationsQueued: number } {
  const flow = requireFlow(ctx.db, flowIdOrName);
  const now = isoNow(ctx.clock);
  const queued = inTransaction(ctx.db, () => {
    if (!link) {
      setFlowLink(ctx.db, flow.id, null, now);
      return 0;
    }
    return linkInTransaction(ctx.db, flow.id, link, now);
  });
  ctx.audit(
    'flow.link',
    flow.id,
    link
      ? `Linked flow “${flow.name}” to ${describeLink(ctx.db, link)}${queued ? `; ${queued} application${queued === 1 ? '' : 's'} queued` : ''}.`
      : `Unlinked flow “${flow.name}” from its ATS job (applications already created stay).`,
  );
  ctx.events.changed('kula_flows', 'outbox');
  for (const candidateId of flowMemberIds(ctx.db, flow.id)) kickApplications(ctx, candidateId);
  return { flow: getFlow(ctx, flow.id), applicationsQueued: queued };
}

function linkInTransaction(db: DB, flowId: string, link: JobLinkInput, now: string): number {
  const job = requireOpenJob(db, link);
  setFlowLink(db, flowId, { ...link, jobTitle: job.title }, now);
  let queued = 0;
  for (const candidateId of flowMemberIds(db, flowId)) {
    const candidate = getCandidateRow(db, candidateId);
    if (!candidate?.email) continue;
    const result = linkApplication(db, {
      candidateId,
      connectionId: link.connectionId,
      jobId: link.jobId,
      jobTitle: job.title,
      origin: 'flow',
      flowId,
      referralId: null,
      now,
    });
    if (result.created) queued++;
  }
  return queued;
}

export interface MemberOutcome {
  candidateId: string;
  name: string;
  result: 'added' | 'already' | 'refused';
  message: string;
}

/** Adds candidates to a flow; in a linked flow each gets an application (queued). */
export function addToFlow(
  ctx: KulaChangeDeps,
  flowIdOrName: string,
  candidateIds: string[],
): MemberOutcome[] {
  const flow = requireFlow(ctx.db, flowIdOrName);
  const now = isoNow(ctx.clock);
  const outcomes = inTransaction(ctx.db, () =>
    addMembersInTransaction(ctx.db, flow.id, candidateIds, now, { refuseWithoutEmail: false }),
  );
  ctx.events.changed('kula_flows', 'kula_candidates', 'outbox');
  for (const outcome of outcomes)
    if (outcome.result === 'added') kickApplications(ctx, outcome.candidateId);
  return outcomes;
}

export function addMembersInTransaction(
  db: DB,
  flowId: string,
  candidateIds: string[],
  now: string,
  options: { refuseWithoutEmail: boolean } = { refuseWithoutEmail: true },
): MemberOutcome[] {
  const flow = requireFlow(db, flowId);
  const outcomes: MemberOutcome[] = [];
  for (const candidateId of candidateIds) {
    const candidate = getCandidateRow(db, candidateId);
    if (!candidate) {
      throw new ConsoleError('NOT_FOUND', `There is no Kula candidate “${candidateId}”.`);
    }
    if (flow.connection_id && flow.ats_job_id && !candidate.email) {
      const message = `${candidate.name} has no email, so ${connectionInfo(db, flow.connection_id).ats} cannot match or create them; add an email first.`;
      if (options.refuseWithoutEmail) {
        throw new ConsoleError(
          'BAD_INPUT',
          message,
          'Add an email to the candidate, then add them to the flow.',
          [{ path: 'emails', message: 'An email is needed for a flow linked to an ATS job.' }],
        );
      }
      outcomes.push({ candidateId, name: candidate.name, result: 'refused', message });
      continue;
    }
    if (!addFlowMember(db, flow.id, candidateId, now)) {
      outcomes.push({
        candidateId,
        name: candidate.name,
        result: 'already',
        message: `${candidate.name} is already in “${flow.name}”.`,
      });
      continue;
    }
    let message = `${candidate.name} added to “${flow.name}”.`;
    if (flow.connection_id && flow.ats_job_id) {
      const job = jobInfo(db, flow.connection_id, flow.ats_job_id);
      const link = linkApplication(db, {
        candidateId,
        connectionId: flow.connection_id,
        jobId: flow.ats_job_id,
        jobTitle: job?.title ?? flow.ats_job_title,
        origin: 'flow',
        flowId: flow.id,
        referralId: null,
        now,
      });
      const ats = connectionInfo(db, flow.connection_id).ats;
      message += link.created
        ? ` An application on “${job?.title ?? flow.ats_job_title}” is queued for ${ats}.`
        : ` They already have an application on that job in ${ats}.`;
    }
    outcomes.push({ candidateId, name: candidate.name, result: 'added', message });
  }
  return outcomes;
}

export function listFlows(ctx: Pick<CoreBasics, 'db'>): FlowSummary[] {
  return listFlowRows(ctx.db).map((row) => flowSummary(ctx.db, row));
}

export function getFlow(ctx: Pick<CoreBasics, 'db'>, flowIdOrName: string): FlowDetail {
  const flow = requireFlow(ctx.db, flowIdOrName);
  return {
    ...flowSummary(ctx.db, flow),
    members: flowMemberIds(ctx.db, flow.id)
      .map((id) => getCandidateRow(ctx.db, id))
      .filter((row) => row !== undefined)
      .map((row) => candidateRow(ctx.db, row)),
  };
}

/** Jobs a flow can be linked to: open jobs (Ashby) and published postings (Lever) in the cache. */
export function listOpenJobs(ctx: Pick<CoreBasics, 'db'>, connectionId?: string): JobOption[] {
  return openJobRows(ctx.db, connectionId).map((row) => ({
    connectionId: row.connection_id,
    connectionLabel: row.label,
    provider: row.provider,
    jobId: row.remote_id,
    title: row.title,
    location: row.location,
    department: row.department,
  }));
}

export function requireFlow(db: DB, idOrName: string): FlowRowDb {
  const flow = getFlowRow(db, idOrName) ?? flowByName(db, idOrName.trim());
  if (!flow) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no flow “${idOrName}”.`,
      'Use the flow’s id or name (list them with `flows list`).',
    );
  }
  return flow;
}

function flowSummary(db: DB, row: FlowRowDb): FlowSummary {
  const counts = flowCounts(db, row.id);
  let link: FlowSummary['link'] = null;
  if (row.connection_id && row.ats_job_id) {
    const connection = connectionInfo(db, row.connection_id);
    const job = jobInfo(db, row.connection_id, row.ats_job_id);
    link = {
      connectionId: row.connection_id,
      connectionLabel: connection.label,
      provider: connection.provider,
      jobId: row.ats_job_id,
      jobTitle: job?.title ?? row.ats_job_title ?? row.ats_job_id,
      jobOpen: job?.open ?? false,
    };
  }
  return {
    id: row.id,
    name: row.name,
    link,
    candidates: counts.candidates,
    inAts: counts.in_ats,
    pendingWrites: counts.pending,
    failedWrites: counts.failed,
    createdAt: row.created_at,
  };
}

function cleanFlowName(db: DB, name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean) {
    throw new ConsoleError('BAD_INPUT', 'A flow needs a name.', 'Type a name.', [
      { path: 'name', message: 'Type a name.' },
    ]);
  }
  if (clean.length > FLOW_NAME_MAX) {
    throw new ConsoleError(
      'BAD_INPUT',
      `Flow names can be at most ${FLOW_NAME_MAX} characters.`,
      'Use a shorter name.',
      [{ path: 'name', message: `At most ${FLOW_NAME_MAX} characters.` }],
    );
  }
  const taken = flowByName(db, clean);
  if (taken) {
    throw new ConsoleError(
      'CONFLICT',
      `There is already a flow called “${taken.name}”.`,
      'Choose another name.',
      [{ path: 'name', message: 'This name is taken.' }],
    );
  }
  return clean;
}

export function requireOpenJob(db: DB, link: JobLinkInput): { title: string } {
  const connection = connectionLabelRow(db, link.connectionId);
  if (!connection) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no connection “${link.connectionId}”.`,
      'Choose a connected ATS.',
    );
  }
  const job = jobInfo(db, link.connectionId, link.jobId);
  const ats = connectionInfo(db, link.connectionId).ats;
  if (!job) {
    throw new ConsoleError(
      'NOT_FOUND',
      `${ats} job “${link.jobId}” is not in the cache of “${connection.label}”.`,
      'Sync the connection, then choose one of its open jobs.',
      [{ path: 'jobId', message: 'Unknown job.' }],
    );
  }
  if (!job.open) {
    throw new ConsoleError(
      'BAD_INPUT',
      `“${job.title}” is not open in ${ats}, and flows can only be linked to open jobs (in Lever: published postings).`,
      'Choose an open job, or open this one in the ATS and sync.',
      [{ path: 'jobId', message: 'This job is not open.' }],
    );
  }
  return job;
}

function describeLink(db: DB, link: JobLinkInput): string {
  const job = jobInfo(db, link.connectionId, link.jobId);
  const connection = connectionInfo(db, link.connectionId);
  return `${connection.ats} job “${job?.title ?? link.jobId}” (${connection.label})`;
}
