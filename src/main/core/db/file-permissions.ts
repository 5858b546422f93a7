import fs from 'node:fs';
import path from 'node:path';

/** The database file and the side files SQLite keeps next to it. */
export function databaseFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Makes the database and its side files readable by their owner only, before SQLite opens them.
 * SQLite creates the `-wal` and `-shm` files with the database file's own mode, so the database
 * file must already be 0600 when the first process opens it: a new one is created empty with that
 * mode (an empty file is a valid empty database), and files an older version left open to others
 * are narrowed first.
 */
export function prepareDatabaseFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const each of databaseFiles(file)) {
    try {
      if ((fs.statSync(each).mode & 0o077) !== 0) fs.chmodSync(each, 0o600);
    } catch {
      // Missing, another owner's, or a filesystem without POSIX modes: nothing to narrow here.
    }
  }
}

/**
 * Whether a folder can be read or written by other users of this computer (group or others have
 * any access). Always false where POSIX modes do not exist.
 */
export function openToOthers(dir: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    return (fs.statSync(dir).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}
