import { describe, expect, it } from 'vitest';
import { contextMenuOptions } from '../../../src/main/shell/context-menu';

describe('the right-click menu', () => {
  it('offers copy, paste and select all, sends nothing elsewhere, and inspects only in development', () => {
    const production = contextMenuOptions(false);
    expect(production).toMatchObject({
      showSelectAll: true,
      showCopyLink: true,
      showSearchWithGoogle: false,
      showSaveImageAs: false,
      showSaveLinkAs: false,
      showInspectElement: false,
    });
    expect(contextMenuOptions(true).showInspectElement).toBe(true);
  });
});
