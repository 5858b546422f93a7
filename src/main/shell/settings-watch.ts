import type { Settings } from '../../shared/domain/settings';
import type { SettingsStore } from '../core/settings/settings-store';

/**
 * A settings store that tells the shell what changed, whoever changed it (the Settings page over
 * IPC, the shell itself), so the window's theme and the login item follow at once.
 */
export function observeSettings(
  store: SettingsStore,
  onChange: (after: Settings, before: Settings) => void,
): SettingsStore {
  return {
    get: () => store.get(),
    update(patch) {
      const before = store.get();
      const after = store.update(patch);
      onChange(after, before);
      return after;
    },
  };
}
