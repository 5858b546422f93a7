import { z } from 'zod';
import type { SyncRunSummary } from '../../domain/runs';
import { ConnectionId } from './connections';

export const runsSchemas = {
  'runs:list': z
    .object({
      connectionId: ConnectionId.optional(),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
} as const;

export interface RunsOutputs {
  'runs:list': SyncRunSummary[];
}
