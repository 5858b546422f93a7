import type { DB } from '../db/database';
import { connectionConfig, getConnectionRow } from '../db/repos/connections';
import type { WriteEnvironment } from '../providers/provider';
import type { AtsArchiveReasonRecord, AtsSourceRecord, AtsStageRecord } from '../providers/records';

/** What a writer learns from the cache at the start of a run (sources, pipeline, settings). */
export function loadWriteEnvironment(db: DB, connectionId: string): WriteEnvironment {
  const row = getConnectionRow(db, connectionId);
  const sources = db
    .prepare(
      'SELECT remote_id, title, type_title, archived FROM ats_sources WHERE connection_id = ?',
    )
    .all(connectionId) as Array<{
    remote_id: string;
    title: string;
    type_title: string | null;
    archived: number;
  }>;
  const stages = db
    .prepare(
      'SELECT remote_id, plan_id, title, type, position FROM ats_stages WHERE connection_id = ? ORDER BY position',
    )
    .all(connectionId) as Array<{
    remote_id: string;
    plan_id: string | null;
    title: string;
    type: string | null;
    position: number;
  }>;
  const reasons = db
    .prepare(
      'SELECT remote_id, title, reason_type, archived FROM ats_archive_reasons WHERE connection_id = ?',
    )
    .all(connectionId) as Array<{
    remote_id: string;
    title: string;
    reason_type: string | null;
    archived: number;
  }>;
  return {
    config: row ? connectionConfig(row) : {},
    sources: sources.map((source): AtsSourceRecord => ({
      remoteId: source.remote_id,
      title: source.title,
      typeTitle: source.type_title,
      archived: source.archived === 1,
    })),
    stages: stages.map((stage): AtsStageRecord => ({
      remoteId: stage.remote_id,
      planId: stage.plan_id,
      title: stage.title,
      type: stage.type,
      position: stage.position,
    })),
    archiveReasons: reasons.map((reason): AtsArchiveReasonRecord => ({
      remoteId: reason.remote_id,
      title: reason.title,
      reasonType: reason.reason_type,
      archived: reason.archived === 1,
    })),
  };
}
