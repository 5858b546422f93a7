import { useSyncExternalStore } from 'react';

/**
 * A hash router: `#/connections`, `#/log?level=error`. Hash changes stay inside the page, so the
 * main process's navigation guard never has to allow anything.
 */
export interface Route {
  path: string;
  params: URLSearchParams;
}

function read(): Route {
  const hash = window.location.hash.replace(/^#/, '') || '/connections';
  const [path = '/connections', query = ''] = hash.split('?');
  return { path, params: new URLSearchParams(query) };
}

let current = read();
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  current = read();
  listeners.forEach((listener) => listener());
});

export function useRoute(): Route {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

export function navigate(path: string, params?: Record<string, string>): void {
  const query = params ? new URLSearchParams(params).toString() : '';
  window.location.hash = query ? `${path}?${query}` : path;
}
