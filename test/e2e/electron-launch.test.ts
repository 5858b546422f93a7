import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';
import { makeTempDir } from '../support/temp-dir';

/**
 * Launches the real Electron app when its binary is installed. Electron 45 downloads the binary
 * on first launch, which needs network, so in this sandbox the test reports itself as skipped.
 */
const electronDir = path.join(REPO_ROOT, 'node_modules', 'electron');
const pathFile = path.join(electronDir, 'path.txt');
const binary = fs.existsSync(pathFile)
  ? path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  : null;
const present = binary !== null && fs.existsSync(binary);

if (!present) {
  console.log(
    'Electron launch test SKIPPED: no Electron binary in node_modules/electron/dist (it is fetched on the first `npm start` on a machine with network).',
  );
}

describe.skipIf(!present)('Electron app launch', () => {
  it('opens an isolated window whose page sees only window.api and cannot navigate away', async () => {
    execFileSync(process.execPath, ['scripts/ensure-electron-native.mjs'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    const temp = makeTempDir('kula-electron-');
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [REPO_ROOT],
      env: { ...process.env, KULA_DATA_DIR: temp.dir },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
      const surface = await page.evaluate(() => ({
        api: Object.keys(window.api).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        origin: window.location.origin,
      }));
      expect(surface).toEqual({
        api: ['invoke', 'on'],
        require: 'undefined',
        process: 'undefined',
        origin: 'app://console',
      });
      // window.open is denied and navigation away is refused.
      const windowsBefore = await app.evaluate(
        ({ BrowserWindow }) => BrowserWindow.getAllWindows().length,
      );
      await page.evaluate(() => window.open('https://example.com/'));
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(
        windowsBefore,
      );
      expect(new URL(page.url()).origin).toBe('app://console');
    } finally {
      await app.close();
      temp.cleanup();
    }
  }, 300_000);
});
