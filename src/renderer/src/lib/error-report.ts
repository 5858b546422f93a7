import type { RendererErrorReport } from '../../../shared/ipc/contract/app';
import { call } from './api';

/**
 * Sends an error the window caught to main's diagnostic log (`app:report-error`), trimmed to what
 * the channel accepts. Never throws: reporting must not become a second failure.
 */
export function reportError(
  source: RendererErrorReport['source'],
  error: unknown,
  componentStack?: string | null,
): void {
  const report: RendererErrorReport = {
    source,
    message: describe(error).slice(0, 2_000),
    route: window.location.hash.replace(/^#/, '').slice(0, 500),
  };
  if (error instanceof Error && error.stack) report.stack = error.stack.slice(0, 10_000);
  if (componentStack) report.componentStack = componentStack.slice(0, 10_000);
  try {
    void call('app:report-error', report).catch(() => undefined);
  } catch {
    // No bridge to main (the page failed before it was set up): nothing more to do.
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** Errors and rejections nothing else caught (outside rendering) reach the log too. */
export function reportUncaughtErrors(): void {
  window.addEventListener('error', (event) =>
    reportError('window-error', event.error ?? event.message),
  );
  window.addEventListener('unhandledrejection', (event) =>
    reportError('unhandled-rejection', event.reason),
  );
}
