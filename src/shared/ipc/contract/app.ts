import type { AppInfo } from '../../domain/app';
import { NoInput } from './common';

export const appSchemas = {
  'app:get-info': NoInput,
} as const;

export interface AppOutputs {
  'app:get-info': AppInfo;
}
