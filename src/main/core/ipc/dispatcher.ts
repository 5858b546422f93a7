import { schemas, type Handlers } from '../../../shared/ipc/contract';
import { isChannel, type Channel } from '../../../shared/ipc/channels';
import { fail, ok, type InputIssue, type Result } from '../../../shared/ipc/result';
import { toAppError, isConsoleError } from '../errors';
import type { Logger } from '../logging/logger';

/** What the transport knows about the caller; the host decides whether to trust it. */
export interface CallerInfo {
  /** URL of the frame that sent the call. */
  url: string | null;
  /** The call came from the window's top frame (not an iframe). */
  isMainFrame: boolean;
}

export type TrustCheck = (caller: CallerInfo) => boolean;

export type Dispatch = (
  channel: unknown,
  input: unknown,
  caller: CallerInfo,
) => Promise<Result<unknown>>;

/**
 * The single IPC boundary, shared by the Electron shell and the browser-test bridge: checks the
 * caller, parses the input from `unknown` against the channel's schema, runs the handler, and
 * returns a result envelope. It never throws and never runs a handler on invalid input.
 */
export function createDispatcher(handlers: Handlers, isTrusted: TrustCheck, log: Logger): Dispatch {
  return async (channel, input, caller) => {
    if (!isTrusted(caller)) {
      log.warn('ipc call refused: untrusted sender', { channel: String(channel), url: caller.url });
      return fail({
        code: 'FORBIDDEN',
        message: 'This request did not come from the console window and was refused.',
      });
    }
    if (!isChannel(channel)) {
      return fail({
        code: 'UNKNOWN_CHANNEL',
        message: `"${String(channel).slice(0, 80)}" is not an operation the console offers.`,
      });
    }
    const parsed = schemas[channel].safeParse(input);
    if (!parsed.success) {
      const issues: InputIssue[] = parsed.error.issues.slice(0, 20).map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
      return fail({
        code: 'BAD_INPUT',
        message: `Some values were not accepted: ${issues
          .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
          .join('; ')}`,
        action: 'Check the highlighted fields and try again.',
        issues,
      });
    }
    try {
      const handler = handlers[channel] as (value: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (!isConsoleError(error)) {
        log.error(`ipc handler ${channel} failed`, {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
      return fail(toAppError(error));
    }
  };
}

export type { Channel };
