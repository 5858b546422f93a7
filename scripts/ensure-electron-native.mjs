#!/usr/bin/env node
/**
 * The app runs on Electron, whose Node ABI differs from the Node that runs `npm test`. Instead of
 * rebuilding better-sqlite3 in node_modules (which would break the tests), this builds a second
 * copy for Electron into native/electron-<version>-<platform>-<arch>/ and the app loads it through
 * better-sqlite3's `nativeBinding` option. Either order works from one checkout.
 *
 * `npm start` runs it for this machine; packaging runs it for each target architecture
 * (scripts/packaging/before-pack.mjs). Needs network the first time (a prebuilt binary for
 * Electron, or Electron's headers to build one); a no-op once the file exists.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function electronVersion() {
  return require('electron/package.json').version;
}

export function electronDriverPath(root, platform, arch) {
  return path.join(
    root,
    'native',
    `electron-${electronVersion()}-${platform}-${arch}`,
    'better_sqlite3.node',
  );
}

/**
 * Makes sure native/electron-<version>-<platform>-<arch>/better_sqlite3.node exists under `root`
 * and returns its path; throws with what to do when it cannot be made.
 */
export function ensureElectronNative({
  root = REPO_ROOT,
  platform = process.platform,
  arch = process.arch,
} = {}) {
  const version = electronVersion();
  const target = electronDriverPath(root, platform, arch);
  if (fs.existsSync(target)) return target;

  const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  const workDir = path.join(
    root,
    '.cache',
    `better-sqlite3-electron-${version}-${platform}-${arch}`,
  );
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(sqliteDir, workDir, {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(sqliteDir, 'build')),
  });

  // The machine-wide npm config may point node-gyp at Node's headers; Electron needs its own.
  const env = {
    ...process.env,
    npm_config_nodedir: '',
    npm_config_runtime: 'electron',
    npm_config_target: version,
    npm_config_disturl: 'https://electronjs.org/headers',
  };
  const attempts = [
    [
      'prebuilt binary',
      () =>
        execFileSync(
          process.execPath,
          [
            require.resolve('prebuild-install/bin.js'),
            '--runtime',
            'electron',
            '--target',
            version,
            '--arch',
            arch,
            '--platform',
            platform,
          ],
          { cwd: workDir, env, stdio: 'inherit' },
        ),
    ],
  ];
  // A compiler builds only for the operating system it runs on (any architecture it targets).
  if (platform === process.platform) {
    attempts.push([
      'build from source',
      () =>
        execFileSync(
          process.execPath,
          [
            findNodeGyp(),
            'rebuild',
            '--release',
            '--runtime=electron',
            `--target=${version}`,
            `--arch=${arch}`,
            '--dist-url=https://electronjs.org/headers',
          ],
          { cwd: workDir, env, stdio: 'inherit' },
        ),
    ]);
  }

  let built = false;
  for (const [label, attempt] of attempts) {
    try {
      console.log(
        `Preparing the database driver for Electron ${version} on ${platform}-${arch} (${label})…`,
      );
      attempt();
      built = fs.existsSync(path.join(workDir, 'build', 'Release', 'better_sqlite3.node'));
      if (built) break;
    } catch {
      // try the next way
    }
  }
  if (!built) {
    throw new Error(
      `Could not prepare better-sqlite3 for Electron ${version} on ${platform}-${arch}. This needs network access the first time, to fetch a prebuilt binary or Electron's headers; connect and run it again.`,
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(workDir, 'build', 'Release', 'better_sqlite3.node'), target);
  console.log(`Database driver for Electron ready: ${path.relative(root, target)}`);
  return target;
}

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ].filter(Boolean);
  for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
  return require.resolve('node-gyp/bin/node-gyp.js');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureElectronNative();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
