import type { RendererErrorReport } from '../../../shared/ipc/contract/app';
import type { CoreBasics } from '../basics';

/** At most this many reports a minute reach the log: a page failing in a loop must not fill it. */
const MAX_PER_MINUTE = 20;

/**
 * Writes the errors the window reports (a page that failed to render, an error or rejection
 * nothing caught) into the diagnostic log, through the redactor like every line. Returns whether
 * the report was logged.
 */
export function createRendererErrorLog(
  deps: Pick<CoreBasics, 'log' | 'clock'>,
): (report: RendererErrorReport) => boolean {
  let windowStart = 0;
  let count = 0;
  let dropped = 0;
  return (report) => {
    const now = deps.clock.now();
    if (now - windowStart >= 60_000) {
      if (dropped > 0) deps.log.warn('renderer errors not logged (too many)', { dropped });
      windowStart = now;
      count = 0;
      dropped = 0;
    }
    if (count >= MAX_PER_MINUTE) {
      dropped++;
      return false;
    }
    count++;
    deps.log.error(`renderer error: ${report.message}`, {
      source: report.source,
      ...(report.route ? { route: report.route } : {}),
      ...(report.stack ? { stack: report.stack } : {}),
      ...(report.componentStack ? { componentStack: report.componentStack } : {}),
    });
    return true;
  };
}
