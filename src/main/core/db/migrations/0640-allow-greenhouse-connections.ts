import type Database from 'better-sqlite3';

const NARROW = "CHECK (provider IN ('ashby', 'lever'))";
const WIDE = "CHECK (provider IN ('ashby', 'lever', 'greenhouse'))";

/**
 * Lets a connection be a Greenhouse one: the `provider` column's CHECK named only Ashby and Lever.
 * SQLite cannot alter a CHECK, and rebuilding `connections` is not safe here: with foreign keys
 * on (they cannot be turned off inside the migration's transaction), renaming the table rewrites
 * the references of the two dozen tables that point at it, and dropping the old copy would then
 * cascade into them. A change that only widens a CHECK leaves every stored row valid, so SQLite's
 * documented way applies: edit the table's definition in the schema and bump the schema version
 * (better-sqlite3 allows that only outside its defensive mode, which is restored at once).
 */
export default function allowGreenhouseConnections(db: Database.Database): void {
  const row = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'connections'",
    )
    .get();
  if (!row?.sql.includes(NARROW)) {
    throw new Error('The connections table does not have the definition this migration expects.');
  }
  const version = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.prepare(
      "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'connections'",
    ).run(row.sql.replace(NARROW, WIDE));
    db.pragma(`schema_version = ${version + 1}`);
  } finally {
    db.pragma('writable_schema = OFF');
    db.unsafeMode(false);
  }
}
