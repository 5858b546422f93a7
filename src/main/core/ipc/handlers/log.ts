import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { getConnectionRow } from '../../db/repos/connections';
import { csvLines, csvRow, CSV_HEADER } from '../../sync-log/csv';
import { lineDetail, logFacets } from '../../sync-log/detail';
import { countLog, queryLog } from '../../db/repos/sync-log-query';
import { logSize } from '../../sync-log/retention';

type LogHandlers = Pick<
  Handlers,
  'log:query' | 'log:count' | 'log:detail' | 'log:facets' | 'log:export' | 'log:retention'
>;

const COUNT_CAP = 100_000;

export function createLogHandlers(ctx: CoreContext): LogHandlers {
  return {
    'log:query': ({ filter, beforeId, limit }) => queryLog(ctx.db, filter, beforeId, limit),
    'log:count': ({ filter }) => countLog(ctx.db, filter, COUNT_CAP),
    'log:detail': ({ id }) => lineDetail(ctx.db, id),
    'log:facets': () => logFacets(ctx.db),
    // The renderer cannot write files: it asks for the CSV in chunks and offers it as a download.
    'log:export': ({ filter, beforeId, limit }) => {
      const page = queryLog(ctx.db, filter, beforeId, limit);
      const header = beforeId === undefined ? csvRow(CSV_HEADER) : '';
      if (beforeId === undefined) {
        ctx.audit('log.export', filter.connectionId ?? null, 'Sync log exported as CSV.');
      }
      return {
        csv: header + csvLines(page.lines, connectionLabels(ctx)),
        rows: page.lines.length,
        nextBeforeId: page.nextBeforeId,
      };
    },
    'log:retention': () => logSize(ctx.db, ctx.settings.get().logRetentionMb * 1024 * 1024),
  };
}

/** Connection labels for CSV rows, each read once per chunk. */
function connectionLabels(ctx: CoreContext): (connectionId: string) => string | null {
  const labels = new Map<string, string | null>();
  return (connectionId) => {
    if (!labels.has(connectionId))
      labels.set(connectionId, getConnectionRow(ctx.db, connectionId)?.label ?? null);
    return labels.get(connectionId) ?? null;
  };
}
