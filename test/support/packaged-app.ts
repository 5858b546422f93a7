import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

/**
 * Packs the app for real with electron-builder, as `npm run dist:linux` would but into the `dir`
 * target (the unpacked app, no installer), from a copy of the checkout made by the real build.
 * Two things a sandbox without network cannot have are stood in for:
 *  - Electron's binary: a shell script carrying Electron's fuse wire (so electron-builder flips the
 *    fuses in it as in the real one) that runs its arguments on Node when started in Node mode;
 *  - better-sqlite3 built for Electron: the Node build, which that stand-in can load.
 */
const run = promisify(execFile);
export const STAND_IN_ELECTRON_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;

/** Electron's fuse wire: a sentinel, the wire version, its length, then one byte per fuse. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in @electron/fuses' order (runAsNode first). */
const DEFAULT_FUSES = '10110001';

export interface PackedApp {
  /** dist/linux-unpacked: the executable and resources/. */
  appOutDir: string;
  resourcesDir: string;
  /** The project the packing ran in (its package.json, configuration and build output). */
  projectDir: string;
  log: string;
}

function standInElectron(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const script = [
    '#!/bin/sh',
    '# Stands in for Electron: runs its arguments on Node when started in Node mode.',
    '[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "started without ELECTRON_RUN_AS_NODE=1" >&2; exit 97; }',
    `exec "${process.execPath}" --import "data:text/javascript,process.versions.electron='${STAND_IN_ELECTRON_VERSION}'" "$@"`,
    '# ',
  ].join('\n');
  fs.writeFileSync(
    path.join(dir, 'electron'),
    Buffer.concat([
      Buffer.from(script),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, DEFAULT_FUSES.length]),
      Buffer.from(`${DEFAULT_FUSES}\n`),
    ]),
    { mode: 0o755 },
  );
}

/** The fuse wire of a packed binary: '1' on, '0' off, in @electron/fuses' order. */
export function fuseWire(binary: string): string {
  const bytes = fs.readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const length = bytes[at + 1] ?? 0;
  return bytes.subarray(at + 2, at + 2 + length).toString('latin1');
}

export async function packApp(workDir: string): Promise<PackedApp> {
  const projectDir = path.join(workDir, 'project');
  fs.mkdirSync(projectDir, { recursive: true });
  for (const entry of ['package.json', 'electron-builder.yml', 'scripts', 'resources']) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(projectDir, entry), { recursive: true });
  }
  fs.symlinkSync(
    fs.realpathSync(path.join(REPO_ROOT, 'node_modules')),
    path.join(projectDir, 'node_modules'),
    'junction',
  );

  // The build, as `npm run build` makes it, into the copy.
  const node = (args: string[], cwd = REPO_ROOT) =>
    run(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  await node([
    path.join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
    'build',
    '--outDir',
    path.join(projectDir, 'out'),
  ]);
  await node([
    'scripts/build-cli.mjs',
    '--out',
    path.join(projectDir, 'out', 'cli', 'kula-console.cjs'),
  ]);
  await node(['scripts/make-icons.mjs', '--out', path.join(projectDir, 'build')]);

  const driverDir = path.join(
    projectDir,
    'native',
    `electron-${STAND_IN_ELECTRON_VERSION}-linux-x64`,
  );
  fs.mkdirSync(driverDir, { recursive: true });
  fs.copyFileSync(
    path.join(
      REPO_ROOT,
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    ),
    path.join(driverDir, 'better_sqlite3.node'),
  );
  const electronDist = path.join(workDir, 'electron-dist');
  standInElectron(electronDist);

  const { stdout, stderr } = await node(
    [
      path.join(REPO_ROOT, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      // The release workflow finds these in the git remote; the copy has none.
      '-c.publish.owner=kula-example',
      '-c.publish.repo=ats-console',
    ],
    projectDir,
  );
  const appOutDir = path.join(projectDir, 'dist', 'linux-unpacked');
  return {
    appOutDir,
    resourcesDir: path.join(appOutDir, 'resources'),
    projectDir,
    log: stdout + stderr,
  };
}
