import fs from 'node:fs';
import path from 'node:path';
import type { LogLevel, SyncLogLine } from '../../../shared/domain/runs';
import type { LogFilter } from '../../../shared/domain/sync-log';
import { LogFilterSchema } from '../../../shared/ipc/contract/log';
import { getConnectionRow } from '../../core/db/repos/connections';
import { ConsoleError } from '../../core/errors';
import { csvLines, csvRow, CSV_HEADER } from '../../core/sync-log/csv';
import { iterateLog, queryLog } from '../../core/db/repos/sync-log-query';
import { UsageError, type CommandSpec } from '../command';
import { ALREADY_PRINTED, LIST_OPTIONS, allOrCount, writeJsonLines } from '../list-output';
import { resolveConnection } from '../resolve-connection';
import { parseCountArg, parseTimeArg } from '../time-arg';

const LEVELS: Record<string, LogLevel[] | undefined> = {
  error: ['error'],
  warn: ['warn', 'error'],
  info: ['info', 'warn', 'error'],
  debug: undefined,
  all: undefined,
};
const DIRECTIONS: Record<string, 'pull' | 'push' | 'none'> = {
  pull: 'pull',
  push: 'push',
  run: 'none',
};

const USAGE = `[--since T] [--until T] [--level L] [--connection C] [--direction D] [--entity E]
       [--record ID] [--run N] [--search WORDS] [--limit N | --all] [--json | --jsonl] [--export FILE]

Shows the newest matching lines of the sync log, oldest first (like a tail).
  --since, --until  an age (30m, 2h, 7d), a date (2026-03-01) or a time (2026-03-01T09:00:00Z)
  --level           error | warn (warnings and errors) | info (default: all but page details) | all
  --direction       pull (from the ATS) | push (to the ATS) | run (run events)
  --record ID       one record's history (with --entity for its type)
  --all             every matching line, not only the newest --limit (default 100)
  --jsonl           one JSON object per line of the log; with --all newest first, as read
  --export FILE     write every matching line (not only --limit) to FILE as CSV`;

/** `log`: the sync log, filtered like the app's log view; `--export FILE` writes CSV. */
export const logCommand: CommandSpec = {
  name: 'log',
  summary:
    'Show the sync log (filter by time, level, connection, record, words) or export it as CSV',
  usage: USAGE,
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    level: { type: 'string' },
    connection: { type: 'string' },
    direction: { type: 'string' },
    entity: { type: 'string' },
    record: { type: 'string' },
    run: { type: 'string' },
    search: { type: 'string' },
    limit: { type: 'string' },
    export: { type: 'string' },
    ...LIST_OPTIONS,
  },
  // Exporting records itself in the audit trail; reading does not write.
  readOnly: (values) => values.export === undefined,
  async run(ctx, { values }) {
    const core = ctx.core();
    const { db } = core.context;
    const filter = buildFilter(values, (wanted) => resolveConnection(db, wanted).id);
    const labelOf = (id: string) => getConnectionRow(db, id)?.label ?? null;

    if (typeof values.export === 'string') {
      const file = path.resolve(values.export);
      const rows = writeCsv(file, iterateLog(db, filter, 10_000), labelOf);
      core.context.audit(
        'log.export',
        filter.connectionId ?? null,
        `Sync log exported as CSV to ${path.basename(file)} (${rows} lines).`,
      );
      if (!ctx.io.json) ctx.io.out(`Wrote ${rows.toLocaleString('en-US')} lines to ${file}`);
      return { file, rows };
    }

    const limit = allOrCount(values, () => parseCountArg('limit', values.limit, 100, 100_000));
    if (values.jsonl === true && values.all === true) {
      // Streamed page by page, newest first: the whole log is never held at once.
      writeJsonLines(ctx.io, flatten(iterateLog(db, filter, 5000)));
      return ALREADY_PRINTED;
    }
    const page =
      values.all === true
        ? { lines: [...flatten(iterateLog(db, filter, 5000))], nextBeforeId: null }
        : queryLog(db, filter, undefined, limit);
    const lines = [...page.lines].reverse();
    if (values.jsonl === true) {
      writeJsonLines(ctx.io, lines);
      return ALREADY_PRINTED;
    }
    if (!ctx.io.json) {
      if (lines.length === 0) ctx.io.out('No lines match.');
      for (const line of lines) ctx.io.out(formatLine(line, labelOf));
      if (page.nextBeforeId !== null) {
        ctx.io.out(
          `(older lines not shown; use --limit, --since or --export FILE for all of them)`,
        );
      }
    }
    return { lines, more: page.nextBeforeId !== null };
  },
};

