import type { AppInfo } from '../../domain/app';
import type { UpdateStatus } from '../../domain/updates';
import { NoInput } from './common';

export const appSchemas = {
  'app:get-info': NoInput,
  'app:check-updates': NoInput,
} as const;

export interface AppOutputs {
  'app:get-info': AppInfo;
  /** Asks the update feed now, whatever the automatic-checks setting says. */
  'app:check-updates': UpdateStatus;
}
