import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ConsoleError } from '../errors';
import { databaseFiles, prepareDatabaseFile } from './file-permissions';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { FTS_UPTO_KEY } from './repos/sync-log-search';

/**
 * Rebuilds a damaged database: a new file gets everything only this computer holds (connections
 * and their encrypted credentials, the Kula workspace, the outbox, the stage mapping, the sync log
 * and the audit trail), copied row by row where pages are damaged; the ATS cache is left empty for
 * the next sync to read again. The damaged file is kept next to it, renamed.
 */

/** Tables the ATS gives back at the next sync, or that only coordinate running processes. */
const NOT_COPIED = new Set([
  'ats_applications',
  'ats_archive_reasons',
  'ats_candidates',
  'ats_jobs',
  'ats_plans',
  'ats_sources',
  'ats_stages',
  'ats_users',
  'sync_state',
  'oauth_refresh_leases',
  'sync_run_leases',
]);

const CHUNK = 1000;

export interface RebuildReport {
  /** Where the damaged file now is. */
  damagedCopy: string;
  /** Rows copied per table. */
  copied: Record<string, number>;
  /**
   * Rows that could not be read, per table (only tables that lost some); `rest` for a table
   * without rowids, whose rows after the damage cannot be counted.
   */
  lost: Record<string, number | 'rest'>;
  /** Rows dropped because what they belonged to was lost. */
  orphans: Record<string, number>;
  /** The cache tables left empty for the next sync. */
  cacheCleared: string[];
}

export function rebuildDatabase(file: string, now: Date = new Date()): RebuildReport {
  if (!fs.existsSync(file)) {
    throw new ConsoleError('NOT_FOUND', `There is no database at ${file} to rebuild.`);
  }
  assertNobodyElseHasItOpen(file);
  const target = `${file}.rebuilding`;
  for (const each of databaseFiles(target)) fs.rmSync(each, { force: true });
  prepareDatabaseFile(target);
  const db = new Database(target);
  const report: RebuildReport = {
    damagedCopy: `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`,
    copied: {},
    lost: {},
    orphans: {},
    cacheCleared: [...NOT_COPIED].filter(
      (table) => table.startsWith('ats_') || table === 'sync_state',
    ),
  };
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS old').run(file);
    let version: number;
    try {
      version = db.pragma('old.user_version', { simple: true }) as number;
    } catch (error) {
      throw unreadable(file, error);
    }
    // The new file at the damaged one's version, so the columns match; brought up to date after.
    migrate(
      db,
      MIGRATIONS.filter((migration) => migration.version <= version),
    );
    for (const table of copiedTables(db)) copyTable(db, table, report);
    db.prepare('DELETE FROM main.app_meta WHERE key = ?').run(FTS_UPTO_KEY);
    db.prepare('INSERT INTO main.app_meta (key, value) VALUES (?, ?)').run(FTS_UPTO_KEY, '0');
    db.exec('DETACH DATABASE old');
    migrate(db, MIGRATIONS);
    dropOrphans(db, report);
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new Error(`the rebuilt database fails its own check (${String(check)})`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    db.close();
    for (const each of databaseFiles(target)) fs.rmSync(each, { force: true });
    throw error instanceof ConsoleError ? error : unreadable(file, error);
  }
  db.close();
  databaseFiles(file).forEach((each, i) => {
    if (fs.existsSync(each)) fs.renameSync(each, databaseFiles(report.damagedCopy)[i]!);
  });
  fs.renameSync(target, file);
  return report;
}

/** The damaged file must not be in use: a running app would go on writing to the old one. */
function assertNobodyElseHasItOpen(file: string): void {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { timeout: 0 });
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    ) {
      throw new ConsoleError(
        'CONFLICT',
        `Another program has ${file} open, so it cannot be rebuilt now.`,
        'Close the desktop app and any other console command on this data folder, then run the rebuild again.',
      );
    }
    // A damaged file may refuse even this; the copy below says what it can read.
  } finally {
    probe?.close();
  }
}

function copiedTables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as Array<{ name: string; sql: string }>
  )
    .filter((row) => !/VIRTUAL\s+TABLE/i.test(row.sql) && !/_fts(_|$)/.test(row.name))
    .map((row) => row.name)
    .filter((name) => !NOT_COPIED.has(name));
}

/**
 * Copies one table: all at once when it reads, else by rowid ranges split down to single rows,
 * skipping what cannot be read. A table without rowids copies rows in order until the damage.
 */
