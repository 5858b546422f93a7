import type { DB } from '../database';
import type {
  ConnectionCheck,
  ConnectionStatus,
  ConnectionSummary,
  ProviderKind,
  RateLimitSetting,
} from '../../../../shared/domain/connections';

export interface ConnectionRow {
  id: string;
  provider: ProviderKind;
  label: string;
  status: ConnectionStatus;
  base_url: string;
  auth_mode: 'api_key' | 'oauth';
  config_json: string;
  created_at: string;
  updated_at: string;
  check_json: string | null;
  checked_at: string | null;
}

export interface NewConnection {
  id: string;
  provider: ProviderKind;
  label: string;
  baseUrl: string;
  authMode: 'api_key' | 'oauth';
  config?: Record<string, unknown>;
  now: string;
}

export function insertConnection(db: DB, input: NewConnection): void {
  db.prepare(
    `INSERT INTO connections (id, provider, label, status, base_url, auth_mode, config_json, created_at, updated_at)
     VALUES (?, ?, ?, 'connected', ?, ?, ?, ?, ?)`,
  ).run(
    input.id,
    input.provider,
    input.label,
    input.baseUrl,
    input.authMode,
    JSON.stringify(input.config ?? {}),
    input.now,
    input.now,
  );
}

export function getConnectionRow(db: DB, id: string): ConnectionRow | undefined {
  return db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
}

export function listConnectionRows(db: DB): ConnectionRow[] {
  return db.prepare('SELECT * FROM connections ORDER BY created_at, id').all() as ConnectionRow[];
}

export function setConnectionStatus(
  db: DB,
  id: string,
  status: ConnectionStatus,
  now: string,
): void {
  db.prepare('UPDATE connections SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
}

export function setConnectionAuthMode(
  db: DB,
  id: string,
  authMode: ConnectionRow['auth_mode'],
  now: string,
): void {
  db.prepare('UPDATE connections SET auth_mode = ?, updated_at = ? WHERE id = ?').run(
    authMode,
    now,
    id,
  );
}

export function updateConnectionConfig(
  db: DB,
  id: string,
  config: Record<string, unknown>,
  now: string,
): void {
  db.prepare('UPDATE connections SET config_json = ?, updated_at = ? WHERE id = ?').run(
    JSON.stringify(config),
    now,
    id,
  );
}

export function deleteConnection(db: DB, id: string): boolean {
  return db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
}

export function connectionConfig(row: ConnectionRow): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(row.config_json);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function saveConnectionCheck(db: DB, id: string, check: ConnectionCheck, now: string): void {
  db.prepare('UPDATE connections SET check_json = ?, checked_at = ? WHERE id = ?').run(
    JSON.stringify(check),
    now,
    id,
  );
}

export function updateConnectionLabel(db: DB, id: string, label: string, now: string): void {
  db.prepare('UPDATE connections SET label = ?, updated_at = ? WHERE id = ?').run(label, now, id);
}

/**
 * The admin's request limit for a connection: a limit, `'off'`, or undefined for the ATS default
 * (stored in `config_json.rateLimit`).
 */
export function configuredRateLimit(row: ConnectionRow): RateLimitSetting | 'off' | undefined {
  const value = connectionConfig(row).rateLimit;
  if (value === 'off') return 'off';
  if (value && typeof value === 'object') {
    const { perSecond, burst } = value as { perSecond?: unknown; burst?: unknown };
    if (typeof perSecond === 'number' && perSecond > 0 && typeof burst === 'number' && burst >= 1)
      return { perSecond, burst };
  }
  return undefined;
}

/** The limit in force: the admin's, else the ATS's default; null when off. */
export function effectiveRateLimit(
  row: ConnectionRow,
  providerDefault: RateLimitSetting | null,
): RateLimitSetting | null {
  const configured = configuredRateLimit(row);
  if (configured === 'off') return null;
  return configured ?? providerDefault;
}

/** The DTO the renderer and CLI see: no secret, only whether one is stored. */
export function listConnectionSummaries(
  db: DB,
  defaultRateLimit: (provider: ProviderKind) => RateLimitSetting | null = () => null,
): ConnectionSummary[] {
  const rows = db
    .prepare(
      `SELECT c.*,
              EXISTS (SELECT 1 FROM credentials k WHERE k.connection_id = c.id) AS has_credential,
              (SELECT max(started_at) FROM sync_runs r WHERE r.connection_id = c.id) AS last_sync_at,
              (SELECT max(finished_at) FROM sync_runs r WHERE r.connection_id = c.id AND r.status = 'succeeded') AS last_success_at
         FROM connections c
        ORDER BY c.created_at, c.id`,
    )
    .all() as Array<
    ConnectionRow & {
      has_credential: number;
      last_sync_at: string | null;
      last_success_at: string | null;
    }
  >;
  return rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    label: row.label,
    status: row.status,
    baseUrl: row.base_url,
    authMode: row.auth_mode,
    hasCredential: row.has_credential === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSyncAt: row.last_sync_at,
    lastSuccessAt: row.last_success_at,
    check: parseCheck(row.check_json),
    checkedAt: row.checked_at,
    rateLimit: effectiveRateLimit(row, defaultRateLimit(row.provider)),
    rateLimitIsDefault: configuredRateLimit(row) === undefined,
    writeUserId: writeUserOf(row),
  }));
}

/** The ATS user the console's writes are attributed to (Lever `perform_as`), when chosen. */
export function writeUserOf(row: ConnectionRow): string | null {
  const value = connectionConfig(row).performAs;
  return typeof value === 'string' && value !== '' ? value : null;
}

function parseCheck(json: string | null): ConnectionCheck | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as ConnectionCheck;
  } catch {
    return null;
  }
}
