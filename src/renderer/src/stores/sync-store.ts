import { create } from 'zustand';
import type { RunStatus, SyncProgress } from '../../../shared/domain/runs';
import type { ConnectionSchedule } from '../../../shared/domain/schedule';
import { call, subscribe } from '../lib/api';

/**
 * Live sync progress per connection, from `sync:progress` events: the resource being read and
 * every resource seen so far in the current run. The wizard's import step, the Connections page
 * and the status bar read it.
 */
export interface RunProgress {
  runId: number;
  /** Per resource name, its latest event. */
  resources: Record<string, SyncProgress>;
  order: string[];
  current: string | null;
  /** The resource of the most recent event (several are read at once). */
  latest: string | null;
  resourceCount: number | null;
  finished: boolean;
  status: RunStatus | null;
}

interface SyncState {
  runs: Record<string, RunProgress>;
  /** Each connection's schedule (next automatic sync, paused and why), from main. */
  schedules: Record<string, ConnectionSchedule>;
  apply(event: SyncProgress): void;
  setSchedules(list: ConnectionSchedule[]): void;
  forget(connectionId: string): void;
}

export const useSyncStore = create<SyncState>((set) => ({
  runs: {},
  schedules: {},
  setSchedules: (list) =>
    set({
      schedules: Object.fromEntries(list.map((schedule) => [schedule.connectionId, schedule])),
    }),
  apply: (event) =>
    set((state) => {
      const previous = state.runs[event.connectionId];
      const run: RunProgress =
        previous && previous.runId === event.runId
          ? { ...previous, resources: { ...previous.resources } }
          : {
              runId: event.runId,
              resources: {},
              order: [],
              current: null,
              latest: null,
              resourceCount: null,
              finished: false,
              status: null,
            };
      if (event.runFinished) {
        run.finished = true;
        run.status = event.status ?? null;
        run.current = null;
      } else if (event.resource) {
        if (!run.order.includes(event.resource)) run.order = [...run.order, event.resource];
        run.resources[event.resource] = event;
        run.latest = event.resource;
        run.current = event.finished
          ? (Object.values(run.resources).find((other) => !other.finished)?.resource ?? null)
          : event.resource;
        run.resourceCount = event.resourceCount ?? run.resourceCount;
      }
      return { runs: { ...state.runs, [event.connectionId]: run } };
    }),
  forget: (connectionId) =>
    set((state) => {
      const runs = { ...state.runs };
      delete runs[connectionId];
      return { runs };
    }),
}));

let started = false;

export function startSyncStore(): void {
  if (started) return;
  started = true;
  subscribe('sync:progress', (event) => useSyncStore.getState().apply(event));
  subscribe('sync:schedule', (list) => useSyncStore.getState().setSchedules(list));
  // A window opened while a sync runs picks up its progress (main remembers the latest event).
  void call('schedule:list').then(
    (list) => {
      const store = useSyncStore.getState();
      store.setSchedules(list);
      for (const schedule of list) {
        if (schedule.progress && !store.runs[schedule.connectionId]) store.apply(schedule.progress);
      }
    },
    () => undefined,
  );
}

export function isRunning(run: RunProgress | undefined): boolean {
  return run !== undefined && !run.finished;
}
