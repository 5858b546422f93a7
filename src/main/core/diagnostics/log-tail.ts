import fs from 'node:fs';

/** How much of the end of a log file is read to find its last lines. */
const TAIL_BYTES = 256 * 1024;

/**
 * The last `maxLines` lines of a file, reading only its end (a log can be megabytes). A file that
 * does not exist has no lines; a first line cut in the middle is dropped.
 */
export function readLogTail(file: string, maxLines: number): string[] {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(handle).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    fs.readSync(handle, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split(/\r?\n/);
    if (start > 0) lines.shift();
    return lines.filter((line) => line.trim() !== '').slice(-maxLines);
  } finally {
    fs.closeSync(handle);
  }
}
