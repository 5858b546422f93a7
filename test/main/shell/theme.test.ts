import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUND, windowBackgroundColor } from '../../../src/main/shell/theme';
import { REPO_ROOT } from '../../support/paths';

const STYLES = path.join(REPO_ROOT, 'src/renderer/src/styles');
const TOKENS = fs.readFileSync(path.join(STYLES, 'tokens.css'), 'utf8');

describe('the window’s colours', () => {
  it('paint the page’s own background before the page does, in both schemes', () => {
    const background = /--color-bg:\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/i.exec(TOKENS);
    expect({ light: background?.[1], dark: background?.[2] }).toEqual(WINDOW_BACKGROUND);
    expect(windowBackgroundColor(true)).toBe(WINDOW_BACKGROUND.dark);
    expect(windowBackgroundColor(false)).toBe(WINDOW_BACKGROUND.light);
  });

  it('come from the tokens alone, so both schemes reach every screen and chart', () => {
    // The same in both schemes: the logo, the ATS marks, white on coloured marks, the toggle's thumb.
    const brand =
      /^\s*(color: #fff;|background: #fff;|background: linear-gradient\(135deg, #7c6cf2, #5b4de0\);|background: #4f46e5;|background: #0f8a6a;)$/;
    const stray: string[] = [];
    for (const file of fs.readdirSync(STYLES).filter((name) => name !== 'tokens.css')) {
      fs.readFileSync(path.join(STYLES, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i.test(line) && !brand.test(line)) {
            stray.push(`${file}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    expect(stray).toEqual([]);
  });
});
