import Store from 'electron-store';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/domain/settings';
import { coerceSettings, type SettingsStore } from '../core/settings/settings-store';

/**
 * Preferences through electron-store (`settings.json` in the data dir). Non-secret only: no
 * credential ever goes here, and electron-store's `encryptionKey` is deliberately not used (its
 * own docs call it obfuscation). Values are validated by the shared zod schema on every read.
 */
export function createElectronSettingsStore(cwd: string): SettingsStore {
  const store = new Store<Record<string, unknown>>({
    cwd,
    name: 'settings',
    clearInvalidConfig: true,
  });
  return {
    get(): Settings {
      return coerceSettings(store.store);
    },
    update(patch: SettingsPatch): Settings {
      const next = SettingsSchema.parse({ ...coerceSettings(store.store), ...patch });
      store.store = next as unknown as Record<string, unknown>;
      return next;
    },
  };
}
