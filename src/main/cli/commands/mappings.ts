import fs from 'node:fs';
import path from 'node:path';
import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import { lintCounts } from '../../../shared/mapping/lint';
import { isoNow } from '../../core/clock';
import { listConnectionRows } from '../../core/db/repos/connections';
import { ConsoleError } from '../../core/errors';
import { loadCurrentMapping } from '../../core/mapping/current';
import { MAPPING_FILE_MAX_CHARS, toMappingFile } from '../../core/mapping/file-format';
import {
  confirmMapping,
  exportMapping,
  importMapping,
  lintCurrent,
  resetMapping,
} from '../../core/mapping/service';
import { setMappingRow } from '../../core/mapping/set-row';
import { mappingStatus } from '../../core/mapping/status';
import { UsageError, usageLine, type CommandContext, type CommandSpec } from '../command';
import { displayWidth, padToWidth } from '../display-width';
import { readInputFile, readInputStream } from '../input-file';
import { resolveConnection } from '../resolve-connection';

const DIRECTIONS = ['ats-to-kula', 'kula-to-ats'] as const;

/** After a row the ATS added or changed since a person last changed the mapping. */
const REVIEW_MARK = '   [needs review]';

function describe(ctx: CommandContext, connectionId: string) {
  const { context } = ctx.core();
  const current = loadCurrentMapping(context.db, connectionId, isoNow(context.clock));
  const file = toMappingFile(current, { exportedAt: '', exportedBy: '' });
  const issues = lintCurrent(current);
  return {
    connection: {
      id: current.connection.id,
      provider: current.connection.provider,
      label: current.connection.label,
    },
    ready: current.ready,
    refreshedAt: current.catalog.refreshedAt,
    revision: current.stored.state?.revision ?? 0,
    status: mappingStatus(current.profile, current.stored.state),
    // Each row with its "needs review" flag, as the mapping file has them.
    atsToKula: file.atsToKula,
    kulaToAts: file.kulaToAts,
    lint: issues,
  };
}

type Described = ReturnType<typeof describe>;

function printMapping(ctx: CommandContext, shown: Described): void {
  const out = (line: string) => ctx.io.out(line);
  const ats = PROVIDER_LABELS[shown.connection.provider];
  out(`${shown.connection.label} (${shown.connection.id}), ${ats}`);
  out(`  ATS stages last refreshed: ${shown.refreshedAt ?? 'never'}`);
  out(
    `  Write-back: ${shown.status.writeBackAllowed ? (shown.status.confirmedAt ? `allowed (confirmed by ${shown.status.confirmedBy} at ${shown.status.confirmedAt})` : 'allowed') : `held: ${shown.status.writeBackHeldReason}`}`,
  );
  out(
    `  Reviewed: ${shown.status.reviewedAt ? `by ${shown.status.reviewedBy} at ${shown.status.reviewedAt}` : 'not yet (until a person changes the mapping, the console keeps its defaults current as stages arrive)'}`,
  );
  const flagged = [...shown.atsToKula, ...shown.kulaToAts].filter((row) => row.needsReview);
  if (flagged.length > 0)
    out(
      `  ${flagged.length} row${flagged.length === 1 ? '' : 's'} need${flagged.length === 1 ? 's' : ''} review (marked below): set ${flagged.length === 1 ? 'it' : 'them'} with \`mappings set\`, or accept the mapping as it stands with \`mappings confirm\`.`,
    );
  if (!shown.ready) {
    out(`  No ${ats} stages imported yet: run a sync, then the mapping appears with defaults.`);
    return;
  }
  const width = Math.min(
    40,
    Math.max(...shown.atsToKula.map((row) => displayWidth(row.ats.name)), 10) + 2,
  );
  out('');
  out(`  ${ats} → Kula`);
  let group: string | null | undefined;
  for (const row of shown.atsToKula) {
    if (row.ats.group !== group) {
      group = row.ats.group;
      out(`    ${group ?? ''}`);
    }
    const target =
      row.kula === null
        ? 'NOT MAPPED'
        : row.kula === 'unchanged'
          ? 'leave unchanged'
          : row.kula.name;
    out(`      ${padToWidth(row.ats.name, width)}→ ${target}${row.needsReview ? REVIEW_MARK : ''}`);
  }
  out('');
  out(`  Kula → ${ats}`);
  for (const row of shown.kulaToAts) {
    const name = row.plan ? `${row.kula.name} [plan ${row.plan.name}]` : row.kula.name;
    const target =
      row.ats === null
        ? 'NOT MAPPED'
        : row.ats === 'none'
          ? "don't move"
          : `${row.ats.name}${row.archiveReason ? ` (reason: ${row.archiveReason.name})` : ''}`;
    out(`    ${padToWidth(name, width + 2)}→ ${target}${row.needsReview ? REVIEW_MARK : ''}`);
  }
  const counts = lintCounts(shown.lint);
  out('');
  out(`  Lint: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} note(s)`);
  for (const issue of shown.lint)
    out(`    ${issue.severity.padEnd(8)}${issue.message} ${issue.fix}`);
}

