import fs from 'node:fs';
import path from 'node:path';

/**
 * Where `npm start` puts better-sqlite3 built for Electron's ABI (scripts/ensure-electron-native.mjs).
 * node_modules keeps the Node build, so `npm test` and the app work from one checkout in either
 * order.
 */
export function electronNativeBindingPath(appRoot: string, electronVersion: string): string {
  return path.join(
    appRoot,
    'native',
    `electron-${electronVersion}-${process.platform}-${process.arch}`,
    'better_sqlite3.node',
  );
}

export function findElectronNativeBinding(
  appRoot: string,
  electronVersion: string,
): string | undefined {
  const candidate = electronNativeBindingPath(appRoot, electronVersion);
  return fs.existsSync(candidate) ? candidate : undefined;
}
