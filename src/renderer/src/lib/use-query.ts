import { useEffect, useRef, useState } from 'react';
import { describeError, subscribe } from './api';

export interface Query<T> {
  data: T | null;
  error: { message: string; action?: string } | null;
  reload(): void;
}

/**
 * Loads something from main, again whenever `deps` change, and again whenever main reports a
 * change to one of `tables` (`db:changed`). The newest answer wins: a slow earlier load never
 * overwrites a later one.
 */
export function useQuery<T>(
  load: () => Promise<T>,
  tables: readonly string[],
  deps: readonly unknown[],
): Query<T> {
  const [state, setState] = useState<Pick<Query<T>, 'data' | 'error'>>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  const key = JSON.stringify(deps);
  const watched = tables.join(',');
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
          if (live && mine === generation)
            setState((current) => ({ ...current, error: describeError(caught) }));
        });
    };
    run();
    const names = watched.split(',');
    const off = subscribe('db:changed', ({ tables: changed }) => {
      if (changed.some((table) => names.includes(table))) run();
    });
    return () => {
      live = false;
      off();
    };
  }, [key, watched, tick]);
  return { ...state, reload: () => setTick((value) => value + 1) };
}
