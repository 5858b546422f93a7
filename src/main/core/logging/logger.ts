import type { Redactor } from './redactor';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Resolves once every line logged so far is on disk (a logger that buffers writes). */
  flush?(): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * One line of the diagnostic log: JSON with the time, the level, the message and its fields,
 * every string passed through the redactor and every secret-named field masked, so nothing a
 * log line holds can carry a key or token to the disk. The app's log and the CLI's share it.
 */
export function formatLogLine(
  level: LogLevel,
  message: string,
  fields: LogFields | undefined,
  redactor: Redactor,
  at: Date = new Date(),
): string {
  return JSON.stringify({
    at: at.toISOString(),
    level,
    message: redactor.text(message),
    ...(fields ? (redactor.value(fields) as LogFields) : {}),
  });
}

/** Plain fields for an error: `Error` objects have no enumerable properties to log. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) {
    return { error: error.message, errorName: error.name, stack: error.stack ?? null };
  }
  return { error: String(error) };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
