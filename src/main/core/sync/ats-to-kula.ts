import type { SyncLogLine } from '../../../shared/domain/runs';
import { inTransaction, type DB } from '../db/database';
import {
  baseState,
  linkedApplications,
  sameState,
  setBaseState,
  type AtsStageState,
} from '../db/repos/ats-links';
import { cachedTitle } from '../db/repos/ats-read';
import { openMovesFor, readPayload, settle } from '../db/repos/outbox';
import { getCandidateRow, setCandidateStage } from '../db/repos/kula';
import { listKulaStages, openStageResolver, type StageResolver } from '../mapping';
import { isoNow } from '../clock';
import { cachedApplication, matchesMove, stateOf } from '../writeback/cache';
import type { RunContext, SyncPhase } from './run-context';

/**
 * ATS → Kula, the phase between the pull and the push: after a pull, every application the console
 * tracks is compared with the ATS state both sides last agreed on (`base_*`). Where the ATS moved
 * it, the Kula candidate moves per the ATS → Kula table. Nothing here queues a write, so an ATS
 * move never bounces back.
 *
 * - Echo: the ATS shows exactly what an unconfirmed move of ours asked for (its answer was lost
 *   in a crash) → the move is confirmed, nothing else happens.
 * - Conflict: the ATS moved, and a Kula move of the same application has not been sent yet →
 *   **the ATS wins** (it is where the hiring decision is made): the Kula move is not sent
 *   (superseded, kept in the history) and the Kula candidate takes the stage the ATS → Kula table
 *   gives (or keeps theirs when the table says leave unchanged). The log line records both values.
 */

interface AtsToKulaResult {
  moved: number;
  conflicts: number;
  echoes: number;
  lines: SyncLogLine[];
  touched: boolean;
}

type AtsToKulaLog = (line: {
  level: 'info' | 'warn' | 'debug';
  entityId: string;
  rule: string;
  result: string;
  message: string;
}) => SyncLogLine;

/**
 * Runs in every run that may send writes (push-only runs too), before the push: an unsent Kula
 * move that the ATS overtook must be superseded before the outbox drains.
 */
export function createAtsToKulaPhase(): SyncPhase {
  return { name: 'ats-to-kula', inPushOnlyRuns: true, run: followAtsStageChanges };
}

function followAtsStageChanges(run: RunContext): void {
  const { ctx } = run;
  if (!run.provider.writer) return;
  const ats = run.definition.label;
  const now = isoNow(ctx.clock);
  const resolver = openStageResolver(ctx.db, run.connection.id, now);
  const result = applyAtsStageChanges(ctx.db, {
    connectionId: run.connection.id,
    ats,
    resolver,
    now,
    log: (line) => run.logInTransaction({ ...line, direction: 'pull', entity: 'kula_candidate' }),
  });
  run.emitLines(result.lines);
  if (result.touched) run.touched('kula_candidates', 'kula_ats_applications', 'outbox');
  if (result.moved || result.conflicts) {
    run.stats.warnings.push(
      `${result.moved} Kula candidate${result.moved === 1 ? '' : 's'} moved by ${ats} stage changes${
        result.conflicts
          ? `, ${result.conflicts} conflict${result.conflicts === 1 ? '' : 's'} (the ATS won; see the log)`
          : ''
      }.`,
    );
  }
}

