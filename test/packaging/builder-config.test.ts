import fs from 'node:fs';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { APP_DIR_NAME } from '../../src/main/core/paths';
import { REPO_ROOT } from '../support/paths';

/**
 * electron-builder.yml, read and validated by electron-builder's own code (the loader and the
 * JSON-schema check it runs before every build), then held to what the app needs from it.
 */
const loadConfig = () => getConfig(REPO_ROOT, null, null);
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

function targets(config: Configuration, platform: 'mac' | 'win' | 'linux') {
  const list = (config[platform]?.target ?? []) as TargetConfiguration[];
  return Object.fromEntries(list.map((entry) => [entry.target, entry.arch]));
}

describe('the electron-builder configuration', () => {
  it("passes electron-builder's schema", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is refused by that schema when an option is misplaced, so the check above is live', async () => {
    const config = await loadConfig();
    await expect(
      validateConfiguration({ ...config, dmg: { titel: 'typo' } } as never, new DebugLogger(false)),
    ).rejects.toThrow(/configuration\.dmg/);
  });

  it('names the product as the app names its data folder, with a reverse-DNS app id', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe(APP_DIR_NAME);
    expect(manifest.productName).toBe(APP_DIR_NAME);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z][a-z-]*)+$/);
  });

  it('builds a dmg for both Mac architectures (and the zip the updater needs), NSIS, AppImage and deb', async () => {
    const config = await loadConfig();
    expect(targets(config, 'mac')).toEqual({ dmg: ['x64', 'arm64'], zip: ['x64', 'arm64'] });
    expect(targets(config, 'win')).toEqual({ nsis: ['x64'] });
    expect(targets(config, 'linux')).toEqual({ AppImage: ['x64'], deb: ['x64'] });
  });

  it('uses icons drawn from resources/icon.svg by the build', async () => {
    const config = await loadConfig();
    expect([config.mac?.icon, config.win?.icon, config.linux?.icon]).toEqual([
      'build/icon.icns',
      'build/icon.ico',
      'build/icons',
    ]);
    expect(manifest.scripts.build).toContain('scripts/make-icons.mjs');
  });

  it('packs into an archive, leaves the driver out of it, and never rebuilds node_modules in place', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['native/**', '**/node_modules/better-sqlite3/**']),
    );
    // An in-place rebuild for Electron would leave `npm test` (plain Node) a driver it cannot load.
    expect(config.npmRebuild).toBe(false);
    expect(config.beforePack).toBe('./scripts/packaging/before-pack.mjs');
    expect(fs.existsSync(path.join(REPO_ROOT, 'scripts', 'packaging', 'before-pack.mjs'))).toBe(
      true,
    );
  });

  it('publishes to GitHub Releases, where the installed app looks for updates', async () => {
    const config = await loadConfig();
    expect(config.publish).toMatchObject({ provider: 'github' });
  });

  it('has npm scripts for every platform, none of which publishes', () => {
    for (const [script, flag] of [
      ['dist', ''],
      ['dist:mac', '--mac'],
      ['dist:win', '--win'],
      ['dist:linux', '--linux'],
    ] as const) {
      expect(manifest.scripts[script]).toMatch(/^npm run build && electron-builder\b/);
      expect(manifest.scripts[script]).toContain(flag);
      expect(manifest.scripts[script]).toContain('--publish never');
    }
  });
});
