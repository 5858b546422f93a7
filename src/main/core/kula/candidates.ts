import type { CandidateInput, CandidatePage, CandidateRow } from '../../../shared/domain/kula';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { inTransaction, type DB } from '../db/database';
import {
  candidateByEmail,
  insertCandidate,
  listCandidateRows,
  setCandidateStage,
  type CandidateRowDb,
} from '../db/repos/kula';
import { ConsoleError } from '../errors';
import { findKulaStage, listKulaStages } from '../mapping/kula-stages';
import { enqueueStageMoves } from '../writeback/enqueue';
import { candidateRow, requireCandidate } from './candidate-row';
import { addMembersInTransaction } from './flows';
import { newId } from './ids';
import { kickApplications, type KulaChangeDeps } from './kick';
import { cleanCandidate } from './validate';

/**
 * Kula candidates: add (form, CSV, CLI, referral), list, and move between Kula stages. A
 * stage move queues the ATS moves in the same transaction (writeback/enqueue.ts).
 */

export interface AddCandidateInput extends CandidateInput {
  flowIds?: string[];
  origin: 'form' | 'csv' | 'cli' | 'referral';
}

/** Inserts the candidate (and adds them to flows) inside the caller's transaction. */
export function insertCandidateInTransaction(
  db: DB,
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
    const existing = candidateByEmail(db, primary);
    if (existing) {
      throw new ConsoleError(
        'CONFLICT',
        `${existing.name} is already in Kula with the email ${primary}.`,
        'Open that candidate instead, or use another email.',
        [{ path: 'emails', message: `Already used by ${existing.name}.` }],
      );
    }
  }
  const stage = resolveStage(db, input.kulaStageId ?? null);
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
  insertCandidate(db, row);
  if (input.flowIds?.length) {
    for (const flowId of input.flowIds) addMembersInTransaction(db, flowId, [row.id], now);
  }
  return row;
}

export function addCandidate(ctx: KulaChangeDeps, input: AddCandidateInput): CandidateRow {
  const now = isoNow(ctx.clock);
  const row = inTransaction(ctx.db, () => insertCandidateInTransaction(ctx.db, input, now));
  ctx.events.changed('kula_candidates', 'kula_flows', 'outbox');
  kickApplications(ctx, row.id);
  return candidateRow(ctx.db, requireCandidate(ctx.db, row.id));
}

/** Moves a candidate to another Kula stage; their ATS applications follow per Kula → ATS. */
export function moveCandidate(
  ctx: KulaChangeDeps,
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
  ctx: Pick<CoreBasics, 'db'>,
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
