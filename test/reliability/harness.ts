import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCore, type ConsoleCore } from '../../src/main/core/core';
import { createNodeFetch } from '../../src/main/core/http/node-fetch';
import { silentLogger } from '../../src/main/core/logging/logger';
import { databasePath } from '../../src/main/core/paths';
import { JsonFileSettingsStore } from '../../src/main/core/settings/settings-store';
import { PassphraseCipher } from '../../src/main/core/vault/passphrase-cipher';
import { noteRef } from '../../src/main/core/writeback/note-text';
import { TEST_PASSPHRASE } from '../support/core';
import { FAST_OUTBOX } from '../support/writeback';
import type { AtsLedger, World } from './worlds';

/** Helpers both campaigns share: the console as the admin's machine runs it, and what to check. */

export const CAMPAIGN_HTTP = { retry: { baseDelayMs: 5, capDelayMs: 50, maxRetries: 6 } };

/** A core on an existing data dir, with the settings the campaign's child processes use. */
export function openCampaignCore(dataDir: string, http: { timeoutMs?: number } = {}): ConsoleCore {
  return openCore({
    dataDir,
    cipher: new PassphraseCipher(TEST_PASSPHRASE),
    settings: new JsonFileSettingsStore(path.join(dataDir, 'settings.json')),
    fetch: createNodeFetch(),
    logger: silentLogger,
    actor: 'crash-campaign',
    http: { ...CAMPAIGN_HTTP, ...http },
    outbox: FAST_OUTBOX,
  });
}

export async function withCore<T>(
  dataDir: string,
  work: (core: ConsoleCore) => T | Promise<T>,
  http: { timeoutMs?: number } = {},
): Promise<T> {
  const core = openCampaignCore(dataDir, http);
  try {
    return await work(core);
  } finally {
    await core.shutdown();
  }
}

export interface OutboxSnapshotRow {
  id: number;
  kind: string;
  key: string;
  state: string;
  subject: string;
  result: Record<string, unknown>;
}

/**
 * Reads the database as a restarted process finds it (opening it replays the WAL), without
 * migrating it: schema version, integrity, foreign keys, the outbox.
 */
export function inspectDatabase(dataDir: string): {
  version: number;
  integrity: string;
  foreignKeyProblems: number;
  objects: string[];
  outbox: OutboxSnapshotRow[];
} {
  const db = new Database(databasePath(dataDir), { timeout: 5000 });
  try {
    const objects = (
      db
        .prepare(
          "SELECT type || ' ' || name AS name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1",
        )
        .all() as Array<{ name: string }>
    ).map((row) => row.name);
    const hasOutbox = objects.includes('table outbox');
    const outbox = hasOutbox
      ? (
          db
            .prepare(
              'SELECT id, kind, idempotency_key AS key, state, subject_id AS subject, result_json FROM outbox ORDER BY id',
            )
            .all() as Array<Omit<OutboxSnapshotRow, 'result'> & { result_json: string | null }>
        ).map(({ result_json, ...row }) => ({
          ...row,
          result: result_json ? (JSON.parse(result_json) as Record<string, unknown>) : {},
        }))
      : [];
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      integrity: String(db.pragma('integrity_check', { simple: true })),
      foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
      objects,
      outbox,
    };
  } finally {
    db.close();
  }
}

/**
 * Compares the outbox after a crash with the one before: no row may vanish or change its intent,
 * a settled row stays settled, and what a settled row says it made exists in the ATS.
 */
export function outboxViolations(
  before: OutboxSnapshotRow[],
  after: OutboxSnapshotRow[],
  world: World,
): string[] {
  const problems: string[] = [];
  const now = new Map(after.map((row) => [row.id, row]));
  for (const row of before) {
    const later = now.get(row.id);
    if (!later || later.key !== row.key) {
      problems.push(`outbox row #${row.id} (${row.kind}) was lost`);
      continue;
    }
    if (isSettled(row.state) && later.state !== row.state) {
      problems.push(`outbox row #${row.id} went from ${row.state} back to ${later.state}`);
    }
  }
  for (const row of after) {
    if (row.state !== 'done') continue;
    const ref = noteRef(row.kind === 'message.create' ? 'message' : 'note', row.subject);
    if (!world.exists(row.kind, row.result, ref)) {
      problems.push(`outbox row #${row.id} (${row.kind}) is done but the ATS does not have it`);
    }
  }
  return problems;
}

