/**
 * electron-builder's `beforePack` hook, run once per target architecture before the app's files
 * are collected. It provides better-sqlite3 built for Electron's ABI for that target and stages it
 * in native/package/<os>-<arch>/, which electron-builder.yml packs as native/better_sqlite3.node.
 * node_modules keeps the build for Node (electron-builder's own rebuild is off: it would rebuild
 * node_modules in place and break `npm test` in the same checkout).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Arch } from 'electron-builder';
import { ensureElectronNative } from '../ensure-electron-native.mjs';

/** electron-builder's `${os}` for each Electron platform name. */
const OS_OF_PLATFORM = { darwin: 'mac', mas: 'mac', win32: 'win', linux: 'linux' };

export function stagedDriverDir(root, electronPlatformName, arch) {
  return path.join(root, 'native', 'package', `${OS_OF_PLATFORM[electronPlatformName]}-${arch}`);
}

export default async function beforePack(context) {
  const root = context.packager.projectDir;
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = Arch[context.arch];
  const driver = ensureElectronNative({ root, platform, arch });
  const staged = stagedDriverDir(root, context.electronPlatformName, arch);
  fs.rmSync(staged, { recursive: true, force: true });
  fs.mkdirSync(staged, { recursive: true });
  fs.copyFileSync(driver, path.join(staged, path.basename(driver)));
}
