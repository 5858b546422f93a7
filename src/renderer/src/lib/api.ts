import type { Events, Input, Outputs } from '../../../shared/ipc/contract';
import type { Channel, EventName } from '../../../shared/ipc/channels';
import type { AppError, ErrorCode, InputIssue } from '../../../shared/ipc/result';

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
