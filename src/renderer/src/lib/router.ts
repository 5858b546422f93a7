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

/**
 * A page with unsaved work registers a guard. When the admin navigates away inside the app (a
 * link, Back), the guard may hold the navigation: the hash is put back and the guard gets a
 * `proceed` to call once the admin has decided to leave.
 */
export type NavigationGuard = (to: string, proceed: () => void) => boolean;

let guard: NavigationGuard | null = null;
let bypass = false;

export function setNavigationGuard(next: NavigationGuard): () => void {
  guard = next;
  bypass = false;
  return () => {
    if (guard === next) guard = null;
  };
}

// Closing or reloading the window with unsaved work: the page asks to stay. The Electron shell
// turns that into a "Leave / Stay" question (`will-prevent-unload`); a browser asks on its own.
window.addEventListener('beforeunload', (event) => {
  if (guard) event.preventDefault();
});

let current = read();
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  const target = window.location.hash;
  if (guard && !bypass) {
    const proceed = () => {
      bypass = true;
      window.location.hash = target;
    };
    const previous = `#${current.path}${current.params.size ? `?${current.params.toString()}` : ''}`;
    if (guard(target, proceed)) {
      // replaceState does not fire hashchange, so the held navigation simply never happened.
      window.history.replaceState(null, '', previous);
      return;
    }
  }
  bypass = false;
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