const isSettled = (state: string) => ['done', 'skipped', 'discarded'].includes(state);

/** Row counts of the cache tables for a connection. */
export function cacheCounts(core: ConsoleCore, connectionId: string): Record<string, number> {
  const count = (table: string) =>
    (
      core.context.db
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE connection_id = ?`)
        .get(connectionId) as { n: number }
    ).n;
  return {
    candidates: count('ats_candidates'),
    applications: count('ats_applications'),
    jobs: count('ats_jobs'),
    plans: count('ats_plans'),
    stages: count('ats_stages'),
    users: count('ats_users'),
    sources: count('ats_sources'),
    archiveReasons: count('ats_archive_reasons'),
  };
}

/** Outbox rows by kind and final state, e.g. `note.create done: 14`. */
export function outboxOutcome(core: ConsoleCore, connectionId: string): Record<string, number> {
  const rows = core.context.db
    .prepare(
      'SELECT kind, state, count(*) AS n FROM outbox WHERE connection_id = ? GROUP BY kind, state ORDER BY kind, state',
    )
    .all(connectionId) as Array<{ kind: string; state: string; n: number }>;
  return Object.fromEntries(rows.map((row) => [`${row.kind} ${row.state}`, row.n]));
}

export function openRows(core: ConsoleCore, connectionId: string): number {
  return (
    core.context.db
      .prepare(
        "SELECT count(*) AS n FROM outbox WHERE connection_id = ? AND state IN ('pending', 'in_flight')",
      )
      .get(connectionId) as { n: number }
  ).n;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Compares two JSON-able values; returns a short description of the first difference. */
export function firstDifference(expected: unknown, actual: unknown, at = ''): string | null {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return null;
  if (
    expected &&
    actual &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    !Array.isArray(expected)
  ) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const diff = firstDifference(
        (expected as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        `${at}.${key}`,
      );
      if (diff) return diff;
    }
  }
  return `${at || '(root)'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface EndState {
  ledger: AtsLedger;
  outbox: Record<string, number>;
  /** The cache disagrees with the ATS, the database is damaged, the ATS has duplicates. */
  problems: string[];
}

/** What a scenario ended with, after its last sync: what the ATS holds, the outbox, the checks. */
export function endState(
  core: ConsoleCore,
  world: World,
  connectionId: string,
  emails: string[],
): EndState {
  const problems: string[] = [];
  const expected = world.expectedCache();
  const cache = cacheCounts(core, connectionId);
  const diff = firstDifference(
    expected,
    Object.fromEntries(Object.keys(expected).map((key) => [key, cache[key]])),
  );
  if (diff) problems.push(`cache ≠ ATS: ${diff}`);
  const integrity = String(core.context.db.pragma('integrity_check', { simple: true }));
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  for (const found of world.duplicates(emails)) problems.push(`duplicate in the ATS: ${found}`);
  return { ledger: world.ledger(emails), outbox: outboxOutcome(core, connectionId), problems };
}

/** Differences between a run's end and the same scenario's end without crashes or faults. */
export function differencesFrom(clean: EndState, end: EndState, without: string): string[] {
  const out: string[] = [];
  const ledger = firstDifference(clean.ledger, end.ledger);
  if (ledger) out.push(`ATS state ≠ a run without ${without}: ${ledger}`);
  const outbox = firstDifference(clean.outbox, end.outbox);
  if (outbox) out.push(`outbox ≠ a run without ${without}: ${outbox}`);
  return out;
}