export const mappingsShowCommand: CommandSpec = {
  name: 'mappings show',
  summary: 'Show both stage-mapping tables and their lint (every connection when none is named)',
  usage: '[CONNECTION]',
  positionals: { min: 0, max: 1 },
  run(ctx, { positionals }) {
    const { context } = ctx.core();
    const ids = positionals[0]
      ? [resolveConnection(context.db, positionals[0]).id]
      : listConnectionRows(context.db).map((row) => row.id);
    if (ids.length === 0) {
      throw new ConsoleError(
        'NOT_FOUND',
        'There is no connection yet, so there is no mapping.',
        'Connect an ATS first (`connect ashby` or `connect lever`).',
      );
    }
    const shown = ids.map((id) => describe(ctx, id));
    if (!ctx.io.json)
      shown.forEach((entry, index) => {
        if (index > 0) ctx.io.out('');
        printMapping(ctx, entry);
      });
    return positionals[0] ? shown[0] : shown;
  },
};

export const mappingsSetCommand: CommandSpec = {
  name: 'mappings set',
  summary:
    'Set one row: an ATS stage to a Kula stage (or "unchanged"), a Kula stage to an ATS stage (or "none")',
  usage: `CONNECTION --direction ats-to-kula|kula-to-ats --from STAGE --to STAGE [--plan PLAN] [--archive-reason REASON]

An ATS stage is named by its title, its ref in \`mappings show --json\`, or the ATS's stage id: an
Ashby stage id stands for its stage group, or for an override of its interview plan when no other
plan has that stage.`,
  positionals: { min: 1, max: 1 },
  options: {
    direction: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    plan: { type: 'string' },
    'archive-reason': { type: 'string' },
  },
  run(ctx, { values, positionals }) {
    const usage = usageLine(mappingsSetCommand);
    const direction = values.direction;
    if (typeof direction !== 'string' || !(DIRECTIONS as readonly string[]).includes(direction))
      throw new UsageError('--direction must be ats-to-kula or kula-to-ats.', usage);
    if (typeof values.from !== 'string' || !values.from.trim())
      throw new UsageError('--from needs a stage (id or name).', usage);
    if (typeof values.to !== 'string' || !values.to.trim())
      throw new UsageError('--to needs a stage (id or name), "unchanged" or "none".', usage);
    const { context } = ctx.core();
    const connection = resolveConnection(context.db, positionals[0], usage);
    const result = setMappingRow(context, {
      connectionId: connection.id,
      direction: direction as (typeof DIRECTIONS)[number],
      from: values.from,
      to: values.to,
      plan: typeof values.plan === 'string' ? values.plan : undefined,
      archiveReason:
        typeof values['archive-reason'] === 'string' ? values['archive-reason'] : undefined,
    });
    if (!ctx.io.json) {
      if (result.changes.length === 0)
        ctx.io.out('Nothing changed: the row already had that value.');
      for (const change of result.changes)
        ctx.io.out(
          `Set "${change.subject}": ${change.before} → ${change.after}. It applies from the next sync.`,
        );
      const counts = lintCounts(result.issues);
      if (counts.error + counts.warning > 0)
        ctx.io.out(
          `Lint: ${counts.error} error(s), ${counts.warning} warning(s); see \`mappings show\`.`,
        );
    }
    return { connectionId: connection.id, changes: result.changes, lint: result.issues };
  },
};

export const mappingsResetCommand: CommandSpec = {
  name: 'mappings reset',
  summary: "Replace a connection's mapping with the defaults for its current ATS stages",
  usage: '[CONNECTION]',
  positionals: { min: 0, max: 1 },
  run(ctx, { positionals }) {
    const { context } = ctx.core();
    const connection = resolveConnection(
      context.db,
      positionals[0],
      usageLine(mappingsResetCommand),
    );
    const result = resetMapping(context, connection.id);
    if (!ctx.io.json)
      ctx.io.out(
        `Reset the mapping of ${connection.label} to the defaults (${result.changes} row(s) changed).`,
      );
    return { connectionId: connection.id, ...result };
  },
};

