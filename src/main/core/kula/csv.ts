import Papa from 'papaparse';
import type {
  CandidateInput,
  CsvImportPreview,
  CsvImportResult,
  CsvRowResult,
} from '../../../shared/domain/kula';
import type { CoreBasics } from '../basics';
import { isoNow } from '../clock';
import { inTransaction, type DB } from '../db/database';
import { candidateByEmail } from '../db/repos/kula';
import { ConsoleError } from '../errors';
import { findKulaStage, listKulaStages } from '../mapping/kula-stages';
import { insertCandidateInTransaction } from './candidates';
import { requireFlow } from './flows';
import { kickApplications, type KulaChangeDeps } from './kick';
import { cleanCandidate } from './validate';

/**
 * Candidates from a CSV file (papaparse: quoting, embedded newlines, a BOM, `,` `;` or tab). The
 * header names the columns, matched loosely ("E-mail", "Full name", "LinkedIn"…). Every row is
 * checked before anything is saved; the preview shows each row's problems by the line it starts
 * on (a row the parser could only guess at, or with characters that were not read as written, is
 * one of them), and the import saves the good rows and reports the others (nothing half-saved: one
 * transaction). Files come as text here; `csv-encoding.ts` turns a file's bytes into that text.
 */

export const CSV_MAX_ROWS = 5000;
/** The longest file text the app sends over IPC; the command line reads files up to this too. */
export const CSV_MAX_CHARS = 5_000_000;
/** The largest file the command line reads: the most bytes CSV_MAX_CHARS characters take. */
export const CSV_MAX_BYTES = 4 * CSV_MAX_CHARS;

type Field = 'name' | 'first' | 'last' | 'email' | 'phone' | 'link' | 'stage';

const ALIASES: Record<string, Field> = {
  name: 'name',
  fullname: 'name',
  candidate: 'name',
  candidatename: 'name',
  firstname: 'first',
  givenname: 'first',
  lastname: 'last',
  surname: 'last',
  familyname: 'last',
  email: 'email',
  emails: 'email',
  emailaddress: 'email',
  mail: 'email',
  phone: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  telephone: 'phone',
  linkedin: 'link',
  linkedinurl: 'link',
  github: 'link',
  website: 'link',
  url: 'link',
  link: 'link',
  links: 'link',
  stage: 'stage',
  kulastage: 'stage',
};

const FIELD_LABELS: Record<Field, string> = {
  name: 'Name',
  first: 'First name',
  last: 'Last name',
  email: 'Emails',
  phone: 'Phone',
  link: 'Links',
  stage: 'Kula stage',
};

interface ParsedRow {
  cells: string[];
  /** The file line the row starts on (a quoted value may span lines). */
  line: number;
  /** Why the row could not be read as written (a quote never closed, a malformed quote). */
  problems: string[];
}

interface Parsed {
  columns: string[];
  fields: Array<Field | null>;
  rows: ParsedRow[];
}

/**
 * Reads the rows with the line each starts on. A row papaparse could only read by guessing (a
 * quote opened and never closed swallows the rest of the file into one value) is kept, with the
 * problem, so the preview rejects it by its line instead of importing a merged candidate.
 */
function readRows(text: string): ParsedRow[] {
  const rows: ParsedRow[] = [];
  let cursor = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = cursor; i < to && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    cursor = to;
  };
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: (result) => {
      // Skip the blank lines before the row to find the line it starts on.
      let start = cursor;
      while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
      advance(start);
      const first = line;
      advance(result.meta.cursor);
      const last = text.endsWith('\n', cursor) ? line - 1 : line;
      const problems = result.errors
        .filter((error) => error.type === 'Quotes' || error.type === 'FieldMismatch')
        .map((error) => quoteProblem(error.code, first, last));
      rows.push({ cells: result.data, line: first, problems: [...new Set(problems)] });
    },
  });
  return rows;
}

