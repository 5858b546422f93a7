import fs from 'node:fs';
import { appFiles, type AppRuntime } from '../core/app-files';

/**
 * better-sqlite3 built for Electron's ABI: in an installed app, the copy the installer unpacked
 * beside the archive; in a checkout, the one `npm start` built into native/
 * (scripts/ensure-electron-native.mjs). node_modules keeps the build for Node, so `npm test` and
 * the app work from one checkout in either order. `undefined` when it is not there.
 */
export function findElectronNativeBinding(
  appPath: string,
  runtime: AppRuntime,
): string | undefined {
  const driver = appFiles(appPath, runtime).driver;
  return fs.existsSync(driver) ? driver : undefined;
}
