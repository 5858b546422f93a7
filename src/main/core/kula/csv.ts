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
 * checked before anything is saved; the preview shows each row's problems, and the import saves
 * the good rows and reports the others (nothing half-saved: one transaction).
 */

export const CSV_MAX_ROWS = 5000;

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

interface Parsed {
  columns: string[];
  fields: Array<Field | null>;
  rows: string[][];
}

function parse(text: string): Parsed {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
  });
  const [header, ...rows] = result.data;
  if (!header || header.every((cell) => !cell.trim())) {
    throw new ConsoleError(
      'BAD_INPUT',
      'The file is empty or has no header row.',
      'Put the column names (for example: name, email, phone, linkedin) on the first line.',
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
  const rows: CsvRowResult[] = parsed.rows.map((cells, index) => {
    const line = index + 2;
    const candidate = toCandidate(parsed.fields, cells);
    const errors: string[] = [];
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
