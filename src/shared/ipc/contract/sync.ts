import { z } from 'zod';
import type { SyncStatus } from '../../domain/ats';
import { ConnectionId } from './connections';

export const syncSchemas = {
  /** Starts a sync of one connection, or of every connected one when none is named. */
  'sync:start': z
    .object({
      connectionId: ConnectionId.optional(),
      full: z.boolean().default(false),
      trigger: z.enum(['manual', 'initial-import']).default('manual'),
    })
    .strict(),
  'sync:cancel': z.object({ connectionId: ConnectionId }).strict(),
  'sync:status': z.object({ connectionId: ConnectionId }).strict(),
} as const;

export interface SyncOutputs {
  'sync:start': {
    started: Array<{ connectionId: string; runId: number }>;
    /** Connections not started, and why (already syncing, needs reconnecting). */
    skipped: Array<{ connectionId: string; reason: string }>;
  };
  'sync:cancel': { cancelled: boolean };
  'sync:status': SyncStatus;
}
