import path from 'node:path';

/**
 * Where each kind of process writes its diagnostic log, inside `<dataDir>/logs/`. Each kind has
 * its own file, and only that kind ever rotates it, so the app and the CLI never rename a file
 * under each other:
 * - `app.log`: the desktop app. One app runs per data folder (Electron's single-instance lock is
 *   taken on the data folder), so one process writes and rotates it.
 * - `cli.log`: every `kula-console` process, `watch` included. Several may append at once; a
 *   rotation happens under a lock file, so only one of them renames it (see log-rotation.ts).
 */
export const LOG_FILE_NAMES = { app: 'app.log', cli: 'cli.log' } as const;

/** A log is rotated once it grows past this size; one rotated copy is kept. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

/** The rotated copy of a log file: `cli.log` → `cli.old.log` (electron-log's naming). */
export function rotatedLogPath(file: string): string {
  const parsed = path.parse(file);
  return path.join(parsed.dir, `${parsed.name}.old${parsed.ext}`);
}
