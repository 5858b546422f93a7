import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFiles, type AppFiles } from '../../src/main/core/app-files';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { APP_DIR_NAME } from '../../src/main/core/paths';
import {
  fuseWire,
  packApp,
  STAND_IN_ELECTRON_VERSION,
  type PackedApp,
} from '../support/packaged-app';
import { makeTempDir } from '../support/temp-dir';

/**
 * The installed app's layout, checked on an app electron-builder really packed from this
 * checkout's configuration and build: every file the app loads is where the app looks for it.
 */
const run = promisify(execFile);
const temp = makeTempDir('kula-packaged-');
let packed: PackedApp;
let archive: string;
let files: AppFiles;
let archived: Set<string>;

beforeAll(async () => {
  packed = await packApp(temp.dir);
  archive = path.join(packed.resourcesDir, 'app.asar');
  archived = new Set(
    listPackage(archive, { isPack: false }).map((entry) => entry.replace(/\\/g, '/')),
  );
  // What the shell computes from app.getAppPath() once installed (app.isPackaged).
  files = appFiles(archive, {
    packaged: true,
    electronVersion: STAND_IN_ELECTRON_VERSION,
    platform: 'linux',
    arch: 'x64',
  });
}, 600_000);

afterAll(() => temp.cleanup());

/** The path of `file` inside the archive, or `undefined` when it is not inside it. */
function inArchive(file: string): string | undefined {
  const relative = path.relative(archive, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return `/${relative.split(path.sep).join('/')}`;
}

/** Unpacked files are plain files on disk, and the archive marks them so Electron redirects to them. */
function expectUnpacked(file: string) {
  expect(fs.existsSync(file), file).toBe(true);
  const inside = path.relative(`${archive}.unpacked`, file);
  expect(inside.startsWith('..'), `${file} is not beside the archive`).toBe(false);
  expect(statFile(archive, inside)).toMatchObject({ unpacked: true });
}

describe('the packed app', () => {
  it('starts main from the archive, as package.json says', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(packed.projectDir, 'package.json'), 'utf8'),
    );
    expect(archived.has(`/${path.posix.normalize(manifest.main)}`)).toBe(true);
    expect(archived.has('/package.json')).toBe(true);
  });

  it('finds its preload and its renderer, and every asset the renderer page loads', () => {
    expect(archived.has(inArchive(files.preload) ?? 'outside the archive')).toBe(true);
    const rendererDir = inArchive(files.rendererDir);
    expect(archived.has(`${rendererDir}/index.html`)).toBe(true);
    const page = fs
      .readFileSync(path.join(packed.projectDir, 'out', 'renderer', 'index.html'), 'utf8')
      .toString();
    const assets = [...page.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets) expect(archived.has(`${rendererDir}/${asset}`), asset).toBe(true);
  });

  it('finds the SQLite driver built for Electron as a plain file beside the archive', () => {
    expect(files.driver).toBe(
      path.join(packed.resourcesDir, 'app.asar.unpacked', 'native', 'better_sqlite3.node'),
    );
    expectUnpacked(files.driver);
    // The package that loads it comes out of the archive with it.
    expectUnpacked(
      path.join(
        packed.resourcesDir,
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'lib',
        'index.js',
      ),
    );
  });

  it("ships no copy of the driver built for Node's ABI, and no sources or source maps", () => {
    const everything = [
      ...archived,
      ...listRelative(path.join(packed.resourcesDir, 'app.asar.unpacked')).map(
        (file) => `/${file}`,
      ),
    ];
    const strays = everything.filter(
      (entry) =>
        /node_modules\/better-sqlite3\/(build|deps|src)\//.test(entry) ||
        entry.startsWith('/src/') ||
        entry.startsWith('/test/') ||
        /^\/out\/.*\.map$/.test(entry) ||
        (/\.node$/.test(entry) && entry !== '/native/better_sqlite3.node'),
    );
    expect(strays).toEqual([]);
  });

  it('carries every migration inside the main bundle and the CLI bundle (no migration files)', () => {
    const main = extractFile(archive, path.join('out', 'main', 'index.js')).toString('utf8');
    const cli = fs.readFileSync(files.cliBundle, 'utf8');
    for (const migration of MIGRATIONS) {
      expect(main, migration.name).toContain(migration.name);
      expect(cli, migration.name).toContain(migration.name);
    }
    const migrationFiles = [...archived].filter(
      (entry) => !entry.startsWith('/node_modules/') && /migrations?\//.test(entry),
    );
    expect(migrationFiles).toEqual([]);
  });

  // The launcher and the stand-in binary are shell scripts.
  it.skipIf(process.platform === 'win32')(
    'installs a kula-console launcher that runs the CLI on the app binary, with the Electron driver',
    async () => {
      expectUnpacked(files.cliBundle);
      expect(files.cliLauncher).toBe(path.join(packed.resourcesDir, 'bin', 'kula-console'));
      expect(fs.statSync(files.cliLauncher).mode & 0o111).not.toBe(0);
      const dataDir = path.join(temp.dir, 'data');
      const { stdout } = await run(files.cliLauncher, ['--data-dir', dataDir, 'status', '--json'], {
        env: { ...process.env, KULA_VAULT_PASSPHRASE: '' },
      });
      expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: MIGRATIONS.at(-1)?.version });
    },
  );

  it('names the app binary in each launcher as electron-builder names it on that platform', () => {
    const launcher = fs.readFileSync(files.cliLauncher, 'utf8');
    const windowsLauncher = fs.readFileSync(`${files.cliLauncher}.cmd`, 'utf8');
    expect(fs.existsSync(path.join(packed.appOutDir, 'kula-ats-console'))).toBe(true);
    expect(launcher).toContain('"$resources/../kula-ats-console"');
    expect(launcher).toContain(`"$resources/../MacOS/${APP_DIR_NAME}"`);
    expect(windowsLauncher).toContain(`"%~dp0..\\..\\${APP_DIR_NAME}.exe"`);
    for (const text of [launcher, windowsLauncher]) {
      expect(text).toContain('app.asar.unpacked');
      expect(text).toMatch(/ELECTRON_RUN_AS_NODE=1/);
    }
  });

  it("flips Electron's fuses: Node mode stays on for the CLI, the rest is locked down", () => {
    const [runAsNode, cookieEncryption, nodeOptions, inspect, asarIntegrity, onlyFromAsar] = [
      ...fuseWire(path.join(packed.appOutDir, 'kula-ats-console')),
    ];
    expect({
      runAsNode,
      cookieEncryption,
      nodeOptions,
      inspect,
      asarIntegrity,
      onlyFromAsar,
    }).toEqual({
      runAsNode: '1',
      cookieEncryption: '1',
      nodeOptions: '0',
      inspect: '0',
      asarIntegrity: '1',
      onlyFromAsar: '1',
    });
  });

  it('tells the updater where to look: GitHub Releases of the repository', () => {
    const feed = fs.readFileSync(path.join(packed.resourcesDir, 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/provider: github/);
    expect(feed).toMatch(/owner: kula-example/);
    expect(feed).toMatch(/repo: ats-console/);
  });
});

function listRelative(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listRelative(path.join(dir, entry.name), relative) : [relative];
  });
}
