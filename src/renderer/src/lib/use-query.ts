import { useEffect, useRef, useState } from 'react';
import type { ReadChannel } from '../../../shared/ipc/tables';
import { onStale } from './api';

export interface Query<T> {
  data: T | null;
  /** What the last load threw (show it with `ErrorBanner`); null after a load succeeds. */
  error: unknown;
  reload(): void;
}

/**
 * Loads something from main, again whenever `deps` change, and again whenever main changes a table
 * behind the answer of one of `reads`, the read channels `load` calls. The newest answer wins: a
 * slow earlier load never overwrites a later one.
 */
export function useQuery<T>(
  load: () => Promise<T>,
  reads: readonly ReadChannel[],
  deps: readonly unknown[],
): Query<T> {
  const [state, setState] = useState<Pick<Query<T>, 'data' | 'error'>>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  const channels = useRef(reads);
  useEffect(() => {
    loader.current = load;
    channels.current = reads;
  });
  const key = JSON.stringify(deps);
  const watched = reads.join(',');
  useEffect(() => {
    let live = true;
    let generation = 0;
    const run = () => {
      const mine = ++generation;
      loader
        .current()
        .then((data) => {
          if (live && mine === generation) setState({ data, error: null });
        })
        .catch((caught: unknown) => {
          if (live && mine === generation) setState((current) => ({ ...current, error: caught }));
        });
    };
    run();
    const off = onStale(channels.current, run);
    return () => {
      live = false;
      off();
    };
  }, [key, watched, tick]);
  return { ...state, reload: () => setTick((value) => value + 1) };
}
