import fs from 'node:fs';
import { rotatedLogPath } from './log-files';

export type RotationOutcome = 'rotated' | 'small' | 'busy' | 'failed';

/** A lock older than this was left by a process that died while rotating. */
const STALE_LOCK_MS = 60_000;

/**
 * Renames `file` to its rotated copy when it has grown past `maxBytes`, holding `<file>.lock`
 * (created exclusively) while it looks and renames, so two processes never rotate the same file
 * at once: the second finds the lock (`busy`), or, once it has it, a file that is small again.
 * The size is read from the file itself, never counted per process, so every writer agrees.
 *
 * A process still appending to the renamed file keeps writing into the rotated copy until it
 * reopens the path: lines are never lost, they land one file over.
 */
export function rotateIfLarger(
  file: string,
  maxBytes: number,
  now: () => number = Date.now,
): RotationOutcome {
  const lock = `${file}.lock`;
  let handle: number | undefined;
  try {
    handle = takeLock(lock, now);
    if (handle === undefined) return 'busy';
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      return 'small';
    }
    if (size <= maxBytes) return 'small';
    fs.renameSync(file, rotatedLogPath(file));
    return 'rotated';
  } catch {
    // Windows refuses to rename a file another process holds open: try again at the next check.
    return 'failed';
  } finally {
    if (handle !== undefined) {
      fs.closeSync(handle);
      fs.rmSync(lock, { force: true });
    }
  }
}

function takeLock(lock: string, now: () => number): number | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return fs.openSync(lock, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let age: number;
      try {
        age = now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue; // released in between: try once more
      }
      if (age < STALE_LOCK_MS) return undefined;
      fs.rmSync(lock, { force: true });
    }
  }
  return undefined;
}
