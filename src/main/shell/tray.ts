import { Menu, nativeImage, Tray } from 'electron';
import type { ConsoleCore } from '../core/core';
import { TRAY_ICONS } from './tray-icon';
import {
  buildTrayMenuTemplate,
  trayStatusText,
  type TrayActions,
  type TrayStatus,
} from './tray-menu';

export interface BackgroundTrayOptions {
  core: ConsoleCore;
  appName: string;
  platform: NodeJS.Platform;
  actions: TrayActions;
  /** How a time reads in the menu ("14:05"). */
  time?: (iso: string) => string;
}

/**
 * The tray (menu-bar) icon shown while the app syncs with its window closed. Its menu says how the
 * last run went and is rebuilt whenever a run starts or ends.
 */
export class BackgroundTray {
  private tray: Tray | null = null;
  private stopListening: Array<() => void> = [];

  constructor(private readonly options: BackgroundTrayOptions) {}

  get visible(): boolean {
    return this.tray !== null;
  }

  show(): void {
    if (this.tray) return;
    const mac = this.options.platform === 'darwin';
    const icons = mac ? TRAY_ICONS.template : TRAY_ICONS.colour;
    const image = nativeImage.createFromDataURL(icons.x1);
    image.addRepresentation({ scaleFactor: 2, dataURL: icons.x2 });
    if (mac) image.setTemplateImage(true);
    this.tray = new Tray(image);
    // Windows and most Linux desktops open the window on a click; the menu is on right-click.
    this.tray.on('click', () => this.options.actions.open());
    const { events } = this.options.core.context;
    this.stopListening = [
      events.on('sync:schedule', () => void this.refresh()),
      events.on('sync:progress', (progress) => {
        if (progress.runFinished) void this.refresh();
      }),
    ];
    void this.refresh();
  }

  hide(): void {
    this.stopListening.forEach((stop) => stop());
    this.stopListening = [];
    this.tray?.destroy();
    this.tray = null;
  }

  async refresh(): Promise<void> {
    if (!this.tray) return;
    const text = trayStatusText(
      await this.status(),
      this.options.time ??
        ((iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
    );
    if (!this.tray || this.tray.isDestroyed()) return;
    this.tray.setToolTip(`${this.options.appName}: ${text}`);
    this.tray.setContextMenu(
      Menu.buildFromTemplate(
        buildTrayMenuTemplate(text, this.options.appName, this.options.actions),
      ),
    );
  }

  private async status(): Promise<TrayStatus> {
    const { core } = this.options;
    if (!core.context.db.open) return { running: [], lastRun: null };
    const connections = await core.handlers['connections:list'](undefined);
    const label = (id: string) => connections.find((c) => c.id === id)?.label ?? id;
    const [last] = await core.handlers['runs:list']({ limit: 1 });
    return {
      running: core.context.scheduler
        .status()
        .filter((schedule) => schedule.state === 'running')
        .map((schedule) => label(schedule.connectionId)),
      lastRun: last
        ? { label: label(last.connectionId), status: last.status, finishedAt: last.finishedAt }
        : null,
    };
  }
}
