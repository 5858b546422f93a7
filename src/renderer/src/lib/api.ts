import type { Events, Input, Outputs } from '../../../shared/ipc/contract';
import type { Channel, EventName } from '../../../shared/ipc/channels';
import type { AppError, ErrorCode, InputIssue } from '../../../shared/ipc/result';
import type { ReadChannel } from '../../../shared/ipc/tables';
import { isStale } from './stale';

/** An IPC failure as the UI handles it: the code to branch on, and the admin-facing text. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly action: string | undefined;
  readonly issues: InputIssue[] | undefined;

  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.action = error.action;
    this.issues = error.issues;
  }
}

/**
 * The renderer's one way to reach main: calls a contract channel and unwraps the result envelope,
 * throwing `ApiError` on failure.
 */
export async function call<C extends Channel>(channel: C, input?: Input<C>): Promise<Outputs[C]> {
  const result = await window.api.invoke(channel, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: Events[E]) => void,
): () => void {
  return window.api.on(event, listener);
}

/**
 * Calls `listener` whenever main reports a change (`db:changed`) to a table behind the answer of
 * one of these read channels, so a view reloads exactly what it shows.
 */
export function onStale(reads: readonly ReadChannel[], listener: () => void): () => void {
  return subscribe('db:changed', ({ tables }) => {
    if (isStale(reads, tables)) listener();
  });
}

/** A problem the window finds by itself before asking main (a file too large), shown alike. */
export function localError(message: string, action: string): ApiError {
  return new ApiError({ code: 'BAD_INPUT', message, action });
}

/** The text to show for any caught error: the message, then what to do. */
export function describeError(error: unknown): { message: string; action?: string } {
  if (error instanceof ApiError) {
    return error.action
      ? { message: error.message, action: error.action }
      : { message: error.message };
  }
  return {
    message: 'The console did not answer as expected.',
    action: 'Try again; if it keeps happening, restart the console.',
  };
}

/** The same as one line: the message, then what to do. */
export function errorText(error: unknown): string {
  const { message, action } = describeError(error);
  return action ? `${message} ${action}` : message;
}
