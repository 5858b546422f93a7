import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertConnection } from '../../../src/main/core/db/repos/connections';
import { finishRun, startRun } from '../../../src/main/core/db/repos/sync-runs';
import { openTestCore } from '../../support/core';

/**
 * The application menu and the tray wired to a stand-in for Electron (the one edge that cannot
 * run here): what the shell hands to Electron must be the menus the templates describe, and each
 * item must reach its handler.
 */
const electron = vi.hoisted(() => ({
  applicationMenu: undefined as undefined | { template: MenuItemConstructorOptions[] },
  trays: [] as Array<{
    image: { dataURL: string; template: boolean; representations: unknown[] };
    tooltip: string;
    menu: { template: MenuItemConstructorOptions[] } | undefined;
    destroyed: boolean;
    emit(event: string): void;
  }>,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeTray extends Emitter {
    tooltip = '';
    menu: { template: MenuItemConstructorOptions[] } | undefined;
    destroyed = false;
    constructor(
      readonly image: { dataURL: string; template: boolean; representations: unknown[] },
    ) {
      super();
      electron.trays.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: { template: MenuItemConstructorOptions[] }) {
      this.menu = menu;
    }
    destroy() {
      this.destroyed = true;
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  return {
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
      setApplicationMenu: (menu: { template: MenuItemConstructorOptions[] }) => {
        electron.applicationMenu = menu;
      },
    },
    Tray: FakeTray,
    nativeImage: {
      createFromDataURL: (dataURL: string) => ({
        dataURL,
        template: false,
        representations: [] as unknown[],
        addRepresentation(representation: unknown) {
          this.representations.push(representation);
        },
        setTemplateImage(value: boolean) {
          this.template = value;
        },
      }),
    },
  };
});

const { installAppMenu } = await import('../../../src/main/shell/menu');
const { flattenMenu } = await import('../../../src/main/shell/app-menu');
const { BackgroundTray } = await import('../../../src/main/shell/tray');

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  electron.trays.length = 0;
  await cleanup?.();
  cleanup = undefined;
});

const click = (items: MenuItemConstructorOptions[], id: string) =>
  (items.find((item) => item.id === id)?.click as () => void)();

describe('installAppMenu', () => {
  it('replaces Electron’s default menu with the app’s, whose items reach their handlers', () => {
    const actions = {
      syncNow: vi.fn(),
      openSettings: vi.fn(),
      openLogsFolder: vi.fn(),
      saveDiagnostics: vi.fn(),
      checkForUpdates: vi.fn(),
      showAbout: vi.fn(),
      showKeyboardShortcuts: vi.fn(),
    };
    installAppMenu({ platform: 'win32', isDev: false, appName: 'Kula ATS Console' }, actions);
    const items = flattenMenu(electron.applicationMenu?.template ?? []);
    expect(items.length).toBeGreaterThan(20);
    click(items, 'save-diagnostics');
    click(items, 'open-logs-folder');
    click(items, 'sync-now');
    expect(actions.saveDiagnostics).toHaveBeenCalledTimes(1);
    expect(actions.openLogsFolder).toHaveBeenCalledTimes(1);
    expect(actions.syncNow).toHaveBeenCalledTimes(1);
    const roles = items.map((item) => item.role);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
  });
});

describe('BackgroundTray', () => {
  function setup(platform: NodeJS.Platform) {
    const test = openTestCore();
    cleanup = test.cleanup;
    const actions = { syncNow: vi.fn(), open: vi.fn(), quit: vi.fn() };
    const tray = new BackgroundTray({
      core: test.core,
      appName: 'Kula ATS Console',
      platform,
      actions,
      time: (iso) => iso.slice(11, 16),
    });
    return { tray, actions, core: test.core };
  }

  it('shows an icon whose menu says the last run, with Sync now, Open and Quit', async () => {
    const { tray, actions, core } = setup('linux');
    const { db } = core.context;
    insertConnection(db, {
      id: 'lever-1',
      provider: 'lever',
      label: 'Acme Lever',
      baseUrl: 'https://api.lever.co/v1',
      authMode: 'api_key',
      now: '2026-01-05T09:00:00Z',
    });
    const runId = startRun(db, {
      connectionId: 'lever-1',
      trigger: 'scheduled',
      mode: 'incremental',
      now: '2026-01-05T09:00:00Z',
    });
    finishRun(db, runId, { status: 'succeeded', now: '2026-01-05T09:01:00Z' });

    tray.show();
    const [icon] = electron.trays;
    await vi.waitFor(() => expect(icon?.menu).toBeDefined());
    expect(icon?.image.template).toBe(false);
    expect(icon?.image.representations).toHaveLength(1);
    const items = icon!.menu!.template;
    expect(items[0]).toMatchObject({
      label: 'Last sync of Acme Lever succeeded at 09:01',
      enabled: false,
    });
    expect(icon?.tooltip).toBe('Kula ATS Console: Last sync of Acme Lever succeeded at 09:01');
    click(items, 'sync-now');
    click(items, 'open');
    click(items, 'quit');
    expect(actions.syncNow).toHaveBeenCalledTimes(1);
    expect(actions.open).toHaveBeenCalledTimes(1);
    expect(actions.quit).toHaveBeenCalledTimes(1);
    icon!.emit('click');
    expect(actions.open).toHaveBeenCalledTimes(2);

    // A run ends: the menu says so.
    const failed = startRun(db, {
      connectionId: 'lever-1',
      trigger: 'scheduled',
      mode: 'incremental',
      now: '2026-01-05T09:30:00Z',
    });
    finishRun(db, failed, { status: 'failed', now: '2026-01-05T09:31:00Z' });
    core.context.events.emit('sync:progress', {
      connectionId: 'lever-1',
      runId: failed,
      phase: 'done',
      done: 0,
      total: null,
      ratePerSecond: null,
      etaSeconds: null,
      finished: true,
      runFinished: true,
    });
    await vi.waitFor(() =>
      expect(icon?.menu?.template[0]?.label).toBe('Last sync of Acme Lever failed at 09:31'),
    );

    tray.hide();
    expect(icon?.destroyed).toBe(true);
    expect(tray.visible).toBe(false);
  });

  it('uses a template image in the macOS menu bar, and one icon however often it is shown', () => {
    const { tray } = setup('darwin');
    tray.show();
    tray.show();
    expect(electron.trays).toHaveLength(1);
    expect(electron.trays[0]?.image.template).toBe(true);
    tray.hide();
  });
});
