import fs from 'node:fs';
import path from 'node:path';
import { ConsoleError } from '../errors';

/**
 * Failures of the machine, not of the console: the data folder is read-only, cannot be created or
 * is a file; the database is damaged, not a database, or locked by another program; the disk is
 * full. Each becomes a STORAGE error that names the path and says what to do, instead of
 * "something went wrong inside the console".
 */

/** Where the failure happened, for the message. */
export interface StoragePlace {
  dataDir: string;
  /** The database file, when the failure concerns it. */
  file?: string;
}

/** The rebuild that keeps what only this computer holds and reads the ATS again. */
export const REBUILD_ACTION =
  'Rebuild the cache from the ATS: close the app, then run `kula-console cache rebuild --yes` (connections, the Kula workspace and the outbox are kept; the next sync reads the ATS again).';

export class StorageError extends ConsoleError {
  constructor(
    readonly kind: StorageFailure,
    message: string,
    action: string,
  ) {
    super('STORAGE', message, action);
    this.name = 'StorageError';
  }
}

export type StorageFailure =
  | 'read-only'
  | 'cannot-create'
  | 'not-a-folder'
  | 'cannot-open'
  | 'not-a-database'
  | 'damaged'
  | 'locked'
  | 'full'
  | 'io'
  | 'driver';

/** The storage failure behind `error`, or null when it is something else. */
export function storageFailure(error: unknown): StorageFailure | null {
  if (driverMismatch(error)) return 'driver';
  const code = errorCode(error);
  if (!code) return null;
  const syscall = (error as { syscall?: unknown }).syscall;
  if (syscall === 'mkdir' && code !== 'EEXIST' && code !== 'ENOTDIR') return 'cannot-create';
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') return 'read-only';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read-only';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'not-a-folder';
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EISDIR') return 'cannot-open';
  if (code === 'SQLITE_NOTADB') return 'not-a-database';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') return 'damaged';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io';
  return null;
}

/** A StorageError for `error` at `place`, or null when `error` is no storage failure. */
export function toStorageError(error: unknown, place: StoragePlace): StorageError | null {
  if (error instanceof StorageError) return error;
  const kind = storageFailure(error);
  if (!kind) return null;
  const dir = place.dataDir;
  const file = place.file ?? dir;
  const code = errorCode(error) ?? 'error';
  const readOnly = (): StorageError =>
    new StorageError(
      'read-only',
      `The data folder ${dir} cannot be written to (${code}: it is read-only, or belongs to another user).`,
      'Make it writable for your user account, or use another data folder. Commands that only read (status, candidates list, log) still work on it.',
    );
  switch (kind) {
    case 'read-only':
      return readOnly();
    case 'cannot-create':
      return new StorageError(
        kind,
        `The data folder ${dir} cannot be created (${code}): ${path.dirname(dir)} is missing, read-only, or not yours to write in.`,
        'Create the folder yourself, or use another data folder.',
      );
    case 'not-a-folder':
      return new StorageError(
        kind,
        code === 'EEXIST'
          ? `The data folder ${dir} cannot be used: it is a file, not a folder (${code}).`
          : `The data folder ${dir} cannot be used: a part of its path is a file, not a folder (${code}).`,
        'Move that file away, or use another data folder.',
      );
    case 'cannot-open':
      // SQLite reports a folder it cannot write in (for the WAL files) as "cannot open".
      if (!writable(dir)) return readOnly();
      return new StorageError(
        kind,
        `The database ${file} cannot be opened (${code}): it is a folder itself, or its folder cannot be read.`,
        `Check that ${dir} is a folder you may read and write.`,
      );
    case 'not-a-database':
      return new StorageError(
        kind,
        `${file} is not a Kula ATS Console database (${code}): it was overwritten or damaged.`,
        `Restore it from a backup, or move it away so the console starts a new one (the connections must then be set up again).`,
      );
    case 'damaged':
      return new StorageError(kind, `The database ${file} is damaged (${code}).`, REBUILD_ACTION);
    case 'locked':
      return new StorageError(
        kind,
        `The database ${file} is locked by another program (${code}).`,
        'Close the other program (a database browser, a backup or sync tool, a stuck console on the same folder), then try again.',
      );
    case 'full':
      return new StorageError(
        kind,
        `The disk holding ${dir} is full (${code}); nothing more could be saved.`,
        'Free space on that disk, then try again (a stopped sync resumes from its last saved page).',
      );
    case 'io':
      return new StorageError(
        kind,
        `The database ${file} could not be read or written (${code}): the disk reported an error.`,
        'Check the disk (and that it is still connected), then try again.',
      );
    case 'driver':
      return new StorageError(
        kind,
        'The database driver (better-sqlite3) was built for another runtime and cannot load.',
        'Reinstall the console, or (from source) run `npm start` again with network access so it builds the driver for Electron.',
      );
  }
}

/** The storage failure behind `error`, placed at the file of an open database. */
export function storageErrorIn(error: unknown, db: { name: string }): StorageError | null {
  return toStorageError(error, { dataDir: path.dirname(db.name), file: db.name });
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function driverMismatch(error: unknown): boolean {
  return (
    error instanceof Error &&
    /NODE_MODULE_VERSION|was compiled against a different/.test(error.message)
  );
}
