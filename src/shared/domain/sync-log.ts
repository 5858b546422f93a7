import type { LogDirection, LogLevel, SyncLogLine, SyncRunSummary } from './runs';

/**
 * What the sync log view, `kula-console log` and the CSV export filter on. Every field narrows;
 * an empty filter means every line. Times are ISO 8601; `since` is inclusive, `until` exclusive.
 */
export interface LogFilter {
  connectionId?: string | undefined;
  runId?: number | undefined;
  levels?: LogLevel[] | undefined;
  directions?: LogDirection[] | undefined;
  entity?: string | undefined;
  /** One record's history (with `entity`). */
  entityId?: string | undefined;
  rule?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Words or ids; every word must appear (as a word prefix) in the message or a key field. */
  search?: string | undefined;
}

/** One page of lines, newest first; pass `nextBeforeId` back for the next (older) page. */
export interface LogPage {
  lines: SyncLogLine[];
  nextBeforeId: number | null;
}

export interface LogCount {
  count: number;
  /** The count stopped at the cap: there are at least `count` lines. */
  capped: boolean;
}

/** A chunk of the CSV export; the first chunk starts with the header row. */
export interface LogExportChunk {
  csv: string;
  rows: number;
  nextBeforeId: number | null;
}

/** What the detail drawer shows beside a line. */
export interface LogLineDetail {
  line: SyncLogLine;
  connectionLabel: string | null;
  run: SyncRunSummary | null;
  /** Earlier and later lines about the same record (its history), newest first. */
  recordHistory: SyncLogLine[];
}

/** Values the filter menus offer. */
export interface LogFacets {
  entities: string[];
  rules: string[];
}

/** How big the log is against the admin's cap. */
export interface LogRetentionStatus {
  lines: number;
  /** Estimated bytes the log takes in the database (lines, indexes and search index). */
  estimatedBytes: number;
  capBytes: number;
  oldestAt: string | null;
}