export const mappingsConfirmCommand: CommandSpec = {
  name: 'mappings confirm',
  summary:
    'Confirm a mapping as it stands (Lever: allows writes); refused while the lint has errors',
  usage: '[CONNECTION]',
  positionals: { min: 0, max: 1 },
  run(ctx, { positionals }) {
    const { context } = ctx.core();
    const connection = resolveConnection(
      context.db,
      positionals[0],
      usageLine(mappingsConfirmCommand),
    );
    const status = confirmMapping(context, connection.id);
    if (!ctx.io.json)
      ctx.io.out(`Confirmed the mapping of ${connection.label}; writes are allowed.`);
    return { connectionId: connection.id, status };
  },
};

export const mappingsExportCommand: CommandSpec = {
  name: 'mappings export',
  summary: 'Write a mapping to a JSON file (- for standard output)',
  usage: 'FILE [--connection CONNECTION]',
  positionals: { min: 1, max: 1 },
  options: { connection: { type: 'string' } },
  run(ctx, { values, positionals }) {
    const { context } = ctx.core();
    const connection = connectionOption(ctx, values, mappingsExportCommand);
    const exported = exportMapping(context, connection.id);
    const target = positionals[0] ?? '-';
    if (target === '-') {
      if (ctx.io.json) return { connectionId: connection.id, file: JSON.parse(exported.text) };
      ctx.io.out(exported.text.trimEnd());
      return undefined;
    }
    writeFileAtomically(path.resolve(target), exported.text);
    if (!ctx.io.json) ctx.io.out(`Wrote the mapping of ${connection.label} to ${target}.`);
    return { connectionId: connection.id, file: path.resolve(target) };
  },
};

export const mappingsImportCommand: CommandSpec = {
  name: 'mappings import',
  summary: 'Apply a mapping file (all rows or none; - reads standard input)',
  usage: 'FILE [--connection CONNECTION]',
  positionals: { min: 1, max: 1 },
  options: { connection: { type: 'string' } },
  run(ctx, { values, positionals }) {
    const { context } = ctx.core();
    const connection = connectionOption(ctx, values, mappingsImportCommand);
    const source = positionals[0] ?? '-';
    const text = readText(source);
    const result = importMapping(context, connection.id, text, path.basename(source));
    if (!ctx.io.json) {
      ctx.io.out(
        `Imported ${source} into the mapping of ${connection.label} (${result.changes} row(s) changed).`,
      );
      for (const note of result.notes) ctx.io.out(`  ${note}`);
    }
    return { connectionId: connection.id, ...result };
  },
};

/** The connection named by `--connection`, or the only one. */
function connectionOption(
  ctx: CommandContext,
  values: Record<string, unknown>,
  command: CommandSpec,
) {
  const wanted = typeof values.connection === 'string' ? values.connection : undefined;
  return resolveConnection(ctx.core().context.db, wanted, usageLine(command));
}

/** A mapping file (or standard input): a regular file, at most what the app takes; a BOM is fine. */
function readText(source: string): string {
  const limits = { what: 'a mapping file', maxBytes: 4 * MAPPING_FILE_MAX_CHARS };
  let bytes: Buffer;
  try {
    bytes = source === '-' ? readInputStream(0, limits) : readInputFile(source, limits);
  } catch (error) {
    if (error instanceof ConsoleError) throw error;
    throw new ConsoleError(
      'NOT_FOUND',
      `Cannot read "${source}" (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      'Check the path and that the file is readable.',
    );
  }
  // TextDecoder drops a leading byte order mark, which some editors write.
  return new TextDecoder('utf-8').decode(bytes);
}

function writeFileAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode: 0o644 });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new ConsoleError(
      'CONFLICT',
      `Cannot write "${file}" (${(error as NodeJS.ErrnoException).code ?? 'unwritable'}).`,
      'Check that the folder exists and is writable.',
    );
  }
}

export const MAPPING_COMMANDS: CommandSpec[] = [
  mappingsShowCommand,
  mappingsSetCommand,
  mappingsResetCommand,
  mappingsConfirmCommand,
  mappingsExportCommand,
  mappingsImportCommand,
];
