import { create } from 'zustand';
import type { AppInfo } from '../../../shared/domain/app';
import type { ConnectionSummary } from '../../../shared/domain/connections';
import type { SyncRunSummary } from '../../../shared/domain/runs';
import type { Settings, SettingsPatch } from '../../../shared/domain/settings';
import { call, errorText, onStale } from '../lib/api';

interface AppState {
  info: AppInfo | null;
  settings: Settings | null;
  connections: ConnectionSummary[];
  recentRuns: SyncRunSummary[];
  online: boolean;
  /** A load failure worth showing at the top of the window. */
  loadError: string | null;
  loaded: boolean;
  refreshInfo(): Promise<void>;
  refreshSettings(): Promise<void>;
  refreshConnections(): Promise<void>;
  refreshRuns(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
}

export const useAppStore = create<AppState>((set) => {
  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      set({ loadError: errorText(error) });
    }
  };
  return {
    info: null,
    settings: null,
    connections: [],
    recentRuns: [],
    online: navigator.onLine,
    loadError: null,
    loaded: false,
    refreshInfo: () => guard(async () => set({ info: await call('app:get-info') })),
    refreshSettings: () => guard(async () => set({ settings: await call('settings:get') })),
    refreshConnections: () =>
      guard(async () => set({ connections: await call('connections:list'), loaded: true })),
    refreshRuns: () =>
      guard(async () => set({ recentRuns: await call('runs:list', { limit: 50 }) })),
    async updateSettings(patch) {
      const settings = await call('settings:update', patch);
      set({ settings });
      return settings;
    },
  };
});

let started = false;

/** Loads the first data and keeps the store in step with main's change events. */
export function startAppStore(): void {
  if (started) return;
  started = true;
  const state = useAppStore.getState();
  void Promise.all([
    state.refreshInfo(),
    state.refreshSettings(),
    state.refreshConnections(),
    state.refreshRuns(),
  ]);
  // Each slice reloads when a table behind the channel it reads from changes.
  onStale(['connections:list'], () => void useAppStore.getState().refreshConnections());
  onStale(['runs:list'], () => void useAppStore.getState().refreshRuns());
  // The window's view of the network pauses automatic syncs in main while offline.
  const report = (online: boolean) => {
    useAppStore.setState({ online });
    void call('schedule:report-online', { online }).catch(() => undefined);
  };
  window.addEventListener('online', () => report(true));
  window.addEventListener('offline', () => report(false));
  if (!navigator.onLine) report(false);
}
