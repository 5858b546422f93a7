import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from './redactor';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The diagnostic log (not the admin-facing sync log): JSON lines in `<dataDir>/logs/console.log`,
 * rotated at 5 MB, every line passed through the redactor before it touches the disk.
 */
export function createFileLogger(dir: string, redactor: Redactor, echo = false): Logger {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'console.log');
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;

  const write = (level: string, message: string, fields?: LogFields) => {
    const line = JSON.stringify({
      at: new Date().toISOString(),
      level,
      message: redactor.text(message),
      ...(fields ? (redactor.value(fields) as LogFields) : {}),
    });
    try {
      if (size > MAX_FILE_BYTES) {
        fs.renameSync(file, `${file}.1`);
        size = 0;
      }
      fs.appendFileSync(file, line + '\n', { mode: 0o600 });
      size += line.length + 1;
    } catch {
      // A full disk must not take the app down with it; the sync log in SQLite remains.
    }
    if (echo) process.stderr.write(line + '\n');
  };

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
