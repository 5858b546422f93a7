import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import type { Dispatch } from '../../../../src/main/core/ipc/dispatcher';
import type { CsvImportPreview, CsvImportResult } from '../../../../src/shared/domain/kula';
import { openTestCore } from '../../../support/core';
import { fuzzParams, fuzzTimeout } from '../../../support/fuzz/config';

/**
 * Candidate CSV files as admins export them from spreadsheets and other tools: any header, any
 * delimiter, quoting, odd unicode, huge cells, damaged text. Through the IPC contract the renderer
 * uses, a file is either refused whole with a clear message and nothing saved, or previewed row by
 * row; importing then saves exactly the rows the preview called good, and nothing else.
 */
let core: ConsoleCore;
let cleanup: () => Promise<void>;
let dispatch: Dispatch;
const caller = { url: 'app://console/index.html', isMainFrame: true };
const stats = { refused: 0, previewed: 0, rowsSaved: 0, rowsWithProblems: 0 };

beforeAll(() => {
  ({ core, cleanup } = openTestCore());
  dispatch = core.createDispatch(() => true);
});

afterAll(async () => {
  await cleanup();
  console.log(
    `CSV import fuzz: ${stats.previewed} files previewed and imported (${stats.rowsSaved} rows saved, ${stats.rowsWithProblems} rows reported), ${stats.refused} refused whole`,
  );
});

const HEADER_NAMES = [
  'name',
  'Full name',
  'First Name',
  'last_name',
  'E-mail',
  'email address',
  'Phone',
  'LinkedIn',
  'website',
  'Stage',
  'Kula stage',
  'notes',
  '',
];

const cell = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 3, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', 'New', 'Interviewing', 'Hired', 'Nope') },
  { weight: 2, arbitrary: fc.webUrl() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 2_000, maxLength: 20_000 }) },
  { weight: 1, arbitrary: fc.constantFrom('"', '""', '\n', '\r\n', ',;\t', '=cmd()', '\u0000') },
);

/** A well-formed CSV: a header of known and unknown names, rows of odd cells, any delimiter. */
const spreadsheetCsv = fc
  .record({
    header: fc
      .tuple(
        fc.constantFrom('name', 'Full name', 'First Name', 'last_name'),
        fc.array(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string({ maxLength: 12 })), {
          maxLength: 6,
        }),
        fc.nat(),
      )
      .map(([nameColumn, others, at]) => others.toSpliced(at % (others.length + 1), 0, nameColumn)),
    rows: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 25 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    bom: fc.boolean(),
  })
  .map(
    ({ header, rows, delimiter, bom }) =>
      (bom ? '\ufeff' : '') + Papa.unparse([header, ...rows], { delimiter }),
  );

/** The same files damaged: cut short, a character replaced, or not a CSV at all. */
const damagedCsv = fc.oneof(
  fc
    .tuple(spreadsheetCsv, fc.nat())
    .map(([text, cut]) => text.slice(0, text.length ? cut % text.length : 0)),
  fc
    .tuple(spreadsheetCsv, fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
    .map(([text, at, inserted]) => {
      const i = text.length ? at % text.length : 0;
      return text.slice(0, i) + inserted + text.slice(i + 1);
    }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('', '\n\n', '{"name":"json"}', 'name\n', 'email\nx@example.com\n'),
);

function candidateCount(): number {
  return (
    core.context.db.prepare('SELECT count(*) AS n FROM kula_candidates').get() as { n: number }
  ).n;
}

async function importFile(text: string): Promise<void> {
  const before = candidateCount();
  const preview = await dispatch('candidates:preview-csv', { text }, caller);
  if (!preview.ok) {
    stats.refused++;
    expect(preview.error.code).toBe('BAD_INPUT');
    expect(preview.error.message.length).toBeGreaterThan(10);
    expect(preview.error.message.length).toBeLessThan(2_000);
    const imported = await dispatch('candidates:import-csv', { text }, caller);
    expect(imported.ok).toBe(false);
    expect(candidateCount()).toBe(before);
    return;
  }
  const seen = preview.value as CsvImportPreview;
  for (const row of seen.rows) {
    for (const error of row.errors) expect(error.length).toBeGreaterThan(5);
  }
  expect(seen.valid + seen.invalid + seen.duplicates).toBe(seen.rows.length);

  const imported = await dispatch('candidates:import-csv', { text }, caller);
  expect(imported.ok, JSON.stringify(!imported.ok && imported.error)).toBe(true);
  const result = (imported as { ok: true; value: CsvImportResult }).value;
  expect(result.imported).toBe(seen.valid);
  expect(result.invalid).toBe(seen.invalid);
  expect(result.candidateIds).toHaveLength(seen.valid);
  expect(candidateCount()).toBe(before + seen.valid);
  const savedNames = result.candidateIds.map(
    (id) =>
      (
        core.context.db.prepare('SELECT name FROM kula_candidates WHERE id = ?').get(id) as {
          name: string;
        }
      ).name,
  );
  const goodRows = seen.rows.filter((row) => row.errors.length === 0 && !row.duplicateOf);
  expect(savedNames).toEqual(goodRows.map((row) => row.candidate?.name));
  stats.previewed++;
  stats.rowsSaved += seen.valid;
  stats.rowsWithProblems += seen.invalid;
}

describe('candidate CSV import, fuzzed through the IPC contract', () => {
  it('previews a name with a NUL and a lone surrogate (a damaged file) as it would be saved, and flags the row', async () => {
    const text = 'name,email\r\nAda\u0000 Love\udc00lace,ada@example.com\r\n';
    const preview = await dispatch('candidates:preview-csv', { text }, caller);
    const row = preview.ok ? (preview.value as CsvImportPreview).rows[0] : undefined;
    expect(row?.candidate?.name).toBe('Ada Love\ufffdlace');
    expect(row?.errors.join(' ')).toMatch(/could not be read .* not saved as UTF-8/);
    await importFile(text);
  });

  it(
    'a spreadsheet export saves exactly the rows its preview called good',
    async () => {
      await fc.assert(fc.asyncProperty(spreadsheetCsv, importFile), fuzzParams(60));
    },
    fuzzTimeout(60, 500),
  );

  it(
    'a damaged file is refused whole with a clear message, or imported row by row',
    async () => {
      await fc.assert(fc.asyncProperty(damagedCsv, importFile), fuzzParams(60));
    },
    fuzzTimeout(60, 500),
  );
});
