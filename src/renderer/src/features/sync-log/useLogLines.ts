import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncLogLine } from '../../../../shared/domain/runs';
import type { LogCount, LogFilter } from '../../../../shared/domain/sync-log';
import { call, describeError, errorText, subscribe } from '../../lib/api';

const PAGE = 300;
/** The renderer holds at most this many lines; older ones are reached by narrowing the time. */
export const MAX_LOADED = 50_000;

export interface LogLinesState {
  lines: SyncLogLine[];
  count: LogCount | null;
  loading: boolean;
  hasMore: boolean;
  /** More lines exist, but the renderer holds enough: narrow the filter to see them. */
  capped: boolean;
  error: string | null;
  /** Lines written since this list was loaded (live runs); `reload` shows them. */
  fresh: number;
  loadMore(): void;
  reload(): void;
}

interface Loaded {
  /** The filter and generation these lines belong to. */
  key: string;
  lines: SyncLogLine[];
  count: LogCount | null;
  nextBeforeId: number | null;
  error: string | null;
  fresh: number;
  loadingMore: boolean;
}

/**
 * The lines of the log view: pages of 300 from main, loaded as the list scrolls (never the whole
 * log), newest first. The list restarts when the filter changes; lines written meanwhile are
 * counted, not inserted, so the rows under the admin's eyes do not move. State is tagged with the
 * filter it belongs to, so a stale answer is never shown for a new filter.
 */
export function useLogLines(filter: LogFilter): LogLinesState {
  const [generation, setGeneration] = useState(0);
  const key = `${JSON.stringify(filter)}#${generation}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const inFlight = useRef(false);
  const current = loaded?.key === key ? loaded : null;

  useEffect(() => {
    let live = true;
    const parsed = JSON.parse(key.slice(0, key.lastIndexOf('#'))) as LogFilter;
    Promise.all([
      call('log:query', { filter: parsed, limit: PAGE }),
      call('log:count', { filter: parsed }),
    ]).then(
      ([page, total]) =>
        live &&
        setLoaded({
          key,
          lines: page.lines,
          count: total,
          nextBeforeId: page.nextBeforeId,
          error: null,
          fresh: 0,
          loadingMore: false,
        }),
      (caught: unknown) => {
        if (!live) return;
        setLoaded({
          key,
          lines: [],
          count: null,
          nextBeforeId: null,
          error: errorText(caught),
          fresh: 0,
          loadingMore: false,
        });
      },
    );
    // New lines while the list is open: counted (twice a second at most), shown on request.
    let pending = 0;
    let timer: number | null = null;
    const off = subscribe('sync:log', () => {
      pending++;
      timer ??= window.setTimeout(() => {
        timer = null;
        const add = pending;
        pending = 0;
        setLoaded((state) =>
          state && state.key === key ? { ...state, fresh: state.fresh + add } : state,
        );
      }, 500);
    });
    return () => {
      live = false;
      off();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [key]);

  const lines = current?.lines ?? [];
  const nextBeforeId = current?.nextBeforeId ?? null;
  const capped = lines.length >= MAX_LOADED && nextBeforeId !== null;

  const loadMore = useCallback(() => {
    if (!current || inFlight.current || current.nextBeforeId === null || capped) return;
    inFlight.current = true;
    const parsed = JSON.parse(key.slice(0, key.lastIndexOf('#'))) as LogFilter;
    setLoaded((state) => (state && state.key === key ? { ...state, loadingMore: true } : state));
    call('log:query', { filter: parsed, limit: PAGE, beforeId: current.nextBeforeId })
      .then(
        (page) =>
          setLoaded((state) =>
            state && state.key === key
              ? {
                  ...state,
                  lines: [...state.lines, ...page.lines],
                  nextBeforeId: page.nextBeforeId,
                  loadingMore: false,
                }
              : state,
          ),
        (caught: unknown) =>
          setLoaded((state) =>
            state && state.key === key
              ? { ...state, error: describeError(caught).message, loadingMore: false }
              : state,
          ),
      )
      .finally(() => {
        inFlight.current = false;
      });
  }, [current, key, capped]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  return {
    lines,
    count: current?.count ?? null,
    loading: current === null || current.loadingMore,
    hasMore: nextBeforeId !== null && !capped,
    capped,
    error: current?.error ?? null,
    fresh: current?.fresh ?? 0,
    loadMore,
    reload,
  };
}
