/**
 * The window's colour scheme. Electron's `nativeTheme.themeSource` takes the Settings choice as
 * is ('system' follows the OS), and the page's `prefers-color-scheme` follows it. The window's
 * background (shown before the page paints) is the page's own background colour for each scheme,
 * `--color-bg` in src/renderer/src/styles/tokens.css (a test keeps the two equal).
 */
export const WINDOW_BACKGROUND = { light: '#f6f7fb', dark: '#0f1222' } as const;

export function windowBackgroundColor(dark: boolean): string {
  return dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}
