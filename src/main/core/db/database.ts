import Database from 'better-sqlite3';
import { prepareDatabaseFile } from './file-permissions';
import { migrate, type Migration } from './migrate';
import { MIGRATIONS } from './migrations';
import { openReadOnly } from './read-only-open';
import { StorageError, REBUILD_ACTION } from './storage-errors';

export type DB = Database.Database;

export interface OpenDatabaseOptions {
  /**
   * Path to a better-sqlite3 binary built for the running runtime. The Electron shell passes its
   * Electron-ABI build here, so the Node build in node_modules stays intact for `npm test`.
   */
  nativeBinding?: string;
  /** Only for tests of the migration runner. */
  migrations?: readonly Migration[];
  /**
   * For commands that only read: open read-only, without the WAL switch or migrations, when the
   * database exists at the current version (else it is opened as usual).
   */
  readonly?: boolean;
  /** Run SQLite's quick integrity check first; a damaged file is refused with what to do. */
  checkIntegrity?: boolean;
}

/**
 * Opens (creating if needed) the console database: WAL so readers never wait for the sync writer,
 * foreign keys on, a busy timeout so the app and the CLI can share the file, and every pending
 * migration applied in one transaction. A database from a newer app version is refused. The file
 * and its side files are created readable by their owner only.
 *
 * `synchronous = NORMAL` in WAL mode is durable across process crashes (SQLite's own guarantee);
 * after a power loss the last commits may be lost, which the outbox's check-before-create covers.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): DB {
  const migrations = options.migrations ?? MIGRATIONS;
  if (options.readonly && file !== ':memory:') {
    const db = openReadOnly(file, { nativeBinding: options.nativeBinding, migrations });
    if (db) {
      if (options.checkIntegrity) checkIntegrity(db, file);
      return db;
    }
  }
  if (file !== ':memory:') prepareDatabaseFile(file);
  const dbOptions: Database.Options = { timeout: 5000 };
  if (options.nativeBinding) dbOptions.nativeBinding = options.nativeBinding;
  const db = new Database(file, dbOptions);
  try {
    if (options.checkIntegrity) checkIntegrity(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * SQLite's quick check (page structure and constraints; a few hundred milliseconds for a large
 * cache): a file with overwritten or truncated pages is refused at open with the way out, instead
 * of answering from damaged pages until a write fails.
 */
function checkIntegrity(db: DB, file: string): void {
  const rows = db.pragma('quick_check(5)') as Array<{ quick_check: string }>;
  const problems = rows
    .flatMap((row) => row.quick_check.split('\n'))
    .filter((text) => text !== 'ok' && !text.startsWith('***'));
  if (rows.every((row) => row.quick_check === 'ok')) return;
  throw new StorageError(
    'damaged',
    `The database ${file} is damaged (SQLite's integrity check: ${(problems[0] ?? 'failed').slice(0, 160)}).`,
    REBUILD_ACTION,
  );
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
