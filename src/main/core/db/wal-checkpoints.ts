import type { DB } from './database';

/**
 * A bulk import commits a page at a time; SQLite's default WAL checkpoint every 1000 pages costs an
 * fsync each time, which on a laptop disk is most of an import's time. While deferred, the WAL may
 * grow to ~64 MB before a checkpoint; the returned function brings the previous setting back and
 * folds the WAL back into the database. Durability is unchanged: WAL commits survive a process
 * crash regardless of checkpoints.
 */
export function deferWalCheckpoints(db: DB): () => void {
  const previous = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 16000');
  return () => {
    if (!db.open) return;
    db.pragma(`wal_autocheckpoint = ${previous}`);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A reader holding the WAL only delays the checkpoint; the next one catches up.
    }
  };
}
