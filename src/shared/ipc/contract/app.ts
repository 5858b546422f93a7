import { z } from 'zod';
import type { AppInfo } from '../../domain/app';
import type { AuditEntry } from '../../domain/audit';
import { SettingsPatchSchema, type Settings } from '../../domain/settings';

/** Channels with no input take `undefined` (the renderer calls them without an argument). */
export const NoInput = z.undefined();

export const appSchemas = {
  'app:get-info': NoInput,
  'settings:get': NoInput,
  'settings:update': SettingsPatchSchema,
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
  'links:open-external': z.object({ url: z.string().min(1).max(4096) }).strict(),
} as const;

export interface AppOutputs {
  'app:get-info': AppInfo;
  'settings:get': Settings;
  'settings:update': Settings;
  'audit:list': AuditEntry[];
  /** The actions recorded so far, for the filter menu. */
  'audit:actions': string[];
  /** `opened: false` when the URL is not an allowed ATS address. */
  'links:open-external': { opened: boolean };
}
