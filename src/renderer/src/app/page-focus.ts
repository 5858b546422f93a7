import { useEffect, useRef } from 'react';

const SEARCH_FIELD = '#main input[type="search"]';

/** Puts the focus on the page's heading (the `h1` in main), which a screen reader then reads. */
export function focusPageHeading(): boolean {
  const heading = document.querySelector<HTMLElement>('#main h1');
  if (!heading) return false;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus();
  return true;
}

/** Puts the focus in the page's search field, with its text selected; false when it has none. */
export function focusPageSearch(): boolean {
  const field = document.querySelector<HTMLInputElement>(SEARCH_FIELD);
  if (!field) return false;
  field.focus();
  field.select();
  return true;
}

/** What the next page shown takes the focus to: its heading, or its search field. */
let nextFocus: 'heading' | 'search' = 'heading';
export function focusSearchOnNextPage(): void {
  nextFocus = 'search';
}

/**
 * When the page changes (the route's path, not its filters), the focus moves to the new page's
 * heading, so the keyboard starts at the top of what is shown and a screen reader says where it
 * is. A page that draws its heading after loading gets it once the heading appears, and one that
 * replaces its heading while it loads (the focus falls back to the page's body) gets it again.
 */
export function usePageFocus(path: string): void {
  // The page the focus was last placed for: the first page shown keeps the browser's own start.
  const placedFor = useRef(path);
  useEffect(() => {
    if (placedFor.current === path) return;
    placedFor.current = path;
    const target = nextFocus;
    nextFocus = 'heading';
    const place = () => (target === 'search' ? focusPageSearch() : focusPageHeading());
    const lost = () => !document.activeElement || document.activeElement === document.body;
    place();
    const main = document.getElementById('main');
    if (!main) return;
    const observer = new MutationObserver(() => {
      if (lost()) place();
    });
    // A page that shows no search field after all (nothing to search yet) keeps the heading.
    const timer = window.setTimeout(() => {
      stop();
      if (target === 'search' && lost()) focusPageHeading();
    }, 2000);
    const stop = () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    observer.observe(main, { childList: true, subtree: true });
    return stop;
  }, [path]);
}
