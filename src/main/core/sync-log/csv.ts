import type { SyncLogLine } from '../../../shared/domain/runs';

/**
 * The sync log as CSV (comma-separated, CRLF rows, quotes doubled, as spreadsheets read it). A cell that a
 * spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a
 * leading apostrophe, so an exported line can never run anything when opened in Excel.
 */

export const CSV_HEADER = [
  'id',
  'time',
  'connection',
  'connection_id',
  'run',
  'level',
  'direction',
  'entity',
  'record_id',
  'rule',
  'api_call',
  'result',
  'retries',
  'request_id',
  'message',
  'next_step',
];

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: Array<string | number | null | undefined>): string {
  return values.map(csvCell).join(',') + '\r\n';
}

export function csvLines(
  lines: SyncLogLine[],
  labelOf: (connectionId: string) => string | null,
): string {
  let out = '';
  for (const line of lines) {
    out += csvRow([
      line.id,
      line.at,
      line.connectionId ? labelOf(line.connectionId) : null,
      line.connectionId,
      line.runId,
      line.level,
      line.direction,
      line.entity,
      line.entityId,
      line.rule,
      line.apiCall,
      line.result,
      line.retries,
      line.requestId,
      line.message,
      line.nextStep,
    ]);
  }
  return out;
}
