import type { AppError, ErrorCode, InputIssue } from '../../shared/ipc/result';

/**
 * The connection an error asks the admin to reconnect. The core words the action for the app
 * (the Connections page); the CLI reads this to name its own command instead.
 */
export interface ReconnectHint {
  connectionId: string;
  provider: string;
}

/**
 * The one error type the core throws on purpose. Its message is written for the admin (what
 * happened) and `action` says what to do next; neither ever contains a secret. Anything else that
 * is thrown is a bug and reaches the admin only as a generic INTERNAL error.
 */
export class ConsoleError extends Error {
  readonly code: ErrorCode;
  readonly action: string | undefined;
  readonly issues: InputIssue[] | undefined;
  reconnect: ReconnectHint | undefined;

  constructor(code: ErrorCode, message: string, action?: string, issues?: InputIssue[]) {
    super(message);
    this.name = 'ConsoleError';
    this.code = code;
    this.action = action;
    this.issues = issues;
  }

  /** Names the connection whose reconnection this error asks for. */
  needsReconnect(hint: ReconnectHint): this {
    this.reconnect = hint;
    return this;
  }

  toAppError(): AppError {
    const error: AppError = { code: this.code, message: this.message };
    if (this.action) error.action = this.action;
    if (this.issues) error.issues = this.issues;
    return error;
  }
}

export function isConsoleError(value: unknown): value is ConsoleError {
  return value instanceof ConsoleError;
}

export const INTERNAL_ERROR: AppError = {
  code: 'INTERNAL',
  message: 'Something went wrong inside the console.',
  action: 'Try again. If it keeps happening, export the sync log and send it to your Kula contact.',
};

export function toAppError(value: unknown): AppError {
  return isConsoleError(value) ? value.toAppError() : INTERNAL_ERROR;
}
