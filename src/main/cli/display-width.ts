/**
 * How many terminal columns text takes. A terminal draws CJK ideographs, kana, Hangul, fullwidth
 * forms and most emoji two columns wide, combining marks and zero-width characters on the cell
 * before them, and an emoji sequence (a family joined by zero-width joiners, a flag, a skin tone)
 * as one picture; counting UTF-16 units, as `.length` does, breaks table columns for such names.
 * Measured per grapheme cluster, so a letter with its accents or an emoji sequence counts once.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F), outside emoji. */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
  [0x3400, 0x4dbf], // CJK unified ideographs extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18cff], // Tangut
  [0x1b000, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B to F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G and H
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u200b\u1160-\u11ff]+$/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const REGIONAL_INDICATOR = /^\p{Regional_Indicator}/u;

function isWide(code: number): boolean {
  for (const [from, to] of WIDE_RANGES) {
    if (code < from) return false;
    if (code <= to) return true;
  }
  return false;
}

/** Columns one grapheme cluster takes: 0, 1 or 2. */
function clusterWidth(cluster: string): number {
  const code = cluster.codePointAt(0)!;
  // Printable ASCII, the common case, without a regex.
  if (code >= 0x20 && code < 0x7f && cluster.length === 1) return 1;
  if (ZERO_WIDTH.test(cluster)) return 0;
  if (REGIONAL_INDICATOR.test(cluster)) return 2;
  if (PICTOGRAPH.test(cluster)) {
    // A pictograph drawn as emoji: its default look is emoji, or a variation selector or a joined
    // sequence asks for it; otherwise (©, ™, ↔) it is text, one column.
    if (
      EMOJI_PRESENTATION.test(cluster) ||
      cluster.includes('\ufe0f') ||
      cluster.includes('\u200d')
    )
      return 2;
    if (/[\u{1f3fb}-\u{1f3ff}]/u.test(cluster)) return 2;
  }
  return isWide(code) ? 2 : 1;
}

/** Columns `text` takes on a terminal (one line; controls are escaped before this is asked). */
export function displayWidth(text: string): number {
  let width = 0;
  // ASCII only: one column per character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  for (const { segment } of segmenter.segment(text)) width += clusterWidth(segment);
  return width;
}

/** `text` padded with spaces on the right to `width` columns. */
export function padToWidth(text: string, width: number): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/**
 * `text` cut to at most `width` columns, ending with "…" when something was left out; never in the
 * middle of a cluster (an accent stays with its letter, an emoji sequence stays whole).
 */
export function fitToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const next = clusterWidth(segment);
    if (used + next > width - 1) break;
    out += segment;
    used += next;
  }
  return `${out}…`;
}
