import type { DB } from '../db/database';
import { cachedArchiveReasons, cachedSources, cachedStages } from '../db/repos/ats-records';
import { connectionConfig, getConnectionRow } from '../db/repos/connections';
import type { WriteEnvironment } from '../providers/provider';

/** What a writer learns from the cache at the start of a run (sources, pipeline, settings). */
export function loadWriteEnvironment(db: DB, connectionId: string): WriteEnvironment {
  const row = getConnectionRow(db, connectionId);
  return {
    config: row ? connectionConfig(row) : {},
    sources: cachedSources(db, connectionId),
    stages: cachedStages(db, connectionId),
    archiveReasons: cachedArchiveReasons(db, connectionId),
  };
}
