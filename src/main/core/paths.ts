import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Kula ATS Console';

/**
 * The data directory the app and the CLI share by default: the platform's per-user application
 * data folder, the same folder Electron's `userData` points at. `KULA_DATA_DIR` overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KULA_DATA_DIR) return path.resolve(env.KULA_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
  }
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'console.sqlite');
}

export function logDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}
