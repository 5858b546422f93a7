import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';

const STYLES = path.join(REPO_ROOT, 'src/renderer/src/styles');
const TOKENS = fs.readFileSync(path.join(STYLES, 'tokens.css'), 'utf8');

type Scheme = 'light' | 'dark';

/** Every opaque `--color-…: light-dark(light, dark)` of tokens.css (shadows and the backdrop are see-through). */
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

const SURFACES = ['color-bg', 'color-surface', 'color-surface-muted'];

/** Text colours and the backgrounds the stylesheets put them on: 4.5:1, whatever the size. */
const TEXT_ON: Array<[text: string, backgrounds: string[]]> = [
  [
    'color-text',
    [
      ...SURFACES,
      'color-neutral-soft',
      'color-primary-soft',
      'color-row-error',
      'color-row-warning',
      'color-row-changed',
    ],
  ],
  ['color-text-muted', [...SURFACES, 'color-neutral-soft', 'color-row-error', 'color-row-warning']],
  ['color-text-faint', SURFACES],
  ['color-primary-text', [...SURFACES, 'color-primary-soft']],
  ['color-on-primary', ['color-primary', 'color-primary-hover']],
  ['color-sidebar-text', ['color-sidebar', 'color-sidebar-active']],
  ['color-sidebar-strong', ['color-sidebar', 'color-sidebar-active']],
  ['color-success', ['color-success-soft', 'color-surface']],
  ['color-warning', ['color-warning-soft', 'color-surface']],
  ['color-danger', ['color-danger-soft', 'color-surface', 'color-row-error']],
  ['color-info', ['color-info-soft', 'color-surface']],
  ['color-success-text', ['color-success-soft']],
  ['color-warning-text', ['color-warning-soft', 'color-surface']],
  ['color-danger-text', ['color-danger-soft', 'color-surface']],
  ['color-info-text', ['color-info-soft']],
  ['color-chip-ats-text', ['color-chip-ats']],
  ['color-on-danger', ['color-danger']],
];

/**
 * Colours that draw what is not text but must be seen (a text field's or switch's edge, the focus
 * ring, a selected row's or step's mark, icons that carry meaning, the bars of the charts), on the
 * backgrounds they sit on: 3:1, as for large text.
 */
const UI_ON: Array<[part: string, backgrounds: string[]]> = [
  ['color-control-border', SURFACES],
  ['color-primary', [...SURFACES, 'color-primary-soft', 'color-row-changed']],
  ['color-warning-mark', SURFACES],
  ['color-danger', SURFACES],
  ['color-success', SURFACES],
  ['color-info', SURFACES],
  ['color-text-muted', SURFACES],
  ['color-chart-ok', ['color-surface']],
  ['color-chart-idle', ['color-surface']],
  ['color-chart-pulled', ['color-surface']],
  ['color-chart-pushed', ['color-surface']],
  ['color-chart-usage', ['color-surface']],
  ['color-chart-partner', ['color-surface']],
  ['color-sidebar-strong', ['color-sidebar', 'color-sidebar-active']],
];

/**
 * Colours the stylesheets use for text, icons or marks that need no contrast of their own, and why.
 */
const NEEDS_NO_CONTRAST: Record<string, string> = {
  'color-warning-dot':
    'a status dot or a notice’s edge beside words that say the same (the dot is hidden from screen readers)',
  'color-border': 'dividers between parts that are told apart by their content',
  'color-border-strong':
    'the edge of a button or chip, which its label already identifies; text fields and switches use --color-control-border',
  'color-primary-soft':
    'the halo around a focused text field, whose edge turns --color-primary (checked) at the same time',
  ...Object.fromEntries(
    ['danger', 'info', 'success', 'warning', 'chip', 'chip-ats'].map((kind) => [
      `color-${kind}-border`,
      'the edge of a banner or chip, which its words and its background already set apart',
    ]),
  ),
};

/** Tokens a stylesheet uses in a declaration whose property matches `property`. */
function tokensUsedFor(property: RegExp): Set<string> {
  const used = new Set<string>();
  for (const file of fs.readdirSync(STYLES).filter((name) => name !== 'tokens.css')) {
    for (const line of fs.readFileSync(path.join(STYLES, file), 'utf8').split('\n')) {
      const declaration = /^\s*([a-z-]+):(.*);/.exec(line);
      if (!declaration || !property.test(declaration[1]!)) continue;
      for (const token of declaration[2]!.matchAll(/var\(--(color-[\w-]+)\)/g)) used.add(token[1]!);
    }
  }
  return used;
}

const ratios = (
  tokens: Map<string, Record<Scheme, string>>,
  pairs: Array<[string, string[]]>,
  scheme: Scheme,
  minimum: number,
) =>
  pairs.flatMap(([colour, backgrounds]) =>
    backgrounds.flatMap((background) => {
      const ratio = contrast(tokens.get(colour)![scheme], tokens.get(background)![scheme]);
      return ratio < minimum ? [`${colour} on ${background}: ${ratio.toFixed(2)}:1`] : [];
    }),
  );

describe('the design tokens (src/renderer/src/styles/tokens.css)', () => {
  const tokens = colourTokens();

  it('give every colour a light and a dark value', () => {
    expect(tokens.size).toBeGreaterThan(50);
  });

  it.each(['light', 'dark'] as const)(
    'keep every text colour at 4.5:1 or more on its backgrounds in the %s scheme',
    (scheme) => {
      expect(ratios(tokens, TEXT_ON, scheme, 4.5)).toEqual([]);
    },
  );

  it.each(['light', 'dark'] as const)(
    'keep every control edge, focus ring, mark and chart colour at 3:1 or more on its backgrounds in the %s scheme',
    (scheme) => {
      expect(ratios(tokens, UI_ON, scheme, 3)).toEqual([]);
    },
  );

  it('check every colour the stylesheets draw text, icons, marks or chart bars with', () => {
    const checked = new Set([...TEXT_ON, ...UI_ON].map(([colour]) => colour));
    const drawn = [
      ...tokensUsedFor(/^(color|fill|stroke|outline|outline-color|accent-color)$/),
      ...tokensUsedFor(/^border(-[a-z]+)*(-color)?$/),
    ];
    const unchecked = [...new Set(drawn)].filter(
      (token) => !checked.has(token) && !(token in NEEDS_NO_CONTRAST),
    );
    expect(unchecked).toEqual([]);
  });

  it('put text fields and switches on the control edge colour, not a faint divider', () => {
    const components = fs.readFileSync(path.join(STYLES, 'components.css'), 'utf8');
    const rule = (selector: string) =>
      new RegExp(`\\n${selector.replace('.', '\\.')} \\{([^}]*)\\}`).exec(components)?.[1] ?? '';
    expect(rule('.input')).toContain('border: 1px solid var(--color-control-border)');
    expect(rule('.toggle')).toContain('background: var(--color-control-border)');
  });
});
