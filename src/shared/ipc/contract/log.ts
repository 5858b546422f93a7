import { z } from 'zod';
import { LOG_DIRECTIONS, LOG_LEVELS } from '../../domain/runs';
import type {
  LogCount,
  LogExportChunk,
  LogFacets,
  LogLineDetail,
  LogPage,
  LogRetentionStatus,
} from '../../domain/sync-log';
import { NoInput } from './common';
import { ConnectionId } from './connections';

const IsoTime = z.iso.datetime({
  offset: true,
  error: 'Use a date and time like 2026-03-01T09:00:00Z.',
});

/** The sync log's filter (shared/domain/sync-log.ts), as every caller sends it. */
export const LogFilterSchema = z
  .object({
    connectionId: ConnectionId.optional(),
    runId: z.number().int().positive().optional(),
    levels: z.array(z.enum(LOG_LEVELS)).max(LOG_LEVELS.length).optional(),
    directions: z.array(z.enum(LOG_DIRECTIONS)).max(LOG_DIRECTIONS.length).optional(),
    entity: z.string().trim().min(1).max(64).optional(),
    entityId: z.string().trim().min(1).max(256).optional(),
    rule: z.string().trim().min(1).max(100).optional(),
    since: IsoTime.optional(),
    until: IsoTime.optional(),
    search: z.string().max(500, 'Search for at most 500 characters.').optional(),
  })
  .strict()
  .refine((filter) => !filter.since || !filter.until || filter.since < filter.until, {
    message: '“From” must be before “until”.',
    path: ['until'],
  });

const BeforeId = z.number().int().positive().optional();

export const logSchemas = {
  'log:query': z
    .object({
      filter: LogFilterSchema.default({}),
      beforeId: BeforeId,
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  'log:count': z.object({ filter: LogFilterSchema.default({}) }).strict(),
  'log:detail': z.object({ id: z.number().int().positive() }).strict(),
  'log:facets': NoInput,
  /** One chunk of the CSV export; call again with `nextBeforeId` until it is null. */
  'log:export': z
    .object({
      filter: LogFilterSchema.default({}),
      beforeId: BeforeId,
      limit: z.number().int().min(1).max(20_000).default(10_000),
    })
    .strict(),
  'log:retention': NoInput,
} as const;

export interface LogOutputs {
  'log:query': LogPage;
  'log:count': LogCount;
  'log:detail': LogLineDetail;
  'log:facets': LogFacets;
  'log:export': LogExportChunk;
  'log:retention': LogRetentionStatus;
}