function copyTable(db: Database.Database, table: string, report: RebuildReport): void {
  const columns = sharedColumns(db, table);
  if (columns.length === 0) return;
  const list = columns.map((column) => `"${column}"`).join(', ');
  db.prepare(`DELETE FROM main."${table}"`).run();
  const insert = `INSERT OR REPLACE INTO main."${table}" (${list}) SELECT ${list} FROM old."${table}"`;
  try {
    report.copied[table] = db.prepare(insert).run().changes;
    return;
  } catch {
    db.prepare(`DELETE FROM main."${table}"`).run();
  }
  let copied = 0;
  let lost: number | 'rest' = 0;
  let unreadableRows = 0;
  const bounds = rowidBounds(db, table);
  if (bounds) {
    const copyRange = (from: number, to: number): void => {
      try {
        copied += db.prepare(`${insert} WHERE rowid BETWEEN ? AND ?`).run(from, to).changes;
      } catch {
        if (from === to) {
          unreadableRows++;
          return;
        }
        const middle = Math.floor((from + to) / 2);
        copyRange(from, middle);
        copyRange(middle + 1, to);
      }
    };
    for (let from = bounds.min; from <= bounds.max; from += CHUNK) {
      copyRange(from, Math.min(bounds.max, from + CHUNK - 1));
    }
    lost = unreadableRows;
  } else {
    const values = columns.map(() => '?').join(', ');
    const put = db.prepare(`INSERT OR REPLACE INTO main."${table}" (${list}) VALUES (${values})`);
    try {
      for (const row of db.prepare(`SELECT ${list} FROM old."${table}"`).raw().iterate()) {
        put.run(...(row as unknown[]));
        copied++;
      }
    } catch {
      lost = 'rest';
    }
  }
  report.copied[table] = copied;
  if (lost !== 0) report.lost[table] = lost;
}

function sharedColumns(db: Database.Database, table: string): string[] {
  const names = (schema: string) => {
    try {
      return (
        db.prepare(`PRAGMA ${schema}.table_info("${table}")`).all() as Array<{ name: string }>
      ).map((column) => column.name);
    } catch {
      return [];
    }
  };
  const old = new Set(names('old'));
  return names('main').filter((column) => old.has(column));
}

function rowidBounds(db: Database.Database, table: string): { min: number; max: number } | null {
  try {
    const row = db
      .prepare(`SELECT min(rowid) AS min, max(rowid) AS max FROM old."${table}"`)
      .get() as {
      min: number | null;
      max: number | null;
    };
    return row.min === null || row.max === null ? null : { min: row.min, max: row.max };
  } catch {
    return null;
  }
}

/** Rows whose parent row was lost with a damaged page go too, so foreign keys hold again. */
function dropOrphans(db: Database.Database, report: RebuildReport): void {
  for (let pass = 0; pass < 5; pass++) {
    const violations = db.pragma('foreign_key_check') as Array<{
      table: string;
      rowid: number | null;
      parent: string;
      fkid: number;
    }>;
    if (violations.length === 0) return;
    for (const violation of violations) {
      const removed =
        violation.rowid !== null
          ? db.prepare(`DELETE FROM "${violation.table}" WHERE rowid = ?`).run(violation.rowid)
              .changes
          : deleteByKey(db, violation.table, violation.fkid);
      report.orphans[violation.table] = (report.orphans[violation.table] ?? 0) + removed;
    }
  }
}

function deleteByKey(db: Database.Database, table: string, fkid: number): number {
  const keys = (
    db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as Array<{
      id: number;
      table: string;
      from: string;
      to: string | null;
    }>
  ).filter((key) => key.id === fkid);
  const parent = keys[0]?.table;
  if (!parent) return 0;
  const from = keys.map((key) => `"${key.from}"`).join(', ');
  const to = keys.map((key) => `"${key.to ?? 'rowid'}"`).join(', ');
  const present = keys.map((key) => `"${key.from}" IS NOT NULL`).join(' AND ');
  return db
    .prepare(
      `DELETE FROM "${table}" WHERE ${present} AND (${from}) NOT IN (SELECT ${to} FROM "${parent}")`,
    )
    .run().changes;
}

function unreadable(file: string, error: unknown): ConsoleError {
  return new ConsoleError(
    'STORAGE',
    `${file} cannot be read well enough to rebuild from it (${(error as { code?: string }).code ?? (error instanceof Error ? error.message : 'unreadable')}).`,
    'Restore it from a backup, or move it away so the console starts a new one (the connections must then be set up again).',
  );
}
