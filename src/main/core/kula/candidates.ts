import crypto from 'node:crypto';
import type { CandidateInput, CandidatePage, CandidateRow } from '../../../shared/domain/kula';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { inTransaction, type DB } from '../db/database';
import { candidateLinks } from '../db/repos/ats-links';
import {
  candidateByEmail,
  flowsOfCandidate,
  getCandidateRow,
  insertCandidate,
  listCandidateRows,
  setCandidateStage,
  type CandidateRowDb,
} from '../db/repos/kula';
import { ConsoleError } from '../errors';
import { listKulaStages } from '../mapping';
import { findKulaStage } from '../mapping/kula-stages';
import { enqueueStageMoves } from '../writeback/enqueue';
import { addMembersInTransaction } from './flows';
import { connectionInfo } from './labels';
import { cleanCandidate } from './validate';

/**
 * Kula candidates: add (form, CSV, CLI, referral), list, find, and move between Kula stages. A
 * stage move queues the ATS moves in the same transaction (writeback/enqueue.ts).
 */

export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(8).toString('hex')}`;
}

export interface AddCandidateInput extends CandidateInput {
  flowIds?: string[];
  origin: 'form' | 'csv' | 'cli' | 'referral';
}

/** Inserts the candidate (and adds them to flows) inside the caller's transaction. */
export function insertCandidateInTransaction(
  ctx: CoreContext,
  input: AddCandidateInput,
  now: string,
): CandidateRowDb {
  const { value, issues } = cleanCandidate(input);
  if (!value) {
    throw new ConsoleError(
      'BAD_INPUT',
      'The candidate was not saved: some fields need fixing.',
      'Correct the fields marked, then save again.',
      issues,
    );
  }
  const [primary] = value.emails;
  if (primary) {
    const existing = candidateByEmail(ctx.db, primary);
    if (existing) {
      throw new ConsoleError(
        'CONFLICT',
        `${existing.name} is already in Kula with the email ${primary}.`,
        'Open that candidate instead, or use another email.',
        [{ path: 'emails', message: `Already used by ${existing.name}.` }],
      );
    }
  }
  const stage = resolveStage(ctx.db, input.kulaStageId ?? null);
  const row: CandidateRowDb = {
    id: newId('cand'),
    name: value.name,
    email: primary ?? null,
    emails_json: JSON.stringify(value.emails),
    phone: value.phone,
    links_json: JSON.stringify(value.links),
    kula_stage_id: stage,
    stage_changed_at: now,
    origin: input.origin,
    created_at: now,
    updated_at: now,
  };
  insertCandidate(ctx.db, row);
  if (input.flowIds?.length) {
    for (const flowId of input.flowIds) addMembersInTransaction(ctx, flowId, [row.id], now);
  }
  return row;
}

export function addCandidate(ctx: CoreContext, input: AddCandidateInput): CandidateRow {
  const now = isoNow(ctx.clock);
  const row = inTransaction(ctx.db, () => insertCandidateInTransaction(ctx, input, now));
  ctx.events.changed('kula_candidates', 'kula_flows', 'outbox');
  kickApplications(ctx, row.id);
  return candidateRow(ctx.db, requireCandidate(ctx.db, row.id));
}

/** Moves a candidate to another Kula stage; their ATS applications follow per Kula → ATS. */
export function moveCandidate(
  ctx: CoreContext,
  candidateIdOrEmail: string,
  stageIdOrName: string,
): { candidate: CandidateRow; movesQueued: number } {
  const candidate = requireCandidate(ctx.db, candidateIdOrEmail);
  const stage = findKulaStage(listKulaStages(ctx.db), stageIdOrName);
  if (!stage) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no Kula stage “${stageIdOrName}”.`,
      'Choose one of the stages of the Kula pipeline (Stage mapping → Kula pipeline).',
    );
  }
  if (stage.id === candidate.kula_stage_id) {
    return { candidate: candidateRow(ctx.db, candidate), movesQueued: 0 };
  }
  const now = isoNow(ctx.clock);
  const movesQueued = inTransaction(ctx.db, () => {
    setCandidateStage(ctx.db, candidate.id, stage.id, now);
    return enqueueStageMoves(ctx.db, candidate.id, stage.id, now);
  });
  ctx.events.changed('kula_candidates', 'outbox');
  kickApplications(ctx, candidate.id);
  return { candidate: candidateRow(ctx.db, requireCandidate(ctx.db, candidate.id)), movesQueued };
}

export function listCandidates(
  ctx: CoreContext,
  input: {
    search?: string | undefined;
    flowId?: string | undefined;
    limit: number;
    offset: number;
  },
): CandidatePage {
  const { rows, total } = listCandidateRows(ctx.db, input);
  return { rows: rows.map((row) => candidateRow(ctx.db, row)), total, offset: input.offset };
}

/** A candidate by id, or by (primary) email. */
export function requireCandidate(db: DB, idOrEmail: string): CandidateRowDb {
  const wanted = idOrEmail.trim();
  const row =
    getCandidateRow(db, wanted) ??
    (wanted.includes('@') ? candidateByEmail(db, wanted) : undefined);
  if (!row) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no Kula candidate “${idOrEmail}”.`,
      'Use the candidate’s id or primary email (list them with `candidates list --kula`).',
    );
  }
  return row;
}

export function candidateRow(db: DB, row: CandidateRowDb): CandidateRow {
  const stages = new Map(listKulaStages(db).map((stage) => [stage.id, stage.name]));
  const counts = db
    .prepare(
      `SELECT sum(state IN ('pending', 'in_flight')) AS pending, sum(state = 'failed') AS failed
         FROM outbox WHERE candidate_id = ?`,
    )
    .get(row.id) as { pending: number | null; failed: number | null };
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    kulaStageId: row.kula_stage_id,
    kulaStageName: stages.get(row.kula_stage_id) ?? row.kula_stage_id,
    flows: flowsOfCandidate(db, row.id),
    atsLinks: candidateLinks(db, row.id).map((link) => {
      const connection = connectionInfo(db, link.connection_id);
      return {
        connectionId: link.connection_id,
        connectionLabel: connection.label,
        provider: connection.provider,
        atsCandidateId: link.ats_candidate_id,
        profileUrl: link.profile_url,
        createdByConsole: link.created_by_console === 1,
      };
    }),
    pendingWrites: counts.pending ?? 0,
    failedWrites: counts.failed ?? 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function resolveStage(db: DB, wanted: string | null): string {
  const stages = listKulaStages(db);
  if (!wanted) {
    const first = stages[0];
    if (!first) throw new ConsoleError('INTERNAL', 'The Kula pipeline has no stages.');
    return first.id;
  }
  const stage = findKulaStage(stages, wanted);
  if (!stage) {
    throw new ConsoleError(
      'BAD_INPUT',
      `There is no Kula stage “${wanted}”.`,
      `Use one of: ${stages.map((item) => item.name).join(', ')}.`,
      [{ path: 'kulaStageId', message: `Unknown stage “${wanted}”.` }],
    );
  }
  return stage.id;
}

/** Every connection the candidate's writes go to gets a prompt to send them. */
export function kickApplications(ctx: CoreContext, candidateId: string): void {
  const connections = ctx.db
    .prepare('SELECT DISTINCT connection_id FROM outbox WHERE candidate_id = ? AND state = ?')
    .all(candidateId, 'pending') as Array<{ connection_id: string }>;
  ctx.writeBack.kick(connections.map((row) => row.connection_id));
}
