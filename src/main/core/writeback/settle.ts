import type { TableName } from '../../../shared/ipc/tables';
import type { DB } from '../db/database';
import {
  markApplicationLinked,
  saveCandidateLink,
  setApplicationResume,
  setBaseState,
} from '../db/repos/ats-links';
import { getCandidateRow, setCandidateStage } from '../db/repos/kula';
import type { StageResolver } from '../mapping';
import { cacheWritten, matchesMove, stateOf } from './cache';
import { backfillCandidate, enqueueMoveFor } from './enqueue';
import { backfillsOnLink } from './policy';
import type { Effect, Settled } from './plan/types';

/**
 * How a row's end is recorded: the `Settlement` the push phase commits in the transaction that
 * marks the row done or skipped, built from the plan's end (its outcome and effects).
 */

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

export interface SettleContext {
  db: DB;
  connectionId: string;
  resolver: Pick<StageResolver, 'kulaToAts'>;
  now(): string;
}

const TOUCHED: Record<Effect['effect'], TableName[]> = {
  'link-person': ['kula_ats_candidates', 'ats_candidates', 'outbox'],
  'link-application': [
    'kula_ats_applications',
    'kula_ats_candidates',
    'kula_candidates',
    'ats_applications',
    'ats_candidates',
    'outbox',
  ],
  'application-at': ['kula_ats_applications', 'ats_applications', 'outbox'],
  'resume-attached': ['kula_ats_applications', 'outbox'],
};

export function settlementOf(op: SettleContext, end: Settled): Settlement {
  const effects = end.effects ?? [];
  return {
    state: end.state,
    outcome: end.outcome,
    ...(end.apiCall !== undefined ? { apiCall: end.apiCall } : {}),
    ...(end.result ? { result: end.result } : {}),
    ...(effects.length > 0
      ? {
          touched: [...new Set(effects.flatMap((effect) => TOUCHED[effect.effect]))],
          commit: () => {
            for (const effect of effects) record(op, effect);
          },
        }
      : {}),
  };
}

function record(op: SettleContext, effect: Effect): void {
  const { db, connectionId } = op;
  const now = op.now();
  switch (effect.effect) {
    case 'link-person':
      saveCandidateLink(db, {
        candidateId: effect.candidateId,
        connectionId,
        atsCandidateId: effect.person.remoteId,
        createdByConsole: effect.createdByConsole,
        profileUrl: effect.person.profileUrl,
        now,
      });
      cacheWritten(db, connectionId, { candidates: [effect.person] });
      if (effect.backfill) backfillCandidate(db, effect.candidateId, connectionId, now);
      return;
    case 'link-application':
      recordApplication(op, effect, now);
      return;
    case 'application-at':
      setBaseState(db, effect.linkId, stateOf(effect.application), now);
      cacheWritten(db, connectionId, {
        applications: [{ ...effect.application, remoteId: effect.applicationId }],
      });
      return;
    case 'resume-attached':
      setApplicationResume(db, effect.linkId, effect.resumeId);
      return;
  }
}

function recordApplication(
  op: SettleContext,
  effect: Extract<Effect, { effect: 'link-application' }>,
  now: string,
): void {
  const { db, connectionId } = op;
  const { application, link, candidateId } = effect;
  const state = stateOf(application);
  if (effect.linksPerson) {
    saveCandidateLink(db, {
      candidateId,
      connectionId,
      atsCandidateId: effect.person.remoteId,
      createdByConsole: effect.personCreated,
      profileUrl: effect.person.profileUrl ?? application.profileUrl,
      now,
    });
    if (backfillsOnLink({ createdByConsole: effect.personCreated })) {
      backfillCandidate(db, candidateId, connectionId, now);
    }
  }
  markApplicationLinked(db, link.id, {
    atsApplicationId: application.remoteId,
    createdByConsole: effect.createdByConsole,
    profileUrl: application.profileUrl,
    state,
    resumeId: effect.resumeId,
    now,
  });
  cacheWritten(db, connectionId, {
    candidates: [effect.person],
    applications: [application],
    createdByConsole: effect.createdByConsole ? [application.remoteId] : [],
  });
  if (effect.adoptKulaStage) {
    setCandidateStage(db, candidateId, effect.adoptKulaStage, now);
    return;
  }
  if (!effect.createdByConsole) return;
  // The application takes the candidate's Kula stage; what the create could not set (an archive,
  // a stage chosen while the create was on its way) follows as a move.
  const current = getCandidateRow(db, candidateId);
  if (!current) return;
  const target = op.resolver.kulaToAts({
    kulaStageId: current.kula_stage_id,
    applicationId: application.remoteId,
    jobId: link.jobId,
  });
  if (target.kind === 'move' && !matchesMove(state, target)) {
    enqueueMoveFor(db, link.id, connectionId, candidateId, current.kula_stage_id, now);
  }
}
