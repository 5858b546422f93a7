import { NAV_ITEMS } from './navigation';

/** What a keyboard shortcut does. */
export type ShortcutAction =
  { kind: 'page'; path: string } | { kind: 'search' } | { kind: 'sync' } | { kind: 'shortcuts' };

export interface Shortcut {
  /** The key after the modifier, as the panel shows it. */
  key: string;
  shift?: boolean;
  /** The desktop app's menu has the same key: there the menu answers it, not the page. */
  inMenu?: boolean;
  label: string;
  action: ShortcutAction;
}

/**
 * The console's own shortcuts, all with Cmd (macOS) or Ctrl (elsewhere), so none of them is
 * triggered by typing: the first nine pages by number, Settings with comma (as the menu has it),
 * the page's search, Sync now (as the menu has it) and this list.
 */
export const SHORTCUTS: Shortcut[] = [
  ...NAV_ITEMS.filter((item) => item.path !== '/settings').map((item, index) => ({
    key: String(index + 1),
    label: `Go to ${item.label}`,
    action: { kind: 'page' as const, path: item.path },
  })),
  { key: ',', inMenu: true, label: 'Go to Settings', action: { kind: 'page', path: '/settings' } },
  {
    key: 'F',
    label: 'Search: the page’s search field (elsewhere, the search of the ATS candidates)',
    action: { kind: 'search' },
  },
  {
    key: 'S',
    shift: true,
    inMenu: true,
    label: 'Sync now: every connection',
    action: { kind: 'sync' },
  },
  { key: '/', label: 'Show the keyboard shortcuts', action: { kind: 'shortcuts' } },
];

/** The parts of a keydown a shortcut looks at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The shortcut a key press means, if any: Cmd or Ctrl with the key, Shift only where listed. */
export function shortcutFor(press: KeyPress): Shortcut | null {
  if (!(press.ctrlKey || press.metaKey) || press.altKey) return null;
  // Shift+/ types "?" on most layouts: Cmd/Ctrl+? opens the list as well.
  const question = press.key === '?';
  const key = question ? '/' : press.key.length === 1 ? press.key.toUpperCase() : press.key;
  const shift = question ? false : press.shiftKey;
  return SHORTCUTS.find((item) => item.key === key && Boolean(item.shift) === shift) ?? null;
}

/**
 * In the desktop app (Electron names itself in the user agent) the menu owns the keys it shows,
 * so a press never runs twice; in a plain browser the page answers them.
 */
export function pageAnswers(shortcut: Shortcut, userAgent: string): boolean {
  return !(shortcut.inMenu && /\bElectron\//.test(userAgent));
}

/** How the panel writes the modifier: ⌘ on a Mac, Ctrl elsewhere. */
export function modifierLabel(platform: string): string {
  return /mac/i.test(platform) ? '⌘' : 'Ctrl';
}
