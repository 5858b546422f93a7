import { useSyncExternalStore } from 'react';

/**
 * A hash router: `#/connections`, `#/log?level=error`. Hash changes stay inside the page, so the
 * main process's navigation guard never has to allow anything.
 */
export interface Route {
  path: string;
  params: URLSearchParams;
}

const HOME = '/connections';

/** The route a location hash names; an empty hash is the Connections page. */
export function parseRoute(hash: string): Route {
  const [path = HOME, query = ''] = (hash.replace(/^#/, '') || HOME).split('?');
  return { path, params: new URLSearchParams(query) };
}

/** The location hash of a route: its path, then its parameters if it has any. */
export function routeHash(route: Route): string {
  return `#${route.path}${route.params.size ? `?${route.params.toString()}` : ''}`;
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

let current = parseRoute(window.location.hash);
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  const target = window.location.hash;
  if (guard && !bypass) {
    const proceed = () => {
      bypass = true;
      window.location.hash = target;
    };
    if (guard(target, proceed)) {
      // replaceState does not fire hashchange, so the held navigation simply never happened.
      window.history.replaceState(null, '', routeHash(current));
      return;
    }
  }
  bypass = false;
  current = parseRoute(window.location.hash);
  listeners.forEach((listener) => listener());
});

/** The route shown now. */
export function currentRoute(): Route {
  return current;
}

/** Calls `listener` after every navigation that was not held; returns how to stop. */
export function onRouteChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(onRouteChange, currentRoute);
}

export function navigate(path: string, params?: Record<string, string>): void {
  const query = params ? new URLSearchParams(params).toString() : '';
  window.location.hash = query ? `${path}?${query}` : path;
}
