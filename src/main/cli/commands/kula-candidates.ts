import path from 'node:path';
import { addCandidate, listCandidates, moveCandidate } from '../../core/kula/candidates';
import { CSV_MAX_BYTES, importCsv, previewCsvImport } from '../../core/kula/csv';
import { decodeCsvBytes } from '../../core/kula/csv-encoding';
import { readInputFile } from '../input-file';
import { getCandidateDetail } from '../../core/kula/detail';
import { getFlow } from '../../core/kula/flows';
import { UsageError, type CommandContext, type CommandSpec } from '../command';
import { table } from '../table';
import { defaultCacheConnection } from '../../core/db/repos/ats-read';
import { findAtsCandidateIds } from '../../core/db/repos/ats-applications';
import { ConsoleError } from '../../core/errors';
import { echo } from '../terminal-text';
import { showAtsCandidate } from './applications';
import { ALREADY_PRINTED, everyRow, writeJsonLines } from '../list-output';
import { list, requireOption, text, type Values } from './kula-options';

/**
 * Kula's candidates from the command line: add (one, or a CSV file), show, move to a Kula stage.
 * Every change is saved with its outbox rows; `sync` sends them (`sync --dry-run` shows what it
 * would send). Candidates are named by id or primary email.
 */

export const candidatesAddCommand: CommandSpec = {
  name: 'candidates add',
  summary: 'Add a Kula candidate (to flows with --flow)',
  usage:
    '--name NAME --email EMAIL [--email EMAIL2] [--phone P] [--link URL]... [--stage STAGE] [--flow FLOW]...',
  options: {
    name: { type: 'string' },
    email: { type: 'string', multiple: true },
    phone: { type: 'string' },
    link: { type: 'string', multiple: true },
    stage: { type: 'string' },
    flow: { type: 'string', multiple: true },
  },
  run(ctx, { values }) {
    const core = ctx.core();
    const flowIds = list(values, 'flow').map((flow) => getFlow(core.context, flow).id);
    const candidate = addCandidate(core.context, {
      name: requireOption(candidatesAddCommand, values, 'name'),
      emails: list(values, 'email'),
      phone: text(values, 'phone') ?? null,
      links: list(values, 'link'),
      kulaStageId: text(values, 'stage') ?? null,
      flowIds,
      origin: 'cli',
    });
    if (!ctx.io.json) {
      ctx.io.out(
        `Added ${candidate.name} (${candidate.id}) at “${candidate.kulaStageName}”${flowIds.length ? `; ${candidate.pendingWrites} write${candidate.pendingWrites === 1 ? '' : 's'} queued for the ATS (sent by \`sync\`)` : ''}.`,
      );
    }
    return candidate;
  },
};

export const candidatesImportCommand: CommandSpec = {
  name: 'candidates import-csv',
  summary: 'Import Kula candidates from a CSV file (--dry-run checks every row, saves nothing)',
  usage: 'FILE [--flow FLOW] [--dry-run]',
  options: { flow: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    const file = path.resolve(positionals[0]!);
    // UTF-8 or UTF-16 with its byte order mark; anything else is refused with what to do.
    const content = decodeCsvBytes(
      readInputFile(file, { what: 'a CSV file', maxBytes: CSV_MAX_BYTES }),
    );
    const flowId = text(values, 'flow') ?? null;
    const preview = previewCsvImport(core.context, { text: content, flowId });
    if (!ctx.io.json) {
      ctx.io.out(
        `${preview.rows.length} rows: ${preview.valid} ready, ${preview.invalid} with problems, ${preview.duplicates} already in Kula.`,
      );
      for (const row of preview.rows) {
        if (row.errors.length) ctx.io.out(`  line ${row.line}: ${row.errors.join(' ')}`);
        else if (row.duplicateOf)
          ctx.io.out(`  line ${row.line}: already in Kula as ${row.duplicateOf.name}; skipped.`);
      }
    }
    if (values['dry-run'] === true) return preview;
    const result = importCsv(core.context, { text: content, flowId, origin: 'cli' });
    if (!ctx.io.json)
      ctx.io.out(`Imported ${result.imported} candidate${result.imported === 1 ? '' : 's'}.`);
    return result;
  },
};

/** `candidates list --kula`: the Kula workspace (without --kula the command lists the ATS cache). */
export function listKulaCandidates(
  ctx: CommandContext,
  values: Values,
  mode: { limit: number; offset: number; all: boolean; jsonl: boolean },
) {
  const core = ctx.core();
  const flowId = text(values, 'flow') ? getFlow(core.context, text(values, 'flow')!).id : undefined;
  const read = (offset: number, limit: number) =>
    listCandidates(core.context, { search: text(values, 'search'), flowId, limit, offset });
  if (mode.jsonl) {
    writeJsonLines(ctx.io, mode.all ? everyRow(read, 500) : read(mode.offset, mode.limit).rows);
    return ALREADY_PRINTED;
  }
  const page = mode.all
    ? (() => {
        const rows = [...everyRow(read, 500)];
        return { rows, total: rows.length, offset: 0 };
      })()
    : read(mode.offset, mode.limit);
  if (!ctx.io.json) {
    ctx.io.out(
      `${page.total} Kula candidate${page.total === 1 ? '' : 's'}${mode.all ? '' : `; showing ${page.rows.length} from ${page.offset + 1}`}.`,
    );
    table(
      ctx.io,
      ['ID', 'NAME', 'EMAIL', 'STAGE', 'FLOWS', 'ATS', 'WAITING', 'FAILED'],
      page.rows.map((row) => [
        row.id,
        row.name,
        row.email ?? '—',
        row.kulaStageName,
        row.flows.map((flow) => flow.name).join(', ') || '—',
        row.atsLinks.map((link) => link.connectionLabel).join(', ') || '—',
        row.pendingWrites,
        row.failedWrites,
      ]),
    );
  }
  return page;
}

/**
 * The Kula candidate; when there is none but the ATS cache has a candidate by that id or email,
 * the refusal says to add --ats (`candidates list` lists ATS candidates, so their ids get tried).
 */
function kulaCandidateOrHint(ctx: CommandContext, wanted: string) {
  const { context } = ctx.core();
  try {
    return getCandidateDetail(context, wanted);
  } catch (error) {
    if (!(error instanceof ConsoleError) || error.code !== 'NOT_FOUND') throw error;
    const connectionId = defaultCacheConnection(context.db);
    if (!connectionId || findAtsCandidateIds(context.db, connectionId, wanted).length === 0)
      throw error;
    throw new ConsoleError(
      'NOT_FOUND',
      error.message,
      `"${echo(wanted)}" is an ATS candidate: add --ats to show them.`,
    );
  }
}

export const candidatesShowCommand: CommandSpec = {
  name: 'candidates show',
  summary:
    'Show a Kula candidate: ATS links, applications, notes, messages, writes and history; with --ats, an ATS candidate from the cache with every application',
  usage: `CANDIDATE [--ats [--connection ID]]

  CANDIDATE  a Kula candidate's id or email; with --ats, an ATS candidate's id or email`,
  positionals: { min: 1, max: 1 },
  options: { ats: { type: 'boolean' }, connection: { type: 'string' } },
  readOnly: (values) => values.ats === true,
  run(ctx, { values, positionals }) {
    if (values.ats === true) return showAtsCandidate(ctx, positionals[0]!, values.connection);
    if (values.connection !== undefined)
      throw new UsageError('--connection goes with --ats (an ATS candidate).');
    const detail = kulaCandidateOrHint(ctx, positionals[0]!);
    if (!ctx.io.json) {
      const out = (line: string) => ctx.io.out(line);
      out(
        `${detail.name} <${detail.email ?? 'no email'}> (${detail.id}), Kula stage “${detail.kulaStageName}”`,
      );
      for (const link of detail.atsLinks) {
        out(
          `  ${link.connectionLabel}: ${link.profileUrl ?? link.atsCandidateId}${link.createdByConsole ? ' (created by the console)' : ''}`,
        );
      }
      for (const application of detail.applications) {
        out(
          `  Application on “${application.jobTitle}” (${application.connectionLabel}): ${application.atsApplicationId ? `${application.atsStage ?? '?'}${application.archived ? ', archived' : ''}${application.createdByConsole ? '' : ', not created by the console'}` : 'being created'}`,
        );
      }
      out(
        `Notes: ${detail.notes.length} (${detail.notes.filter((note) => note.private).length} private); messages: ${detail.messages.length}; resumes: ${detail.resumes.length}; referrals: ${detail.referrals.length}.`,
      );
      out('Writes:');
      for (const write of detail.writes) {
        out(
          `  #${write.id} [${write.state}] ${write.title}${write.outcome ? ` — ${write.outcome}` : write.lastError ? ` — ${write.lastError}` : ''}`,
        );
      }
      out('History:');
      for (const item of detail.history.slice(0, 30)) out(`  ${item.at}  ${item.title}`);
    }
    return detail;
  },
};

export const candidatesMoveCommand: CommandSpec = {
  name: 'candidates move',
  summary: 'Move a Kula candidate to another Kula stage (their ATS applications follow)',
  usage: 'CANDIDATE STAGE',
  positionals: { min: 2, max: 2 },
  run(ctx, { positionals }) {
    const result = moveCandidate(ctx.core().context, positionals[0]!, positionals[1]!);
    if (!ctx.io.json) {
      ctx.io.out(
        `${result.candidate.name} is at “${result.candidate.kulaStageName}”; ${result.movesQueued} ATS move${result.movesQueued === 1 ? '' : 's'} queued.`,
      );
    }
    return result;
  },
};

export const KULA_CANDIDATE_COMMANDS: CommandSpec[] = [
  candidatesAddCommand,
  candidatesImportCommand,
  candidatesShowCommand,
  candidatesMoveCommand,
];
