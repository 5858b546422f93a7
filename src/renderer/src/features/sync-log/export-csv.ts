import type { LogFilter } from '../../../../shared/domain/sync-log';
import { call } from '../../lib/api';
import { offerBlobDownload } from '../../lib/download';

/**
 * Exports the filtered lines as CSV. The renderer cannot write files, so main returns the CSV in
 * chunks of 10,000 lines (a few MB each) and the renderer joins them into one Blob, offered as a
 * download. A Blob made of parts is not copied into one string, so a million lines (~300 MB) stay
 * within the renderer's memory; for more, or for scripts, `kula-console log --export FILE` writes
 * the file directly.
 */
const CHUNK = 10_000;

export async function exportLogCsv(
  filter: LogFilter,
  onProgress: (rows: number) => void,
  signal: AbortSignal,
): Promise<number> {
  // A byte-order mark, so spreadsheet apps read the file as UTF-8 (names, arrows, quotes).
  const parts: string[] = ['\uFEFF'];
  let rows = 0;
  let beforeId: number | undefined;
  for (;;) {
    if (signal.aborted) throw new DOMException('Export cancelled', 'AbortError');
    const chunk = await call('log:export', {
      filter,
      limit: CHUNK,
      ...(beforeId !== undefined ? { beforeId } : {}),
    });
    parts.push(chunk.csv);
    rows += chunk.rows;
    onProgress(rows);
    if (chunk.nextBeforeId === null) break;
    beforeId = chunk.nextBeforeId;
  }
  offerBlobDownload(fileName(), new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  return rows;
}

function fileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `kula-sync-log-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(
    now.getHours(),
  )}${pad(now.getMinutes())}.csv`;
}
