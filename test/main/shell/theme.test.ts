import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUND, windowBackgroundColor } from '../../../src/main/shell/theme';
import { REPO_ROOT } from '../../support/paths';

const STYLES = path.join(REPO_ROOT, 'src/renderer/src/styles');
const TOKENS = fs.readFileSync(path.join(STYLES, 'tokens.css'), 'utf8');

type Scheme = 'light' | 'dark';

/** Every `--color-…: light-dark(light, dark)` of tokens.css. */
function colourTokens(): Map<string, Record<Scheme, string>> {
  const tokens = new Map<string, Record<Scheme, string>>();
  for (const match of TOKENS.matchAll(/--(color-[\w-]+):\s*([^;]+);/g)) {
    const pair =
      /^light-dark\(\s*(#[0-9a-f]{6}|rgba\([^)]*\))\s*,\s*(#[0-9a-f]{6}|rgba\([^)]*\))\s*\)$/i.exec(
        match[2]!.trim(),
      );
    expect(pair, `--${match[1]} has a light and a dark value`).not.toBeNull();
    tokens.set(match[1]!, { light: pair![1]!, dark: pair![2]! });
  }
  return tokens;
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two opaque colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text colours and the backgrounds the stylesheets put them on. */
const TEXT_ON: Array<[text: string, backgrounds: string[]]> = [
  [
    'color-text',
    [
      'color-bg',
      'color-surface',
      'color-surface-muted',
      'color-neutral-soft',
      'color-primary-soft',
      'color-row-error',
      'color-row-warning',
      'color-row-changed',
    ],
  ],
  ['color-text-muted', ['color-bg', 'color-surface', 'color-surface-muted', 'color-neutral-soft']],
  ['color-text-faint', ['color-bg', 'color-surface', 'color-surface-muted']],
  [
    'color-primary-text',
    ['color-bg', 'color-surface', 'color-surface-muted', 'color-primary-soft'],
  ],
  ['color-on-primary', ['color-primary', 'color-primary-hover']],
  ['color-sidebar-text', ['color-sidebar', 'color-sidebar-active']],
  ['color-sidebar-strong', ['color-sidebar', 'color-sidebar-active']],
  ['color-success', ['color-success-soft', 'color-surface']],
  ['color-warning', ['color-warning-soft', 'color-surface']],
  ['color-danger', ['color-danger-soft', 'color-surface']],
  ['color-info', ['color-info-soft', 'color-surface']],
  ['color-success-text', ['color-success-soft']],
  ['color-warning-text', ['color-warning-soft', 'color-surface']],
  ['color-danger-text', ['color-danger-soft', 'color-surface']],
  ['color-info-text', ['color-info-soft']],
  ['color-chip-ats-text', ['color-chip-ats']],
  ['color-on-danger', ['color-danger']],
];

describe('the design tokens (src/renderer/src/styles/tokens.css)', () => {
  const tokens = colourTokens();

  it('give every colour a light and a dark value', () => {
    expect(tokens.size).toBeGreaterThan(50);
  });

  it.each(['light', 'dark'] as const)(
    'keep every text colour at 4.5:1 or more on its backgrounds in the %s scheme',
    (scheme) => {
      const failures: string[] = [];
      for (const [text, backgrounds] of TEXT_ON) {
        for (const background of backgrounds) {
          const ratio = contrast(tokens.get(text)![scheme], tokens.get(background)![scheme]);
          if (ratio < 4.5) failures.push(`${text} on ${background}: ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failures).toEqual([]);
    },
  );
});

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
