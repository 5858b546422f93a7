import { Menu } from 'electron';
import { buildAppMenuTemplate, type AppMenuActions, type AppMenuContext } from './app-menu';

/** Replaces Electron's default menu (its Help goes to electronjs.org) with the app's own. */
export function installAppMenu(context: AppMenuContext, actions: AppMenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenuTemplate(context, actions)));
}
