import { z } from 'zod';
import type { AuditEntry } from '../../domain/audit';
import { NoInput } from './common';

export const auditSchemas = {
  'audit:list': z
    .object({
      limit: z.number().int().min(1).max(1000).default(200),
      beforeId: z.number().int().positive().optional(),
      /** An action (`sync.manual`), or a family of them (`connection.`). */
      action: z.string().max(100).optional(),
      actor: z.string().max(200).optional(),
      /** What it was done to, e.g. a connection id. */
      target: z.string().max(200).optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      /** Words in the summary. */
      search: z.string().max(200).optional(),
    })
    .strict(),
  'audit:actions': NoInput,
} as const;

export interface AuditOutputs {
  'audit:list': AuditEntry[];
  /** The actions recorded so far, for the filter menu. */
  'audit:actions': string[];
}
