import path from 'node:path';
import type { LogMessage, NodeLogger } from 'electron-log';
import { LOG_FILE_NAMES, LOG_MAX_BYTES } from '../core/logging/log-files';
import {
  errorFields,
  formatLogLine,
  type LogFields,
  type Logger,
  type LogLevel,
} from '../core/logging/logger';
import type { Redactor } from '../core/logging/redactor';

export interface AppLogOptions {
  /** The data folder's `logs/`. */
  dir: string;
  redactor: Redactor;
  /** Development builds also print to the terminal. */
  isDev: boolean;
  maxBytes?: number;
}

export interface AppLog {
  /** The core's logger, writing through electron-log. */
  logger: Logger;
  /** Uncaught exceptions and unhandled rejections in main: logged, no dialog. */
  catchMainErrors(): void;
  file: string;
}

/**
 * The app's diagnostic log through electron-log: `logs/app.log`, rotated by electron-log when it
 * grows past the cap into `app.old.log` (only the app writes this file; see log-files.ts), written
 * in the background (`sync: false`), in the same JSON lines as the CLI's log. The redactor runs
 * as a hook on every message before any transport sees it, and again when a line is formatted.
 *
 * Takes the electron-log instance, so a test drives it with `electron-log/node` on plain Node.
 */
export function configureAppLog(log: NodeLogger, options: AppLogOptions): AppLog {
  const { redactor } = options;
  const file = path.join(options.dir, LOG_FILE_NAMES.app);
  const fileTransport = log.transports.file;
  fileTransport.resolvePathFn = () => file;
  fileTransport.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  fileTransport.sync = false;
  fileTransport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  fileTransport.level = 'debug';
  fileTransport.format = ({ message }) => [appLogLine(message, redactor)];
  log.transports.console.level = options.isDev ? 'debug' : 'warn';
  // Nothing leaves main but the file: no copy to the window's console, no remote server.
  if (log.transports.ipc) log.transports.ipc.level = false;
  if (log.transports.remote) log.transports.remote.level = false;
  log.hooks.push((message) => ({ ...message, data: redactLogData(message.data, redactor) }));

  const write = (level: LogLevel) => (message: string, fields?: LogFields) =>
    fields ? log[level](message, fields) : log[level](message);
  const logger: Logger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
  return {
    logger,
    file,
    catchMainErrors() {
      log.errorHandler.startCatching({
        showDialog: false,
        onError: ({ error, errorName }) => {
          logger.error(
            errorName === 'Unhandled rejection'
              ? 'unhandled promise rejection in main'
              : 'uncaught exception in main',
            errorFields(error),
          );
          // Handled: electron-log neither logs it a second time nor shows its dialog.
          return false;
        },
      });
    },
  };
}

/**
 * A message's arguments made safe to write: errors become plain fields (an `Error` has no
 * enumerable properties), then every string is redacted and every secret-named key masked.
 */
export function redactLogData(data: readonly unknown[], redactor: Redactor): unknown[] {
  return data.map((item) => redactor.value(item instanceof Error ? errorFields(item) : item));
}

const LEVELS: Record<string, LogLevel> = {
  error: 'error',
  warn: 'warn',
  info: 'info',
  verbose: 'debug',
  debug: 'debug',
  silly: 'debug',
};

/** One electron-log message as the console's JSON line: its strings joined, its objects merged. */
export function appLogLine(message: LogMessage, redactor: Redactor): string {
  const texts: string[] = [];
  const fields: LogFields = {};
  for (const item of redactLogData(message.data, redactor)) {
    if (item && typeof item === 'object' && !Array.isArray(item)) Object.assign(fields, item);
    else texts.push(typeof item === 'string' ? item : JSON.stringify(item));
  }
  return formatLogLine(
    LEVELS[message.level] ?? 'info',
    texts.join(' '),
    fields,
    redactor,
    message.date,
  );
}
