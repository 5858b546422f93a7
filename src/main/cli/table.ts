import type { CliIo } from './command';
import { displayWidth, fitToWidth, padToWidth } from './display-width';
import { escapeControls } from './terminal-text';

/** Widest a column grows, in terminal columns; a longer cell is cut with "…". */
const MAX_COLUMN_WIDTH = 48;

/**
 * A fixed-width table for human output. Columns are measured in terminal columns, not characters,
 * so names in CJK scripts, with accents or with emoji keep the columns straight.
 */
export function table(io: CliIo, headers: string[], rows: Array<Array<string | number>>): void {
  // Escaped before measuring, so a control sequence in ATS data neither reaches the terminal nor
  // shifts the columns.
  const cells = [headers, ...rows.map((row) => row.map((cell) => escapeControls(String(cell))))];
  const widths = headers.map((_, column) =>
    Math.min(MAX_COLUMN_WIDTH, Math.max(...cells.map((row) => displayWidth(row[column] ?? '')))),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => padToWidth(fitToWidth(cell, widths[column]!), widths[column]!))
      .join('  ')
      .trimEnd();
  io.out(line(headers));
  for (const row of cells.slice(1)) io.out(line(row));
}
