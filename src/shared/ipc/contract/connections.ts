import { z } from 'zod';
import type { ConnectionSummary } from '../../domain/connections';
import type { SyncRunSummary } from '../../domain/runs';
import { NoInput } from './app';

export const ConnectionId = z.string().min(1).max(64);

export const connectionSchemas = {
  'connections:list': NoInput,
  'runs:list': z
    .object({
      connectionId: ConnectionId.optional(),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
} as const;

export interface ConnectionOutputs {
  'connections:list': ConnectionSummary[];
  'runs:list': SyncRunSummary[];
}
