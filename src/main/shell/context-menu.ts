import type { Options } from 'electron-context-menu';

/**
 * The right-click menu of every window (electron-context-menu): cut, copy, paste and select all
 * in fields, copy on selected text and links. Nothing that sends text elsewhere (no "Search with
 * Google") or saves files; Inspect Element only in development builds.
 */
export function contextMenuOptions(isDev: boolean): Options {
  return {
    showSelectAll: true,
    showCopyLink: true,
    showLookUpSelection: true,
    showSearchWithGoogle: false,
    showLearnSpelling: false,
    showCopyImage: false,
    showCopyImageAddress: false,
    showSaveImage: false,
    showSaveImageAs: false,
    showCopyVideoAddress: false,
    showSaveVideo: false,
    showSaveVideoAs: false,
    showSaveLinkAs: false,
    showServices: false,
    showInspectElement: isDev,
  };
}
