import type { AtsUserOption } from '../../../../shared/domain/connections';
import type { DB } from '../database';

/** The cached users of a connection's ATS account, active ones first, by name. */
export function listAtsUsers(db: DB, connectionId: string): AtsUserOption[] {
  const rows = db
    .prepare(
      `SELECT remote_id, name, email, role, active FROM ats_users
        WHERE connection_id = ? ORDER BY active DESC, name COLLATE NOCASE, remote_id`,
    )
    .all(connectionId) as Array<{
    remote_id: string;
    name: string;
    email: string | null;
    role: string | null;
    active: number;
  }>;
  return rows.map((row) => ({
    id: row.remote_id,
    name: row.name,
    email: row.email,
    role: row.role,
    active: row.active === 1,
  }));
}