function applyAtsStageChanges(
  db: DB,
  input: {
    connectionId: string;
    ats: string;
    resolver: StageResolver;
    now: string;
    log: AtsToKulaLog;
  },
): AtsToKulaResult {
  const result: AtsToKulaResult = { moved: 0, conflicts: 0, echoes: 0, lines: [], touched: false };
  const stageNames = new Map(listKulaStages(db).map((stage) => [stage.id, stage.name]));
  const name = (id: string | undefined) => (id ? (stageNames.get(id) ?? id) : 'unknown');
  for (const link of linkedApplications(db, input.connectionId)) {
    const cached = cachedApplication(db, input.connectionId, link.ats_application_id as string);
    if (!cached) continue;
    const current = stateOf(cached);
    if (link.base_at !== null && sameState(current, baseState(link))) continue;
    if (link.base_at === null) {
      // Linked before any state was known: adopt the ATS's as the base.
      setBaseState(db, link.id, current, input.now);
      continue;
    }
    inTransaction(db, () => {
      const candidate = getCandidateRow(db, link.candidate_id);
      if (!candidate) return;
      const moves = openMovesFor(db, link.id);
      const where = describeState(db, input.connectionId, current);
      const lastMove = moves.at(-1);
      if (lastMove) {
        const kulaStageId = String(readPayload(lastMove).kulaStageId ?? '');
        const ours = input.resolver.kulaToAts({
          kulaStageId,
          applicationId: link.ats_application_id as string,
        });
        if (ours.kind === 'move' && matchesMove(current, ours)) {
          for (const move of moves) {
            settle(db, move.id, {
              state: 'done',
              outcome: `Confirmed by the sync: ${input.ats} shows the move (${ours.rule})`,
              now: input.now,
            });
          }
          setBaseState(db, link.id, current, input.now);
          result.echoes++;
          result.touched = true;
          return;
        }
      }
      const back = input.resolver.atsToKula({ applicationId: link.ats_application_id as string });
      const target = back.kind === 'move' ? back.kulaStageId : null;
      const changes = target !== null && target !== candidate.kula_stage_id;
      if (changes) setCandidateStage(db, candidate.id, target, input.now);
      if (lastMove) {
        const kulaWanted = String(readPayload(lastMove).kulaStageId ?? '');
        for (const move of moves) {
          settle(db, move.id, {
            state: 'superseded',
            outcome: `Not sent: ${input.ats} moved the application to ${where} since the last sync, and when both sides move, the ATS wins.`,
            now: input.now,
          });
        }
        result.conflicts++;
        result.lines.push(
          input.log({
            level: 'warn',
            entityId: candidate.id,
            rule: 'stage-conflict',
            result: 'ats-wins',
            message: `Both sides moved ${candidate.name}: Kula to “${name(kulaWanted)}” (not sent yet), ${input.ats} to ${where}. The ATS wins: ${
              changes
                ? `Kula now shows “${name(target ?? undefined)}”`
                : `Kula keeps “${name(candidate.kula_stage_id)}” (${back.rule})`
            }; the Kula move was not sent.`,
          }),
        );
      } else {
        result.lines.push(
          input.log({
            level: changes ? 'info' : 'debug',
            entityId: candidate.id,
            rule: changes ? 'ats-stage-move' : 'ats-stage-move-unmapped',
            result: changes ? 'moved' : 'unchanged',
            message: changes
              ? `${input.ats} moved ${candidate.name} to ${where}: Kula “${name(candidate.kula_stage_id)}” → “${name(target ?? undefined)}” (${back.rule})`
              : `${input.ats} moved ${candidate.name} to ${where}; Kula stays at “${name(candidate.kula_stage_id)}” (${back.rule})`,
          }),
        );
      }
      if (changes) result.moved++;
      setBaseState(db, link.id, current, input.now);
      result.touched = true;
    });
  }
  return result;
}

/** The ATS state as the admin reads it: `“Offer”`, `“Archived” (archived: Withdrew)`. */
export function describeState(db: DB, connectionId: string, state: AtsStageState): string {
  const title = (table: 'ats_stages' | 'ats_archive_reasons', id: string | null) =>
    id ? (cachedTitle(db, table, connectionId, id) ?? id) : null;
  const stage = title('ats_stages', state.stageId);
  const reason = state.archived ? title('ats_archive_reasons', state.archiveReasonId) : null;
  const archived = state.archived ? ` (archived${reason ? `: ${reason}` : ''})` : '';
  return stage ? `“${stage}”${archived}` : `an archived state${reason ? ` (${reason})` : ''}`;
}
