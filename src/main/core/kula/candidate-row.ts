import type { CandidateRow } from '../../../shared/domain/kula';
import type { DB } from '../db/database';
import { candidateLinks } from '../db/repos/ats-links';
import {
  candidateByEmail,
  flowsOfCandidate,
  getCandidateRow,
  type CandidateRowDb,
} from '../db/repos/kula';
import { candidateWriteCounts } from '../db/repos/kula-lookups';
import { ConsoleError } from '../errors';
import { listKulaStages } from '../mapping/kula-stages';
import { connectionInfo } from './labels';

/** Finding a Kula candidate, and the row every list and screen shows for one. */

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
  const counts = candidateWriteCounts(db, row.id);
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
