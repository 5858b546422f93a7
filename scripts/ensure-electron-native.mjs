#!/usr/bin/env node
/**
 * `npm start` runs the app on Electron, whose Node ABI differs from the Node that runs `npm test`.
 * Instead of rebuilding better-sqlite3 in node_modules (which would break the tests), this builds
 * a second copy for Electron into native/electron-<version>-<platform>-<arch>/ and the app loads
 * it through better-sqlite3's `nativeBinding` option. Either order works from one checkout.
 *
 * Needs network the first time (Electron headers or a prebuilt binary); a no-op afterwards.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const targetDir = path.join(
  root,
  'native',
  `electron-${electronVersion}-${process.platform}-${process.arch}`,
);
const target = path.join(targetDir, 'better_sqlite3.node');

if (fs.existsSync(target)) process.exit(0);

const workDir = path.join(root, '.cache', `better-sqlite3-electron-${electronVersion}`);
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
  npm_config_target: electronVersion,
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
          electronVersion,
          '--arch',
          process.arch,
          '--platform',
          process.platform,
        ],
        { cwd: workDir, env, stdio: 'inherit' },
      ),
  ],
  [
    'build from source',
    () =>
      execFileSync(
        process.execPath,
        [
          findNodeGyp(),
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${electronVersion}`,
          '--dist-url=https://electronjs.org/headers',
        ],
        { cwd: workDir, env, stdio: 'inherit' },
      ),
  ],
];

let built = false;
for (const [label, attempt] of attempts) {
  try {
    console.log(`Preparing the database driver for Electron ${electronVersion} (${label})…`);
    attempt();
    built = fs.existsSync(path.join(workDir, 'build', 'Release', 'better_sqlite3.node'));
    if (built) break;
  } catch {
    // try the next way
  }
}

if (!built) {
  console.error(
    `Could not prepare better-sqlite3 for Electron ${electronVersion}. The first \`npm start\` needs network access to fetch Electron's headers or a prebuilt binary; connect and run it again.`,
  );
  process.exit(1);
}
fs.mkdirSync(targetDir, { recursive: true });
fs.copyFileSync(path.join(workDir, 'build', 'Release', 'better_sqlite3.node'), target);
console.log(`Database driver for Electron ready: ${path.relative(root, target)}`);

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
