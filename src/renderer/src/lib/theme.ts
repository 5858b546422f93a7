import type { Theme } from '../../../shared/domain/settings';

/**
 * Puts the Settings choice on <html> (`data-theme`), which tokens.css turns into the colour
 * scheme: `light` or `dark` whatever the OS says, nothing for `system` (the OS decides through
 * `prefers-color-scheme`). In the app, Electron's nativeTheme already carries the choice to
 * `prefers-color-scheme`; the attribute makes the page agree from its first paint after settings
 * load, and in a plain browser.
 */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
