import type { OutboxHealth } from '../../../shared/domain/health';
import type { DB } from '../db/database';

/**
 * The write-back backlog of a connection, for the health view. The outbox belongs to the
 * write-back work (issue 6); until its table exists this answers null and the view says that
 * write-back is not part of this version. It reads the table by its columns' names, so it needs
 * no change when the outbox lands as long as it keeps `connection_id`, `status` and `created_at`
 * (the names the brief and the guide use); a differently shaped table also answers null.
 */
const PENDING = ['pending', 'queued', 'in_flight', 'retry', 'waiting'];
const FAILED = ['failed', 'dead', 'error'];

export function readOutboxBacklog(db: DB, connectionId: string): OutboxHealth | null {
  const table = ['outbox', 'outbox_items', 'outbox_entries'].find(
    (name) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
      undefined,
  );
  if (!table) return null;
  const columns = new Set(
    (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
      (column) => column.name,
    ),
  );
  if (!columns.has('connection_id') || !columns.has('status') || !columns.has('created_at'))
    return null;
  const marks = (list: string[]) => list.map(() => '?').join(', ');
  const row = db
    .prepare(
      `SELECT sum(status IN (${marks(PENDING)})) AS pending,
              sum(status IN (${marks(FAILED)})) AS failed,
              min(CASE WHEN status IN (${marks(PENDING)}) THEN created_at END) AS oldest
         FROM ${table} WHERE connection_id = ?`,
    )
    .get(...PENDING, ...FAILED, ...PENDING, connectionId) as {
    pending: number | null;
    failed: number | null;
    oldest: string | null;
  };
  return { pending: row.pending ?? 0, failed: row.failed ?? 0, oldestPendingAt: row.oldest };
}
