import { cached, type DB } from '../database';

/** Kula's pipeline (table `kula_stages`, migration 0300), and counts of rows that use a stage. */

export interface KulaStageRowDb {
  id: string;
  name: string;
  role: string | null;
  position: number;
}

export function listKulaStageRows(db: DB): KulaStageRowDb[] {
  return cached(
    db,
    'SELECT id, name, role, position FROM kula_stages ORDER BY position, id',
  ).all() as KulaStageRowDb[];
}

export function kulaStageIdExists(db: DB, id: string): boolean {
  return cached(db, 'SELECT 1 FROM kula_stages WHERE id = ?').get(id) !== undefined;
}

/** Another stage with this name (case-insensitive), if any. */
export function kulaStageNamedLike(
  db: DB,
  name: string,
  exceptId: string,
): { id: string } | undefined {
  return cached(db, 'SELECT id FROM kula_stages WHERE name = ? COLLATE NOCASE AND id <> ?').get(
    name,
    exceptId,
  ) as { id: string } | undefined;
}

export function insertKulaStageRow(
  db: DB,
  row: { id: string; name: string; position: number; now: string },
): void {
  cached(
    db,
    'INSERT INTO kula_stages (id, name, role, position, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?)',
  ).run(row.id, row.name, row.position, row.now, row.now);
}

export function setKulaStageName(db: DB, id: string, name: string, now: string): void {
  cached(db, 'UPDATE kula_stages SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
}

/** Gives each stage its index in `order` as position; rows already there are left alone. */
export function setKulaStagePositions(db: DB, order: string[], now: string): void {
  const update = cached(
    db,
    'UPDATE kula_stages SET position = ?, updated_at = ? WHERE id = ? AND position <> ?',
  );
  order.forEach((id, position) => update.run(position, now, id, position));
}

export function deleteKulaStageRow(db: DB, id: string): void {
  cached(db, 'DELETE FROM kula_stages WHERE id = ?').run(id);
}

/**
 * How many rows of `table` hold this stage id in `column`; null when the table does not exist
 * (yet). Table and column come from the code's own list of references, never from input.
 */
export function countStageReferences(
  db: DB,
  reference: { table: string; column: string },
  stageId: string,
): number | null {
  const exists = cached(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(
    reference.table,
  );
  if (!exists) return null;
  const row = db
    .prepare(`SELECT count(*) AS n FROM "${reference.table}" WHERE "${reference.column}" = ?`)
    .get(stageId) as { n: number };
  return row.n;
}
