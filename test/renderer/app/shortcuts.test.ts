import { describe, expect, it } from 'vitest';
import { NAV_ITEMS } from '../../../src/renderer/src/app/navigation';
import {
  SHORTCUTS,
  modifierLabel,
  pageAnswers,
  shortcutFor,
  type KeyPress,
} from '../../../src/renderer/src/app/shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: true,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...extra,
});

describe('keyboard shortcuts', () => {
  it('reach every page: the first nine by number, Settings by comma', () => {
    const pages = SHORTCUTS.flatMap((item) =>
      item.action.kind === 'page' ? [item.action.path] : [],
    );
    expect(new Set(pages)).toEqual(new Set(NAV_ITEMS.map((item) => item.path)));
    expect(shortcutFor(press('1'))?.action).toEqual({ kind: 'page', path: '/connections' });
    expect(shortcutFor(press('7'))?.action).toEqual({ kind: 'page', path: '/log' });
    expect(shortcutFor(press(','))?.action).toEqual({ kind: 'page', path: '/settings' });
  });

  it('search with Cmd or Ctrl+F, sync with Cmd or Ctrl+Shift+S, and list themselves with Cmd or Ctrl+/', () => {
    expect(shortcutFor(press('f'))?.action).toEqual({ kind: 'search' });
    expect(shortcutFor(press('f', { ctrlKey: false, metaKey: true }))?.action).toEqual({
      kind: 'search',
    });
    expect(shortcutFor(press('S', { shiftKey: true }))?.action).toEqual({ kind: 'sync' });
    expect(shortcutFor(press('/'))?.action).toEqual({ kind: 'shortcuts' });
    expect(shortcutFor(press('?', { shiftKey: true }))?.action).toEqual({ kind: 'shortcuts' });
  });

  it('ignore plain typing, Alt combinations and a Shift the shortcut does not have', () => {
    expect(shortcutFor(press('1', { ctrlKey: false }))).toBeNull();
    expect(shortcutFor(press('f', { altKey: true }))).toBeNull();
    expect(shortcutFor(press('s'))).toBeNull();
    expect(shortcutFor(press('F', { shiftKey: true }))).toBeNull();
  });

  it('leave the keys the desktop app’s menu shows to the menu there, and answer them in a browser', () => {
    const electron = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0 Electron/45.4.1 Safari/537.36';
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0 Safari/537.36';
    const sync = shortcutFor(press('S', { shiftKey: true }))!;
    const settings = shortcutFor(press(','))!;
    const log = shortcutFor(press('7'))!;
    expect([sync, settings, log].map((item) => pageAnswers(item, electron))).toEqual([
      false,
      false,
      true,
    ]);
    expect([sync, settings, log].map((item) => pageAnswers(item, browser))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('name the modifier as the platform does', () => {
    expect(modifierLabel('MacIntel')).toBe('⌘');
    expect(modifierLabel('Win32')).toBe('Ctrl');
    expect(modifierLabel('Linux x86_64')).toBe('Ctrl');
  });
});
