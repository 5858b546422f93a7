import { SettingsPatchSchema, type Settings } from '../../domain/settings';
import { NoInput } from './common';

export const settingsSchemas = {
  'settings:get': NoInput,
  'settings:update': SettingsPatchSchema,
} as const;

export interface SettingsOutputs {
  'settings:get': Settings;
  'settings:update': Settings;
}