function* flatten<T>(pages: Iterable<T[]>): Generator<T> {
  for (const page of pages) yield* page;
}

function buildFilter(
  values: Record<string, unknown>,
  connectionId: (wanted: string) => string,
): LogFilter {
  const level = typeof values.level === 'string' ? values.level.toLowerCase() : 'info';
  if (!(level in LEVELS)) {
    throw new UsageError(`--level must be one of ${Object.keys(LEVELS).join(', ')}.`);
  }
  const direction =
    typeof values.direction === 'string' ? values.direction.toLowerCase() : undefined;
  if (direction !== undefined && !(direction in DIRECTIONS)) {
    throw new UsageError('--direction must be pull, push or run.');
  }
  const run = values.run === undefined ? undefined : Number(values.run);
  if (run !== undefined && (!Number.isInteger(run) || run < 1)) {
    throw new UsageError('--run must be a run number (see `kula-console runs list`).');
  }
  const candidate = {
    ...(typeof values.connection === 'string'
      ? { connectionId: connectionId(values.connection) }
      : {}),
    ...(LEVELS[level] ? { levels: LEVELS[level] } : {}),
    ...(direction ? { directions: [DIRECTIONS[direction]!] } : {}),
    ...(typeof values.entity === 'string' ? { entity: values.entity } : {}),
    ...(typeof values.record === 'string' ? { entityId: values.record } : {}),
    ...(run !== undefined ? { runId: run } : {}),
    ...(typeof values.search === 'string' ? { search: values.search } : {}),
    ...(values.since !== undefined ? { since: parseTimeArg('since', values.since) } : {}),
    ...(values.until !== undefined ? { until: parseTimeArg('until', values.until) } : {}),
  };
  const parsed = LogFilterSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => issue.message).join(' '));
  }
  return parsed.data;
}

/** Writes the CSV next to its target first and renames it, so a failed export leaves no half file. */
function writeCsv(
  file: string,
  pages: Iterable<SyncLogLine[]>,
  labelOf: (id: string) => string | null,
): number {
  const temp = `${file}.${process.pid}.partial`;
  let rows = 0;
  let fd: number;
  try {
    fd = fs.openSync(temp, 'w', 0o600);
  } catch (error) {
    throw new ConsoleError(
      'BAD_INPUT',
      `Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      'Choose a file in a folder you can write to.',
    );
  }
  try {
    fs.writeSync(fd, '\uFEFF' + csvRow(CSV_HEADER));
    for (const lines of pages) {
      fs.writeSync(fd, csvLines(lines, labelOf));
      rows += lines.length;
    }
    fs.closeSync(fd);
    fs.renameSync(temp, file);
    return rows;
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(temp, { force: true });
    throw new ConsoleError(
      'INTERNAL',
      `The export to ${file} failed (${(error as NodeJS.ErrnoException).code ?? 'write error'}); no file was left behind.`,
      'Check the free space and try again.',
    );
  }
}

function formatLine(line: SyncLogLine, labelOf: (id: string) => string | null): string {
  const date = new Date(line.at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const connection = line.connectionId ? (labelOf(line.connectionId) ?? line.connectionId) : '-';
  const record = line.entity ? `${line.entity}${line.entityId ? `/${line.entityId}` : ''}` : '';
  const parts = [
    time,
    line.level.toUpperCase().padEnd(5),
    connection,
    line.direction === 'none' ? 'run ' : line.direction,
    ...(record ? [record] : []),
    ...(line.rule ? [`[${line.rule}]`] : []),
    line.message,
  ];
  let text = parts.join('  ');
  if (line.nextStep) text += `  → ${line.nextStep}`;
  if (line.requestId) text += `  (request ${line.requestId})`;
  return text;
}
