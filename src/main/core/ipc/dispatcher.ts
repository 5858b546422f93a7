import { schemas, type Handlers } from '../../../shared/ipc/contract';
import { isChannel, type Channel } from '../../../shared/ipc/channels';
import { fail, ok, type InputIssue, type Result } from '../../../shared/ipc/result';
import type { AppError } from '../../../shared/ipc/result';
import { toAppError, isConsoleError, type ConsoleError } from '../errors';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../logging/redactor';

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

/** How errors leave for the window. */
export interface OutgoingErrors {
  /** Scrubs every secret this process knows (an ATS may echo a key inside its error). */
  redactor?: Pick<Redactor, 'text'>;
  /** Turns a failure of the machine (disk full, read-only folder) into a message with a way out. */
  explain?: (error: unknown) => ConsoleError | null;
}

/**
 * The single IPC boundary, shared by the Electron shell and the browser-test bridge: checks the
 * caller, parses the input from `unknown` against the channel's schema, runs the handler, and
 * returns a result envelope. It never throws and never runs a handler on invalid input. Every
 * error's text passes the redactor before it leaves.
 */
export function createDispatcher(
  handlers: Handlers,
  isTrusted: TrustCheck,
  log: Logger,
  outgoing: OutgoingErrors = {},
): Dispatch {
  const scrub = (error: AppError): AppError => {
    const redactor = outgoing.redactor;
    if (!redactor) return error;
    return {
      ...error,
      message: redactor.text(error.message),
      ...(error.action !== undefined ? { action: redactor.text(error.action) } : {}),
      ...(error.issues
        ? {
            issues: error.issues.map((issue) => ({
              path: issue.path,
              message: redactor.text(issue.message),
            })),
          }
        : {}),
    };
  };
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
      const explained = isConsoleError(error) ? error : (outgoing.explain?.(error) ?? null);
      if (!isConsoleError(error)) {
        log.error(`ipc handler ${channel} failed`, {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
      return fail(scrub(toAppError(explained ?? error)));
    }
  };
}

export type { Channel };
