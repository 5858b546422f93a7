import { z } from 'zod';
import type { AppInfo } from '../../domain/app';
import type { UpdateStatus } from '../../domain/updates';
import { NoInput } from './common';

/** An error the window caught: a page that failed to render, or an error nothing else caught. */
export const RendererErrorReport = z
  .object({
    source: z.enum(['render', 'window-error', 'unhandled-rejection']),
    message: z.string().max(2_000),
    stack: z.string().max(10_000).optional(),
    /** React's component stack for a render error: which page and component failed. */
    componentStack: z.string().max(10_000).optional(),
    /** The window's route when it happened (`/log?connection=…`). */
    route: z.string().max(500).optional(),
  })
  .strict();
export type RendererErrorReport = z.infer<typeof RendererErrorReport>;

export const appSchemas = {
  'app:get-info': NoInput,
  'app:check-updates': NoInput,
  'app:report-error': RendererErrorReport,
} as const;

export interface AppOutputs {
  'app:get-info': AppInfo;
  /** Asks the update feed now, whatever the automatic-checks setting says. */
  'app:check-updates': UpdateStatus;
  /** `logged: false` when the window reported too many errors in a short time. */
  'app:report-error': { logged: boolean };
}
