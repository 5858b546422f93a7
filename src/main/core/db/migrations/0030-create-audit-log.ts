import type Database from 'better-sqlite3';

export default function createAuditLog(db: Database.Database): void {
  db.exec(`
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      summary TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_by_action ON audit_log (action, id);
  `);
}
