import { z } from 'zod';
import type { AtsUserOption, ConnectionSummary } from '../../domain/connections';
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
  /** The ATS account's users, as cached by the import. */
  'connections:users': z.object({ connectionId: ConnectionId }).strict(),
  /** The ATS user writes are attributed to (Lever `perform_as`); null clears it. */
  'connections:set-write-user': z
    .object({ connectionId: ConnectionId, userId: z.string().min(1).max(100).nullable() })
    .strict(),
} as const;

export interface ConnectionOutputs {
  'connections:list': ConnectionSummary[];
  'runs:list': SyncRunSummary[];
  'connections:users': AtsUserOption[];
  'connections:set-write-user': ConnectionSummary;
}
