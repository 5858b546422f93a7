import { z } from 'zod';

export const linksSchemas = {
  'links:open-external': z.object({ url: z.string().min(1).max(4096) }).strict(),
} as const;

export interface LinksOutputs {
  /** `opened: false` when the URL is not an allowed ATS address. */
  'links:open-external': { opened: boolean };
}
