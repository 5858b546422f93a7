import { cached, type DB } from '../database';

/**
 * Per-resource sync state (table `sync_state`, migration 0040): the checkpoint of the pass in
 * progress (`cursor`, opaque provider state) and what the last complete pass left for the next
 * one (`committed`, e.g. a sync token). Values are the provider's own JSON; nothing here reads them.
 */
export interface ResourceState {
  resource: string;
  cursor: unknown;
  committed: unknown;
  passId: number;
  passMode: 'full' | 'incremental' | null;
  passRecords: number;
  lastCompleteAt: string | null;
  lastFullAt: string | null;
  lastFullRecords: number | null;
  lastNotice: string | null;
  updatedAt: string;
}

interface Row {
  resource: string;
  cursor_json: string | null;
  committed_json: string | null;
  pass_id: number | null;
  pass_mode: string | null;
  pass_records: number;
  last_complete_at: string | null;
  last_full_at: string | null;
  last_full_records: number | null;
  last_notice: string | null;
  updated_at: string;
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

function toState(row: Row): ResourceState {
  return {
    resource: row.resource,
    cursor: parse(row.cursor_json),
    committed: parse(row.committed_json),
    passId: row.pass_id ?? 0,
    passMode: row.pass_mode === 'full' || row.pass_mode === 'incremental' ? row.pass_mode : null,
    passRecords: row.pass_records,
    lastCompleteAt: row.last_complete_at,
    lastFullAt: row.last_full_at,
    lastFullRecords: row.last_full_records,
    lastNotice: row.last_notice,
    updatedAt: row.updated_at,
  };
}

export function getResourceState(
  db: DB,
  connectionId: string,
  resource: string,
): ResourceState | null {
  const row = cached(db, 'SELECT * FROM sync_state WHERE connection_id = ? AND resource = ?').get(
    connectionId,
    resource,
  ) as Row | undefined;
  return row ? toState(row) : null;
}

export function listResourceStates(db: DB, connectionId: string): ResourceState[] {
  return (
    db.prepare('SELECT * FROM sync_state WHERE connection_id = ?').all(connectionId) as Row[]
  ).map(toState);
}

export function saveResourceState(db: DB, connectionId: string, state: ResourceState): void {
  cached(
    db,
    `INSERT INTO sync_state (connection_id, resource, cursor_json, committed_json, pass_id, pass_mode,
                             pass_records, last_complete_at, last_full_at, last_full_records,
                             last_notice, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, resource) DO UPDATE SET
       cursor_json = excluded.cursor_json, committed_json = excluded.committed_json,
       pass_id = excluded.pass_id, pass_mode = excluded.pass_mode,
       pass_records = excluded.pass_records, last_complete_at = excluded.last_complete_at,
       last_full_at = excluded.last_full_at, last_full_records = excluded.last_full_records,
       last_notice = excluded.last_notice, updated_at = excluded.updated_at`,
  ).run(
    connectionId,
    state.resource,
    state.cursor === null || state.cursor === undefined ? null : JSON.stringify(state.cursor),
    state.committed === null || state.committed === undefined
      ? null
      : JSON.stringify(state.committed),
    state.passId,
    state.passMode,
    state.passRecords,
    state.lastCompleteAt,
    state.lastFullAt,
    state.lastFullRecords,
    state.lastNotice,
    state.updatedAt,
  );
}

/** Forgets every resource's checkpoint and token: the next sync reads everything in full. */
export function resetResourceStates(db: DB, connectionId: string): void {
  db.prepare(
    'UPDATE sync_state SET cursor_json = NULL, committed_json = NULL, pass_mode = NULL WHERE connection_id = ?',
  ).run(connectionId);
}

export function emptyResourceState(resource: string, now: string): ResourceState {
  return {
    resource,
    cursor: null,
    committed: null,
    passId: 0,
    passMode: null,
    passRecords: 0,
    lastCompleteAt: null,
    lastFullAt: null,
    lastFullRecords: null,
    lastNotice: null,
    updatedAt: now,
  };
}
