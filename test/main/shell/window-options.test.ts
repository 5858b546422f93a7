import { describe, expect, it } from 'vitest';
import {
  LEAVE_WITHOUT_SAVING,
  mainWindowOptions,
  UNSAVED_WORK_QUESTION,
} from '../../../src/main/shell/window-options';
import { RENDERER_CSP } from '../../../src/main/shell/csp';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    const prefs = mainWindowOptions('/app/preload.js').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });
});

describe('developer tools', () => {
  it('are closed to a production window and open to a development one', () => {
    expect(mainWindowOptions('/app/preload.js').webPreferences?.devTools).toBe(false);
    expect(
      mainWindowOptions('/app/preload.js', undefined, { devTools: true }).webPreferences?.devTools,
    ).toBe(true);
  });
});

describe('closing the window with unsaved work', () => {
  it('asks before leaving, and Escape or Enter keep the work (Stay)', () => {
    const { buttons = [], defaultId, cancelId } = UNSAVED_WORK_QUESTION;
    expect(buttons[LEAVE_WITHOUT_SAVING]).toBe('Leave without saving');
    expect(buttons[defaultId ?? -1]).toBe('Stay');
    expect(buttons[cancelId ?? -1]).toBe('Stay');
  });
});

describe('renderer CSP', () => {
  it('allows nothing remote and nothing inline', () => {
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("connect-src 'none'");
    expect(RENDERER_CSP).not.toContain('unsafe-inline');
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(RENDERER_CSP).not.toMatch(/https?:/);
  });

  it('is repeated in index.html so the policy holds even without the header', () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is not honoured in a meta tag, so the header alone carries it.
    expect(meta).toBe(RENDERER_CSP.replace("; frame-ancestors 'none'", ''));
  });
});
