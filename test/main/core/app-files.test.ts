import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFiles, cliDriver } from '../../../src/main/core/app-files';

const linux = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' } as const;

describe('where the app finds its files', () => {
  it('in a checkout: the build output under out/, and the driver `npm start` built into native/', () => {
    const files = appFiles('/work/console', { ...linux, packaged: false });
    expect(files).toEqual({
      preload: path.join('/work/console', 'out', 'preload', 'index.js'),
      rendererDir: path.join('/work/console', 'out', 'renderer'),
      cliBundle: path.join('/work/console', 'out', 'cli', 'kula-console.cjs'),
      driver: path.join(
        '/work/console',
        'native',
        'electron-45.4.1-linux-x64',
        'better_sqlite3.node',
      ),
      cliLauncher: path.join('/work/console', 'bin', 'kula-console.cjs'),
    });
  });

  it('installed: main, preload and renderer in the archive; driver and CLI beside it', () => {
    const resources = path.join('/opt', 'Kula ATS Console', 'resources');
    const files = appFiles(path.join(resources, 'app.asar'), { ...linux, packaged: true });
    expect(files).toEqual({
      preload: path.join(resources, 'app.asar', 'out', 'preload', 'index.js'),
      rendererDir: path.join(resources, 'app.asar', 'out', 'renderer'),
      cliBundle: path.join(resources, 'app.asar.unpacked', 'out', 'cli', 'kula-console.cjs'),
      driver: path.join(resources, 'app.asar.unpacked', 'native', 'better_sqlite3.node'),
      cliLauncher: path.join(resources, 'bin', 'kula-console'),
    });
  });

  it('installed on Windows, the launcher is the .cmd file', () => {
    const files = appFiles(path.join('C:', 'Kula', 'resources', 'app.asar'), {
      ...linux,
      platform: 'win32',
      packaged: true,
    });
    expect(path.basename(files.cliLauncher)).toBe('kula-console.cmd');
  });
});

describe('the SQLite driver the CLI loads', () => {
  it('is the one in node_modules (none named) when the CLI runs on Node', () => {
    expect(cliDriver('/work/console/out/cli', { node: '20.19.0' } as NodeJS.ProcessVersions)).toBe(
      undefined,
    );
  });

  it("is the app's Electron build when the installed launcher runs it on the app binary", () => {
    const resources = path.join('/opt', 'Kula ATS Console', 'resources');
    const driver = cliDriver(
      path.join(resources, 'app.asar.unpacked', 'out', 'cli'),
      { node: '22.20.0', electron: '45.4.1' } as NodeJS.ProcessVersions,
      'linux',
      'x64',
    );
    expect(driver).toBe(path.join(resources, 'app.asar.unpacked', 'native', 'better_sqlite3.node'));
  });

  it('is the one `npm start` built when a checkout runs it on Electron', () => {
    const driver = cliDriver(
      '/work/console/out/cli',
      { node: '22.20.0', electron: '45.4.1' } as NodeJS.ProcessVersions,
      'darwin',
      'arm64',
    );
    expect(driver).toBe(
      path.join('/work/console', 'native', 'electron-45.4.1-darwin-arm64', 'better_sqlite3.node'),
    );
  });
});
