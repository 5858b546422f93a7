import { z } from 'zod';
import type { ConnectionSchedule } from '../../domain/schedule';
import { NoInput } from './common';
import { ConnectionId } from './connections';

export const scheduleSchemas = {
  'schedule:list': NoInput,
  'schedule:update': z
    .object({
      connectionId: ConnectionId,
      /** Minutes between automatic syncs; null returns to the app-wide setting. */
      intervalMinutes: z
        .number({ error: 'Enter a number of minutes.' })
        .int('Use whole minutes.')
        .min(5, 'Sync at most every 5 minutes.')
        .max(1440, 'Sync at least once a day (1440 minutes).')
        .nullable()
        .optional(),
      enabled: z.boolean().optional(),
    })
    .strict(),
  /** The window's view of the network (`navigator.onLine`), which pauses automatic syncs. */
  'schedule:report-online': z.object({ online: z.boolean() }).strict(),
} as const;

export interface ScheduleOutputs {
  'schedule:list': ConnectionSchedule[];
  'schedule:update': ConnectionSchedule;
  'schedule:report-online': { online: boolean };
}
