import { cached, type DB } from '../database';

/** Reads of the Kula workspace that the write-back needs besides the rows themselves. */

/** A Kula stage's name, for the line that describes a queued stage move. */
export function kulaStageName(db: DB, stageId: string): string | null {
  const row = cached(db, 'SELECT name FROM kula_stages WHERE id = ?').get(stageId) as
    { name: string } | undefined;
  return row?.name ?? null;
}

/** How many notes are private (they never leave Kula: see writeback/policy.ts). */
export function countPrivateNotes(db: DB): number {
  return cached(db, 'SELECT count(*) FROM kula_notes WHERE private = 1').pluck().get() as number;
}

/** Whether a resume's file is stored (its bytes are read only when it is sent). */
export function resumeFileStored(db: DB, resumeId: string): boolean {
  return (
    cached(db, 'SELECT 1 FROM kula_resume_files WHERE resume_id = ? AND bytes IS NOT NULL')
      .pluck()
      .get(resumeId) !== undefined
  );
}
