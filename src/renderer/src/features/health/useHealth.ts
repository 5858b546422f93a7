import { useEffect, useState } from 'react';
import type { ConnectionHealth } from '../../../../shared/domain/health';
import { call, errorText, onStale, subscribe } from '../../lib/api';

/**
 * Every connection's health, refetched (at most once a second) when runs, sync state or
 * connections change, when the schedule changes, and each half minute for the usage chart.
 */
export function useHealth(): { health: ConnectionHealth[] | null; error: string | null } {
  const [health, setHealth] = useState<ConnectionHealth[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let timer: number | null = null;
    let last = 0;
    const load = () => {
      last = Date.now();
      call('health:list')
        .then((value) => {
          if (!live) return;
          setHealth(value);
          setError(null);
        })
        .catch((caught: unknown) => {
          if (!live) return;
          setError(errorText(caught));
        });
    };
    const soon = () => {
      if (timer !== null) return;
      timer = window.setTimeout(
        () => {
          timer = null;
          load();
        },
        Math.max(0, 1000 - (Date.now() - last)),
      );
    };
    load();
    const offs = [onStale(['health:list'], soon), subscribe('sync:schedule', soon)];
    const tick = window.setInterval(soon, 30_000);
    return () => {
      live = false;
      offs.forEach((off) => off());
      window.clearInterval(tick);
      if (timer !== null) window.clearTimeout(timer);
    };
  }, []);
  return { health, error };
}
