import type { Migration } from '../migrate';
import createConnections from './0010-create-connections';
import createSyncRuns from './0020-create-sync-runs';
import createAuditLog from './0030-create-audit-log';
import createAtsCache from './0040-create-ats-cache';
import connectionChecksAndCacheTables from './0100-connection-checks-and-cache-tables';
import createOAuthRefreshLeases from './0200-create-oauth-refresh-leases';
import createStageMapping from './0300-create-stage-mapping';
import createKulaWorkspace from './0400-create-kula-workspace';
import createOutbox from './0410-create-outbox';
import createSyncRunLeases from './0500-create-sync-run-leases';
import syncLogSearch from './0510-sync-log-search';
import createApiUsage from './0520-create-api-usage';
import syncRunErrorCodes from './0600-sync-run-error-codes';
import candidateSearchIndex from './0610-candidate-search-index';
import createRateLimitBuckets from './0630-create-rate-limit-buckets';
import allowGreenhouseConnections from './0640-allow-greenhouse-connections';

/**
 * Every migration, in order. Imported explicitly (never discovered on disk) so bundling cannot
 * drop one. Add new ones at the end with the next multiple of 10; never edit a shipped one.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 10, name: 'create-connections', up: createConnections },
  { version: 20, name: 'create-sync-runs', up: createSyncRuns },
  { version: 30, name: 'create-audit-log', up: createAuditLog },
  { version: 40, name: 'create-ats-cache', up: createAtsCache },
  {
    version: 100,
    name: 'connection-checks-and-cache-tables',
    up: connectionChecksAndCacheTables,
  },
  { version: 200, name: 'create-oauth-refresh-leases', up: createOAuthRefreshLeases },
  { version: 300, name: 'create-stage-mapping', up: createStageMapping },
  { version: 400, name: 'create-kula-workspace', up: createKulaWorkspace },
  { version: 410, name: 'create-outbox', up: createOutbox },
  { version: 500, name: 'create-sync-run-leases', up: createSyncRunLeases },
  { version: 510, name: 'sync-log-search', up: syncLogSearch },
  { version: 520, name: 'create-api-usage', up: createApiUsage },
  { version: 600, name: 'sync-run-error-codes', up: syncRunErrorCodes },
  { version: 610, name: 'candidate-search-index', up: candidateSearchIndex },
  { version: 630, name: 'create-rate-limit-buckets', up: createRateLimitBuckets },
  { version: 640, name: 'allow-greenhouse-connections', up: allowGreenhouseConnections },
];
