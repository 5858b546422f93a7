import fs from 'node:fs';
import path from 'node:path';
import { LOG_FILE_NAMES, LOG_MAX_BYTES } from './log-files';
import { rotateIfLarger } from './log-rotation';
import { formatLogLine, type LogFields, type Logger, type LogLevel } from './logger';
import type { Redactor } from './redactor';

export interface FileLoggerOptions {
  /** The file inside the log folder; the CLI's by default. */
  fileName?: string;
  maxBytes?: number;
  /** How often a long-running process checks the file's size and whether it was rotated. */
  checkEveryMs?: number;
}

export interface FileLogger extends Logger {
  flush(): Promise<void>;
  /** Writes what is pending, then closes the file and stops the periodic check. */
  close(): Promise<void>;
}

/** Lines waiting for the disk beyond this are dropped (and counted) rather than held in memory. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

/**
 * The diagnostic log of a process without Electron (the CLI, `watch`, the tests): JSON lines
 * (see `formatLogLine`) appended through a write stream, so logging a line never waits for the
 * disk. The file is rotated by its real size at start and at each periodic check, under a lock
 * (see `rotateIfLarger`); when another process rotated it, this one reopens the path.
 */
export function createFileLogger(
  dir: string,
  redactor: Redactor,
  options: FileLoggerOptions = {},
): FileLogger {
  const file = path.join(dir, options.fileName ?? LOG_FILE_NAMES.cli);
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  let stream: fs.WriteStream | null = null;
  let inode = -1;
  let dropped = 0;
  let closed = false;

  const open = () => {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const fd = fs.openSync(file, 'a', 0o600);
      inode = fs.fstatSync(fd).ino;
      const next = fs.createWriteStream(file, { fd });
      // A full or read-only disk must not take the process down; the sync log in SQLite remains.
      next.on('error', () => {
        if (stream === next) stream = null;
      });
      stream = next;
    } catch {
      stream = null;
    }
  };

  const reopen = () => {
    const previous = stream;
    open();
    previous?.end();
  };

  const check = () => {
    if (closed) return;
    fs.stat(file, (error, stats) => {
      if (closed) return;
      if (error || stats.ino !== inode) {
        reopen(); // moved away by another process's rotation (or deleted by hand)
      } else if (stats.size > maxBytes && rotateIfLarger(file, maxBytes) === 'rotated') {
        reopen();
      }
    });
  };

  rotateIfLarger(file, maxBytes);
  open();
  const timer = setInterval(check, options.checkEveryMs ?? 10 * 60_000);
  timer.unref();

  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (!stream || closed) return;
    if (stream.writableLength > MAX_PENDING_BYTES) {
      dropped++;
      return;
    }
    if (dropped > 0) {
      stream.write(
        formatLogLine('warn', `${dropped} log lines dropped: the disk was too slow`, {}, redactor) +
          '\n',
      );
      dropped = 0;
    }
    stream.write(formatLogLine(level, message, fields, redactor) + '\n');
  };

  const flush = () =>
    new Promise<void>((resolve) => {
      const current = stream;
      if (!current || current.writableLength === 0) resolve();
      else current.write('', () => resolve());
    });

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    flush,
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      clearInterval(timer);
      const current = stream;
      stream = null;
      if (current) await new Promise<void>((resolve) => current.end(() => resolve()));
    },
  };
}