function quoteProblem(code: string, first: number, last: number): string {
  if (code === 'MissingQuotes') {
    return `A quote (") opened here is never closed, so lines ${first} to ${last} were read as one value and none of them can be imported. Close the quote (or remove it) and import the file again.`;
  }
  return 'A quoted value is malformed: inside quotes, write a quote as two ("").';
}

function parse(text: string): Parsed {
  if (text.length > CSV_MAX_CHARS) {
    throw new ConsoleError(
      'BAD_INPUT',
      `The file has ${text.length.toLocaleString('en-US')} characters; one import reads at most ${CSV_MAX_CHARS.toLocaleString('en-US')}.`,
      'Split the file and import the parts one after the other.',
    );
  }
  const [headerRow, ...rows] = readRows(text.replace(/^\uFEFF/, ''));
  const header = headerRow?.cells;
  if (!header || header.every((cell) => !cell.trim())) {
    throw new ConsoleError(
      'BAD_INPUT',
      'The file is empty or has no header row.',
      'Put the column names (for example: name, email, phone, linkedin) on the first line.',
    );
  }
  if (headerRow.problems.length) {
    throw new ConsoleError(
      'BAD_INPUT',
      `The header row cannot be read: ${headerRow.problems[0]}`,
      'Fix the first line of the file and import it again.',
    );
  }
  const fields = header.map((cell) => ALIASES[cell.toLowerCase().replace(/[^a-z]/g, '')] ?? null);
  if (!fields.some((field) => field === 'name' || field === 'first' || field === 'last')) {
    throw new ConsoleError(
      'BAD_INPUT',
      `No column holds the candidates’ names (found: ${header.map((cell) => `“${cell.trim()}”`).join(', ')}).`,
      'Add a column named “name” (or “first name” and “last name”).',
    );
  }
  if (rows.length > CSV_MAX_ROWS) {
    throw new ConsoleError(
      'BAD_INPUT',
      `The file has ${rows.length.toLocaleString('en-US')} rows; one import takes at most ${CSV_MAX_ROWS.toLocaleString('en-US')}.`,
      'Split the file and import the parts one after the other.',
    );
  }
  return { columns: header.map((cell) => cell.trim()), fields, rows };
}

/**
 * Values that show the file was not read as it was written: U+FFFD (a byte that was not UTF-8,
 * replaced by whatever read the file), NUL or a lone surrogate (a damaged or binary file).
 */
function unreadableValues(fields: Array<Field | null>, cells: string[]): string[] {
  const found: string[] = [];
  fields.forEach((field, i) => {
    const cell = cells[i] ?? '';
    if (!field || !cell) return;
    if (cell.includes('\uFFFD') || /\p{Cs}/u.test(cell))
      found.push(
        `The ${FIELD_LABELS[field].toLowerCase()} has characters that could not be read (shown as �): the file was not saved as UTF-8. Save it as UTF-8 and import it again.`,
      );
    else if (cell.includes('\u0000'))
      found.push(
        `The ${FIELD_LABELS[field].toLowerCase()} contains a NUL character: the file is damaged or not a text file.`,
      );
  });
  return [...new Set(found)];
}

function toCandidate(fields: Array<Field | null>, cells: string[]): CandidateInput {
  const values: Record<Field, string[]> = {
    name: [],
    first: [],
    last: [],
    email: [],
    phone: [],
    link: [],
    stage: [],
  };
  fields.forEach((field, i) => {
    const cell = (cells[i] ?? '').trim();
    if (field && cell) values[field].push(cell);
  });
  const name = values.name[0] ?? [...values.first, ...values.last].join(' ');
  return {
    name,
    emails: values.email.flatMap((cell) => cell.split(/[;,\s]+/)).filter(Boolean),
    phone: values.phone[0] ?? null,
    links: values.link.flatMap((cell) => cell.split(/[;\s]+/)).filter(Boolean),
    kulaStageId: values.stage[0] ?? null,
  };
}

