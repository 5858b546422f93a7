import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';
import { makeTempDir } from '../support/temp-dir';

/**
 * The installers' icons, drawn from resources/icon.svg by scripts/make-icons.mjs: the files each
 * platform reads (test/e2e/app-icon.test.ts compares the picture with the SVG in Chromium).
 */
const run = promisify(execFile);
const temp = makeTempDir('kula-icons-');
const out = temp.dir;

beforeAll(async () => {
  await run(process.execPath, ['scripts/make-icons.mjs', '--out', out], { cwd: REPO_ROOT });
});

afterAll(() => temp.cleanup());

/** Width and height from a PNG's header. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the app icons', () => {
  it('writes the Linux sizes as <n>x<n>.png, each that size', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      const png = fs.readFileSync(path.join(out, 'icons', `${size}x${size}.png`));
      expect(pngSize(png)).toEqual([size, size]);
    }
    expect(pngSize(fs.readFileSync(path.join(out, 'icon.png')))).toEqual([1024, 1024]);
  });

  it('writes a Windows .ico whose entries go up to 256 pixels', () => {
    const ico = fs.readFileSync(path.join(out, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, index) => {
      const entry = 6 + index * 16;
      const size = ico[entry] === 0 ? 256 : (ico[entry] ?? 0);
      const png = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      expect(pngSize(png)).toEqual([size, size]);
      return size;
    });
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('writes a macOS .icns with every size up to 1024 pixels', () => {
    const icns = fs.readFileSync(path.join(out, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Record<string, number> = {};
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const png = icns.subarray(at + 8, at + icns.readUInt32BE(at + 4));
      found[icns.subarray(at, at + 4).toString('ascii')] = pngSize(png)[0];
    }
    expect(found).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    });
  });
});
