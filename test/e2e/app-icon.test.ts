import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';
import { makeTempDir } from '../support/temp-dir';

/**
 * The icon scripts/make-icons.mjs draws for the installers, next to resources/icon.svg as
 * Chromium draws it: the script's own small rasterizer must not change the picture.
 */
const run = promisify(execFile);
const temp = makeTempDir('kula-icon-e2e-');

beforeAll(async () => {
  await run(process.execPath, ['scripts/make-icons.mjs', '--out', temp.dir], { cwd: REPO_ROOT });
});

afterAll(() => temp.cleanup());

describe('the app icon', () => {
  it('looks like the SVG as Chromium draws it', async () => {
    const browser = inject('testBrowser');
    if (!browser.found) throw new Error(browser.reason);
    const launched = await chromium.launch({
      executablePath: browser.executablePath,
      args: ['--no-sandbox', '--disable-gpu', ...browser.extraArgs],
      env: { ...process.env, ...browser.env },
    });
    try {
      const page = await launched.newPage();
      const svg = fs.readFileSync(path.join(REPO_ROOT, 'resources', 'icon.svg'), 'base64');
      const png = fs.readFileSync(path.join(temp.dir, 'icons', '256x256.png'), 'base64');
      // Premultiplied channels, so a pixel's colour counts only as much as it is visible.
      const difference = await page.evaluate(
        async ([svgData, pngData]) => {
          const draw = async (source: string) => {
            const image = new Image();
            image.src = source;
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = 256;
            canvas.height = 256;
            const context = canvas.getContext('2d')!;
            context.drawImage(image, 0, 0, 256, 256);
            return context.getImageData(0, 0, 256, 256).data;
          };
          const expected = await draw(`data:image/svg+xml;base64,${svgData}`);
          const drawn = await draw(`data:image/png;base64,${pngData}`);
          let largest = 0;
          let total = 0;
          for (let i = 0; i < expected.length; i++) {
            const channel = i % 4;
            const alphaAt = i - channel + 3;
            const a = channel === 3 ? expected[i]! : (expected[i]! * expected[alphaAt]!) / 255;
            const b = channel === 3 ? drawn[i]! : (drawn[i]! * drawn[alphaAt]!) / 255;
            largest = Math.max(largest, Math.abs(a - b));
            total += Math.abs(a - b);
          }
          return { largest, mean: total / expected.length };
        },
        [svg, png] as const,
      );
      // Anti-aliasing differs a little along edges; shapes, colours and the gradient must not.
      expect(difference.mean).toBeLessThan(1.5);
      expect(difference.largest).toBeLessThan(96);
    } finally {
      await launched.close();
    }
  });
});
