import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/main/cli/command';
import { displayWidth, fitToWidth, padToWidth } from '../../../src/main/cli/display-width';
import { table } from '../../../src/main/cli/table';

function captured(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { json: false, interactive: false, lines, out: (text) => lines.push(text), err: () => {} };
}

describe('display width', () => {
  it('counts CJK, kana, Hangul and fullwidth forms as two columns each', () => {
    expect(displayWidth('山田太郎')).toBe(8);
    expect(displayWidth('김민수')).toBe(6);
    expect(displayWidth('カタカナ')).toBe(8);
    expect(displayWidth('Ｆｕｌｌ')).toBe(8);
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4);
  });

  it('counts a letter with combining marks, and zero-width characters, by what is drawn', () => {
    expect(displayWidth('Jose\u0301')).toBe(4);
    expect(displayWidth('Zalgo\u0336\u0337\u0338')).toBe(5);
    expect(displayWidth('a\u200bb')).toBe(2);
  });

  it('counts an emoji, a joined emoji sequence, a flag and a skin tone as one two-column picture', () => {
    expect(displayWidth('✅')).toBe(2);
    expect(displayWidth('👩\u200d👩\u200d👧')).toBe(2);
    expect(displayWidth('🇯🇵')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth('❤\ufe0f')).toBe(2);
    // Text-style symbols stay one column.
    expect(displayWidth('©')).toBe(1);
  });

  it('cuts by columns without splitting a cluster, and pads to a column count', () => {
    expect(fitToWidth('山田太郎', 5)).toBe('山田…');
    expect(fitToWidth('José\u0301ph', 4)).toBe('Jos…');
    expect(fitToWidth('👩\u200d👩\u200d👧 family', 3)).toBe('👩\u200d👩\u200d👧…');
    expect(padToWidth('山田', 6)).toBe('山田  ');
  });
});

describe('table', () => {
  it('lines up the columns of CJK, accented and emoji names on the terminal', () => {
    const io = captured();
    table(
      io,
      ['NAME', 'EMAIL'],
      [
        ['山田太郎', 'taro@example.com'],
        ['Jose\u0301 Nu\u0303n\u0303ez', 'jose@example.com'],
        ['Ana 👩\u200d💻', 'ana@example.com'],
        ['Plain', 'plain@example.com'],
      ],
    );
    // Where the EMAIL column starts, in terminal columns, on every line.
    const starts = io.lines.map((line) => displayWidth(line.slice(0, line.search(/\S+@|EMAIL/))));
    // The widest name, "José Núñez", is 10 columns (14 characters).
    expect(new Set(starts)).toEqual(new Set([12]));
    expect(io.lines[1]).toBe('山田太郎    taro@example.com');
  });

  it('cuts a cell wider than the column limit by columns', () => {
    const io = captured();
    table(io, ['NAME'], [['名'.repeat(40)]]);
    // 23 two-column characters and the ellipsis: a 24th would pass the 48-column limit.
    expect(io.lines[1]).toBe(`${'名'.repeat(23)}…`);
  });
});
