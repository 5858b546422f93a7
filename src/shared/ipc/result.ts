/**
 * The result envelope every IPC call returns. Errors never cross the process boundary as thrown
 * exceptions (Electron keeps only `message` of a thrown error), so every handler outcome is data.
 */

export const ERROR_CODES = [
  /** The input failed its schema; `issues` says which field and why. */
  'BAD_INPUT',
  /** The caller is not the app's own window. */
  'FORBIDDEN',
  /** The channel is not part of the contract. */
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'CONFLICT',
  /** The ATS refused the credential (wrong, revoked or expired key or token). */
  'AUTH_FAILED',
  /** The credential works but lacks a permission the operation needs. */
  'PERMISSION_MISSING',
  /** The ATS could not be reached (offline, DNS, refused, timed out). */
  'NETWORK',
  /** The ATS answered with a server error or maintenance. */
  'ATS_UNAVAILABLE',
  'RATE_LIMITED',
  /** The ATS answered with something the console cannot read. */
  'ATS_BAD_RESPONSE',
  /** The ATS refused the request's content (a validation error on its side). */
  'ATS_REJECTED',
  /** Secrets cannot be stored safely on this machine right now. */
  'VAULT_UNAVAILABLE',
  /** The connection's authorization has to be renewed by the admin. */
  'NEEDS_REAUTH',
  /** A sync is already running on this connection (here or in another process). */
  'ALREADY_RUNNING',
  'CANCELLED',
  /**
   * The data folder or its database cannot be used as it is: read-only, not creatable, a file
   * instead of a folder, damaged, locked by another program, or the disk is full.
   */
  'STORAGE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface InputIssue {
  /** Dotted path of the offending field, empty for the whole input. */
  path: string;
  message: string;
}

export interface AppError {
  code: ErrorCode;
  /** What happened, in words an admin understands. Never contains a secret. */
  message: string;
  /** What to do next. */
  action?: string;
  /** Field-level problems for BAD_INPUT. */
  issues?: InputIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: AppError): Result<never> {
  return { ok: false, error };
}
