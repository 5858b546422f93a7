import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { previewCsvImport } from '../../../../src/main/core/kula/csv';
import { decodeCsvBytes } from '../../../../src/main/core/kula/csv-encoding';
import { openTestCore } from '../../../support/core';

/**
 * Rows as the preview reports them: each by the line it starts on (quoted values may span lines),
 * a row the parser could only guess at rejected, and values that were not read as written (U+FFFD,
 * NUL) flagged, whichever way the text arrived (a file's bytes, or text from the window).
 */
let core: ConsoleCore;
let cleanup: () => Promise<void>;
beforeAll(() => {
  ({ core, cleanup } = openTestCore());
});
afterAll(() => cleanup());

const preview = (text: string) => previewCsvImport(core.context, { text });

describe('CSV rows', () => {
  it('names each row by the line it starts on, across quoted line breaks and blank lines', () => {
    const result = preview(
      'name,email\n"Ada\nLovelace",ada@example.com\n\n\nGrace Hopper,grace@example.com\n',
    );
    expect(result.rows.map((row) => [row.line, row.candidate?.name])).toEqual([
      [2, 'Ada Lovelace'],
      [6, 'Grace Hopper'],
    ]);
    expect(result.valid).toBe(2);
  });

  it('rejects a malformed quoted value by its line', () => {
    const result = preview('name,email\n"Bo"b",b@example.com\nCarol,c@example.com\n');
    expect(result.rows[0]).toMatchObject({ line: 2, errors: [expect.stringMatching(/malformed/)] });
    expect(result.valid).toBe(1);
  });

  it('flags a value with U+FFFD (read from a file that was not UTF-8) or a NUL', () => {
    const result = preview(
      'name,email\nJos\uFFFD Mu\uFFFDoz,jose@example.com\nNul\u0000l,n@example.com\n',
    );
    expect(result.rows[0]?.errors).toEqual([
      expect.stringMatching(/name has characters that could not be read .* Save it as UTF-8/),
    ]);
    expect(result.rows[1]?.errors).toEqual([expect.stringMatching(/contains a NUL character/)]);
    expect(result.valid).toBe(0);
  });

  it('refuses a file whose header row cannot be read', () => {
    expect(() => preview('"name,email\nAda,ada@example.com\n')).toThrow(
      /header row cannot be read/,
    );
  });
});

describe('CSV bytes', () => {
  it('reads UTF-8 (with or without BOM) and UTF-16 with BOM; refuses other encodings', () => {
    const text = 'name\nJosé\n';
    expect(decodeCsvBytes(Buffer.from(text))).toBe(text);
    expect(decodeCsvBytes(Buffer.from(`\uFEFF${text}`))).toBe(text);
    expect(
      decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    ).toBe(text);
    expect(() => decodeCsvBytes(Buffer.from(text, 'latin1'))).toThrow(/Byte 9 is not UTF-8/);
    expect(() => decodeCsvBytes(Buffer.from(text, 'utf16le'))).toThrow(
      /UTF-16 without a byte order mark/,
    );
  });
});
