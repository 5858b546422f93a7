import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { assertNotNewer, type Migration } from './migrate';

type DB = Database.Database;

/**
 * Opens the database for a command that only reads (`status`, `candidates list`…): read-only,
 * without switching the journal mode or migrating, so it works on a folder that cannot be
 * written. A database in WAL mode cannot be opened read-only where SQLite may not create its
 * `-shm` file (a read-only folder after a clean shutdown); it is then read from a private copy.
 *
 * Returns null when only a writable open will do: no database yet, or one from an older version
 * that must be migrated first.
 */
export function openReadOnly(
  file: string,
  options: { nativeBinding?: string | undefined; migrations: readonly Migration[] },
): DB | null {
  if (!fs.existsSync(file)) return null;
  const settings: Database.Options = { readonly: true, fileMustExist: true, timeout: 5000 };
  if (options.nativeBinding) settings.nativeBinding = options.nativeBinding;
  let db: DB;
  try {
    db = new Database(file, settings);
    db.pragma('user_version', { simple: true });
  } catch (error) {
    if (!cannotShareFromHere(error)) throw error;
    db = openCopy(file, options.nativeBinding);
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('query_only = ON');
    const version = assertNotNewer(db, options.migrations);
    if (version < (options.migrations.at(-1)?.version ?? 0)) {
      db.close();
      return null;
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function cannotShareFromHere(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))
  );
}

/** A private copy of the database (and its WAL) in a folder of this user's, removed on close. */
function openCopy(file: string, nativeBinding: string | undefined): DB {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kula-readonly-'));
  const copy = path.join(dir, path.basename(file));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy, nativeBinding ? { nativeBinding } : {});
    const close = db.close.bind(db);
    db.close = () => {
      close();
      remove();
      process.removeListener('exit', remove);
      return db;
    };
    process.once('exit', remove);
    return db;
  } catch (error) {
    remove();
    throw error;
  }
}