function check(db: DB, text: string, flowId: string | null): CsvImportPreview {
  const parsed = parse(text);
  const stages = listKulaStages(db);
  const linked = flowId ? requireFlow(db, flowId).connection_id !== null : false;
  const seen = new Map<string, number>();
  const rows: CsvRowResult[] = parsed.rows.map(({ cells, line, problems }) => {
    const candidate = toCandidate(parsed.fields, cells);
    const errors: string[] = [...problems];
    if (problems.length === 0) errors.push(...unreadableValues(parsed.fields, cells));
    const { value, issues } = cleanCandidate(candidate);
    errors.push(...issues.map((issue) => issue.message));
    if (candidate.kulaStageId && !findKulaStage(stages, candidate.kulaStageId)) {
      errors.push(
        `There is no Kula stage “${candidate.kulaStageId}” (use one of: ${stages.map((stage) => stage.name).join(', ')}).`,
      );
    }
    if (linked && value && value.emails.length === 0) {
      errors.push(
        'An email is needed: the flow is linked to an ATS job, which matches people by email.',
      );
    }
    let duplicateOf: CsvRowResult['duplicateOf'] = null;
    const primary = value?.emails[0];
    if (primary) {
      const earlier = seen.get(primary);
      if (earlier !== undefined) errors.push(`The email ${primary} is also on line ${earlier}.`);
      else seen.set(primary, line);
      const existing = candidateByEmail(db, primary);
      if (existing) duplicateOf = { id: existing.id, name: existing.name };
    }
    return { line, candidate: value ? { ...candidate, ...value } : candidate, errors, duplicateOf };
  });
  const recognised: Record<string, string> = {};
  parsed.columns.forEach((column, i) => {
    const field = parsed.fields[i];
    recognised[column || `(column ${i + 1})`] = field ? FIELD_LABELS[field] : 'not used';
  });
  return {
    columns: parsed.columns,
    recognised,
    rows,
    valid: rows.filter((row) => row.errors.length === 0 && !row.duplicateOf).length,
    invalid: rows.filter((row) => row.errors.length > 0).length,
    duplicates: rows.filter((row) => row.errors.length === 0 && row.duplicateOf).length,
  };
}

export function previewCsvImport(
  ctx: Pick<CoreBasics, 'db'>,
  input: { text: string; flowId?: string | null | undefined },
): CsvImportPreview {
  return check(ctx.db, input.text, input.flowId ?? null);
}

/**
 * Saves the rows without problems (and adds them to the flow, when given); rows with problems and
 * people already in Kula are reported, not saved.
 */
export function importCsv(
  ctx: KulaChangeDeps & Pick<CoreBasics, 'audit'>,
  input: { text: string; flowId?: string | null | undefined; origin?: 'csv' | 'cli' },
): CsvImportResult {
  const preview = check(ctx.db, input.text, input.flowId ?? null);
  const flowId = input.flowId ? requireFlow(ctx.db, input.flowId).id : null;
  const now = isoNow(ctx.clock);
  const good = preview.rows.filter((row) => row.errors.length === 0 && !row.duplicateOf);
  const candidateIds = inTransaction(ctx.db, () =>
    good.map(
      (row) =>
        insertCandidateInTransaction(
          ctx.db,
          {
            ...(row.candidate as CandidateInput),
            flowIds: flowId ? [flowId] : [],
            origin: input.origin ?? 'csv',
          },
          now,
        ).id,
    ),
  );
  if (candidateIds.length) {
    ctx.audit(
      'candidates.import-csv',
      flowId,
      `Imported ${candidateIds.length} candidate${candidateIds.length === 1 ? '' : 's'} from a CSV file${
        flowId ? ' into a flow' : ''
      }; ${preview.invalid} row${preview.invalid === 1 ? '' : 's'} with problems and ${preview.duplicates} already in Kula were skipped.`,
    );
  }
  ctx.events.changed('kula_candidates', 'kula_flows', 'outbox');
  for (const id of candidateIds) kickApplications(ctx, id);
  return {
    imported: candidateIds.length,
    skipped: preview.duplicates,
    invalid: preview.invalid,
    candidateIds,
  };
}
