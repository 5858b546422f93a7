import path from 'node:path';

/**
 * Where the app finds its own files, in a source checkout and in an installed app. The build
 * writes main, preload, renderer and the CLI bundle under `out/` (electron.vite.config.ts and
 * scripts/build-cli.mjs). The installer packs that tree into `resources/app.asar` but leaves three
 * things as plain files in `resources/app.asar.unpacked/` (electron-builder.yml): the SQLite driver
 * built for Electron (`native/`), since a native library cannot be loaded from inside an archive;
 * better-sqlite3's package, which loads it; and the CLI bundle, which the `kula-console` launcher
 * runs by path. Migrations are code in the main bundle, never files.
 */
export const DRIVER_FILE = 'better_sqlite3.node';

export interface AppRuntime {
  /** `app.isPackaged` in the shell; for the CLI, whether its bundle runs from an app archive. */
  packaged: boolean;
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
}

export interface AppFiles {
  preload: string;
  rendererDir: string;
  cliBundle: string;
  /** better-sqlite3 built for Electron's ABI; in a checkout it exists once `npm start` made it. */
  driver: string;
  /** The `kula-console` command an admin puts on the PATH (installed: `resources/bin/`). */
  cliLauncher: string;
}

/** `appPath` is `app.getAppPath()`: the checkout, or `<resources>/app.asar` once installed. */
export function appFiles(appPath: string, runtime: AppRuntime): AppFiles {
  const plainFiles = runtime.packaged ? unpackedRoot(appPath) : appPath;
  return {
    preload: path.join(appPath, 'out', 'preload', 'index.js'),
    rendererDir: path.join(appPath, 'out', 'renderer'),
    cliBundle: path.join(plainFiles, 'out', 'cli', 'kula-console.cjs'),
    driver: runtime.packaged
      ? path.join(plainFiles, 'native', DRIVER_FILE)
      : path.join(
          appPath,
          'native',
          `electron-${runtime.electronVersion}-${runtime.platform}-${runtime.arch}`,
          DRIVER_FILE,
        ),
    cliLauncher: runtime.packaged
      ? path.join(
          path.dirname(appPath),
          'bin',
          runtime.platform === 'win32' ? 'kula-console.cmd' : 'kula-console',
        )
      : path.join(appPath, 'bin', 'kula-console.cjs'),
  };
}

/** Files the installer leaves out of the archive sit in a folder of the same name plus `.unpacked`. */
function unpackedRoot(appPath: string): string {
  return appPath.endsWith('.asar') ? `${appPath}.unpacked` : appPath;
}

/**
 * The driver for a CLI bundle that runs on the app's own binary (`ELECTRON_RUN_AS_NODE`, as the
 * installed `kula-console` launcher does): Electron's ABI needs Electron's build. On plain Node,
 * `undefined`: node_modules holds the build for Node.
 */
export function cliDriver(
  bundleDir: string,
  versions: NodeJS.ProcessVersions,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | undefined {
  const electronVersion = versions.electron;
  if (!electronVersion) return undefined;
  // out/cli inside the checkout, or inside app.asar.unpacked once installed.
  const appPath = path.resolve(bundleDir, '..', '..');
  return appFiles(appPath, {
    packaged: /\.asar(\.unpacked)?$/.test(appPath),
    electronVersion,
    platform,
    arch,
  }).driver;
}
