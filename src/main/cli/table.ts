import type { CliIo } from './command';
import { escapeControls } from './terminal-text';

/** A fixed-width table for human output. */
export function table(io: CliIo, headers: string[], rows: Array<Array<string | number>>): void {
  // Escaped before measuring, so a control sequence in ATS data neither reaches the terminal nor
  // shifts the columns.
  const cells = [headers, ...rows.map((row) => row.map((cell) => escapeControls(String(cell))))];
  const widths = headers.map((_, column) =>
    Math.min(48, Math.max(...cells.map((row) => (row[column] ?? '').length))),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => {
        const text =
          cell.length > widths[column]! ? `${cell.slice(0, widths[column]! - 1)}…` : cell;
        return text.padEnd(widths[column]!);
      })
      .join('  ')
      .trimEnd();
  io.out(line(headers));
  for (const row of cells.slice(1)) io.out(line(row));
}
