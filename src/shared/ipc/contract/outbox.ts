import { z } from 'zod';
import {
  OUTBOX_STATES,
  type OutboxCounts,
  type OutboxPage,
  type WriteBackPreview,
} from '../../domain/outbox';
import { ConnectionId } from './connections';

/** The outbox of writes to the ATSs, and the "Preview sync" dry run. */

const Ids = z.array(z.number().int().min(1)).min(1).max(1000);

export const outboxSchemas = {
  'outbox:list': z
    .object({
      connectionId: ConnectionId.optional(),
      candidateId: z.string().min(1).max(200).optional(),
      states: z.array(z.enum(OUTBOX_STATES)).max(OUTBOX_STATES.length).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  /** The backlog per connection (for the health view and the status bar). */
  'outbox:counts': z.object({ connectionId: ConnectionId.optional() }).strict(),
  'outbox:retry': z.object({ ids: Ids }).strict(),
  /** Gives up on writes (they are never sent); recorded in the audit trail. */
  'outbox:discard': z.object({ ids: Ids }).strict(),
  /** Sends what is waiting now (a push-only run per connection), without a pull. */
  'outbox:send': z.object({ connectionId: ConnectionId.optional() }).strict(),
  /** What the next sync would write, per candidate; sends nothing. */
  'outbox:preview': z.object({ connectionId: ConnectionId.optional() }).strict(),
} as const;

export interface OutboxOutputs {
  'outbox:list': OutboxPage;
  'outbox:counts': OutboxCounts[];
  'outbox:retry': { retried: number };
  'outbox:discard': { discarded: number };
  'outbox:send': {
    started: Array<{ connectionId: string; runId: number }>;
    skipped: Array<{ connectionId: string; reason: string }>;
  };
  'outbox:preview': WriteBackPreview;
}
