import fs from 'node:fs';
import { ConsoleError } from '../core/errors';
import { echo } from './terminal-text';

/**
 * Files the command line reads for the admin (a CSV, a resume, a mapping, an API key): regular
 * files only, at most the size the app accepts, and never more than that is read. A device such as
 * /dev/zero would otherwise be read until memory ran out, and a named pipe would hang the command
 * until something wrote to it.
 */
export interface InputLimits {
  /** What the file is, for messages: "a CSV file", "a resume". */
  what: string;
  maxBytes: number;
}

const MB = 1024 * 1024;

export function readInputFile(file: string, limits: InputLimits): Buffer {
  let fd: number;
  try {
    // Non-blocking, so opening a named pipe returns at once (it is then refused below).
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    throw new ConsoleError(
      'NOT_FOUND',
      `Cannot read ${echo(file)}.`,
      'Check the path and that you may read the file.',
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      throw new ConsoleError(
        'BAD_INPUT',
        `${echo(file)} is not a regular file (it is ${kindOf(stat)}), so it was not read.`,
        `Give the path of ${limits.what} saved on disk.`,
      );
    }
    if (stat.size > limits.maxBytes) throw tooLarge(file, stat.size, limits);
    const buffer = Buffer.alloc(Math.min(stat.size, limits.maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSome(fd, buffer, length);
      if (read === 0) break;
      length += read;
      // The file grew while being read: it is not the file that was measured.
      if (length > limits.maxBytes) throw tooLarge(file, length, limits);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** Standard input (`-`), read up to the same limit. */
export function readInputStream(fd: number, limits: InputLimits): Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    const read = readSome(fd, chunk, 0);
    if (read === 0) break;
    length += read;
    if (length > limits.maxBytes) throw tooLarge('standard input', length, limits, true);
    chunks.push(Buffer.from(chunk.subarray(0, read)));
  }
  return Buffer.concat(chunks, length);
}

function readSome(fd: number, buffer: Buffer, offset: number): number {
  for (;;) {
    try {
      return fs.readSync(fd, buffer, offset, buffer.length - offset, null);
    } catch (error) {
      // A pipe with nothing in it yet: wait a moment, as a blocking read would.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function tooLarge(file: string, bytes: number, limits: InputLimits, atLeast = false): ConsoleError {
  return new ConsoleError(
    'BAD_INPUT',
    `${file === 'standard input' ? 'Standard input' : echo(file)} is ${atLeast ? 'more than ' : ''}${size(bytes)}; ${limits.what} can be at most ${size(limits.maxBytes)}.`,
    'Use a smaller file (split a long CSV into parts).',
  );
}

function size(bytes: number): string {
  return bytes >= MB
    ? `${(bytes / MB).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
