import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Migration } from './migrate';
import { MIGRATIONS } from './migrations';

export type DB = Database.Database;

export interface OpenDatabaseOptions {
  /**
   * Path to a better-sqlite3 binary built for the running runtime. The Electron shell passes its
   * Electron-ABI build here, so the Node build in node_modules stays intact for `npm test`.
   */
  nativeBinding?: string;
  /** Only for tests of the migration runner. */
  migrations?: readonly Migration[];
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the console database: WAL so readers never wait for the sync writer,
 * foreign keys on, a busy timeout so the app and the CLI can share the file, and every pending
 * migration applied in one transaction. A database from a newer app version is refused.
 *
 * `synchronous = NORMAL` in WAL mode is durable across process crashes (SQLite's own guarantee);
 * after a power loss the last commits may be lost, which the outbox's check-before-create covers.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const dbOptions: Database.Options = { timeout: 5000 };
  if (options.nativeBinding) dbOptions.nativeBinding = options.nativeBinding;
  if (options.readonly) dbOptions.readonly = true;
  const db = new Database(file, dbOptions);
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, options.migrations ?? MIGRATIONS);
    if (file !== ':memory:' && !options.readonly) restrictPermissions(file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

const statements = new WeakMap<DB, Map<string, Database.Statement>>();

/**
 * A prepared statement, prepared once per database. For statements run per page or per record
 * (preparing costs more than running a small one).
 */
export function cached(db: DB, sql: string): Database.Statement {
  let map = statements.get(db);
  if (!map) {
    map = new Map();
    statements.set(db, map);
  }
  let statement = map.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    map.set(sql, statement);
  }
  return statement;
}

/** Runs `fn` in an IMMEDIATE transaction: the write lock is taken up front, so no SQLITE_BUSY mid-way. */
export function inTransaction<T>(db: DB, fn: () => T): T {
  return db.transaction(fn).immediate();
}

function restrictPermissions(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Not fatal on filesystems without POSIX modes.
  }
}
