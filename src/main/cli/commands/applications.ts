import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type { ApplicationListRow, ApplicationRow } from '../../../shared/domain/ats';
import type { ConsoleCore } from '../../core/core';
import {
  applicationStatuses,
  findAtsCandidateIds,
  findJobIds,
  findStageIds,
  iterateApplications,
  listApplications,
  type ApplicationFilter,
} from '../../core/db/repos/ats-applications';
import { getCandidateDetail } from '../../core/db/repos/ats-read';
import { getConnectionRow } from '../../core/db/repos/connections';
import { ConsoleError } from '../../core/errors';
import type { CliIo, CommandContext, CommandSpec } from '../command';
import { ALREADY_PRINTED, LIST_OPTIONS, listMode, writeJsonLines } from '../list-output';
import { table } from '../table';
import { cacheConnection } from '../resolve-connection';
import { echo } from '../terminal-text';

/** ATS applications from the cache, as the window's candidate pages show them (works offline). */

const text = (values: Record<string, unknown>, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

function atsLabel(core: ConsoleCore, connectionId: string): string {
  const provider = getConnectionRow(core.context.db, connectionId)?.provider;
  return provider ? PROVIDER_LABELS[provider] : 'the ATS';
}

/** The filter, each name resolved in the cache; a name that matches nothing is refused. */
function buildFilter(
  core: ConsoleCore,
  connectionId: string,
  values: Record<string, unknown>,
): ApplicationFilter {
  const { db } = core.context;
  const ats = atsLabel(core, connectionId);
  const resolve = (
    option: string,
    find: (wanted: string) => string[],
    what: string,
    hint: string,
  ): string[] | undefined => {
    const wanted = text(values, option);
    if (wanted === undefined) return undefined;
    const ids = find(wanted);
    if (ids.length === 0)
      throw new ConsoleError(
        'NOT_FOUND',
        `There is no ${ats} ${what} "${echo(wanted)}" in the cache.`,
        hint,
      );
    return ids;
  };
  const candidates = resolve(
    'candidate',
    (wanted) => findAtsCandidateIds(db, connectionId, wanted),
    'candidate',
    'Name the candidate by their ATS id or email (`candidates list --search NAME` shows both).',
  );
  if (candidates && candidates.length > 1)
    throw new ConsoleError(
      'CONFLICT',
      `${candidates.length} ${ats} candidates have the email "${echo(text(values, 'candidate')!)}".`,
      `Name one by id: ${candidates.slice(0, 5).join(', ')}.`,
    );
  return {
    candidateId: candidates?.[0],
    jobIds: resolve(
      'job',
      (wanted) => findJobIds(db, connectionId, wanted),
      'job',
      'Name the job by its id or exact title (`jobs list` shows both).',
    ),
    stageIds: resolve(
      'stage',
      (wanted) => findStageIds(db, connectionId, wanted),
      'stage',
      'Name the stage by its id or title (`stages list` shows both).',
    ),
    status: text(values, 'status'),
  };
}

function stageText(row: ApplicationRow): string {
  if (!row.stageTitle) return row.stageId ? `? (${row.stageId})` : '—';
  return row.planTitle ? `${row.stageTitle} (${row.planTitle})` : row.stageTitle;
}

function printApplications(io: CliIo, rows: ApplicationListRow[]): void {
  table(
    io,
    ['CANDIDATE', 'JOB', 'STAGE', 'STATUS', 'ARCHIVE REASON', 'UPDATED', 'APPLICATION'],
    rows.map((row) => [
      row.candidateName ?? row.candidateId,
      row.jobTitle ?? row.jobId ?? '—',
      stageText(row),
      row.status,
      row.archiveReason ?? '—',
      row.updatedAt?.slice(0, 10) ?? '—',
      row.id,
    ]),
  );
}

export const applicationsListCommand: CommandSpec = {
  name: 'applications list',
  summary:
    'List cached ATS applications with candidate, job, stage, status and archive reason; filter by candidate, job, stage or status',
  usage: `[--candidate ID|EMAIL] [--job ID|TITLE] [--stage ID|TITLE] [--status S] [--limit N] [--offset N] [--all] [--jsonl] [--connection ID]

  --status  the ATS's status word, any case (Ashby: Lead, Active, Hired, Archived; Lever: lead,
            active, hired, archived)
  --all     every matching application instead of a page (--limit, default 50, at most 500)
  --jsonl   one JSON object per application per line, written as they are read`,
  options: {
    candidate: { type: 'string' },
    job: { type: 'string' },
    stage: { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    connection: { type: 'string' },
    ...LIST_OPTIONS,
  },
  readOnly: true,
  run(ctx, { values }) {
    const mode = listMode(values, { defaultLimit: 50, maxLimit: 500 });
    const core = ctx.core();
    const connectionId = cacheConnection(core, values.connection);
    if (!connectionId) {
      if (mode.jsonl) return ALREADY_PRINTED;
      if (!ctx.io.json) ctx.io.out('No connection yet, so no applications.');
      return { connectionId, total: 0, offset: 0, rows: [] };
    }
    const filter = buildFilter(core, connectionId, values);
    const { db } = core.context;
    if (mode.jsonl) {
      const rows = mode.all
        ? iterateApplications(db, connectionId, filter)
        : listApplications(db, connectionId, filter, mode).rows;
      writeJsonLines(ctx.io, rows);
      return ALREADY_PRINTED;
    }
    const page = mode.all
      ? (() => {
          const rows = [...iterateApplications(db, connectionId, filter)];
          return { connectionId, total: rows.length, offset: 0, rows };
        })()
      : listApplications(db, connectionId, filter, mode);
    if (!ctx.io.json) {
      ctx.io.out(
        `${page.total.toLocaleString('en-US')} application${page.total === 1 ? '' : 's'}${mode.all ? '' : `; showing ${page.rows.length} from ${page.offset + 1}`}.`,
      );
      if (page.total === 0 && filter.status !== undefined) {
        const statuses = applicationStatuses(db, connectionId);
        if (!statuses.some((status) => status.toLowerCase() === filter.status!.toLowerCase()))
          ctx.io.out(
            `No cached application has the status "${echo(filter.status)}"; the cache has: ${statuses.join(', ') || 'none'}.`,
          );
      }
      if (page.rows.length > 0) printApplications(ctx.io, page.rows);
    }
    return page;
  },
};

/** `candidates show CANDIDATE --ats`: an ATS candidate from the cache, with every application. */
export function showAtsCandidate(ctx: CommandContext, wanted: string, connection: unknown) {
  const core = ctx.core();
  const connectionId = cacheConnection(core, connection);
  const ats = connectionId ? atsLabel(core, connectionId) : 'the ATS';
  const ids = connectionId ? findAtsCandidateIds(core.context.db, connectionId, wanted) : [];
  if (ids.length !== 1 || !connectionId)
    throw new ConsoleError(
      ids.length > 1 ? 'CONFLICT' : 'NOT_FOUND',
      ids.length > 1
        ? `${ids.length} ${ats} candidates have the email "${echo(wanted)}".`
        : `There is no ${ats} candidate "${echo(wanted)}" in the cache.`,
      ids.length > 1
        ? `Name one by id: ${ids.slice(0, 5).join(', ')}.`
        : 'Name the candidate by their ATS id or email (`candidates list --search NAME` shows both); without --ats, CANDIDATE is a Kula candidate.',
    );
  const found = getCandidateDetail(core.context.db, connectionId, ids[0]!)!;
  const detail = { ...found, provider: getConnectionRow(core.context.db, connectionId)!.provider };
  if (!ctx.io.json) {
    const out = (line: string) => ctx.io.out(line);
    out(`${detail.name} <${detail.primaryEmail ?? 'no email'}> (${detail.id}), ${ats}`);
    out(`  Emails: ${detail.emails.join(', ') || '—'}`);
    out(`  Phones: ${detail.phones.join(', ') || '—'}`);
    out(`  Links: ${detail.links.join(', ') || '—'}`);
    out(`  In ${ats} since ${detail.createdAt ?? '—'}; last change ${detail.updatedAt ?? '—'}`);
    if (detail.profileUrl) out(`  Profile: ${detail.profileUrl}`);
    out('');
    out(`Applications (${detail.applications.length}):`);
    if (detail.applications.length === 0)
      out('  None in the cache (confidential jobs are hidden from keys without access).');
    else
      table(
        ctx.io,
        ['JOB', 'STAGE', 'STATUS', 'ARCHIVE REASON', 'SOURCE', 'APPLIED', 'APPLICATION'],
        detail.applications.map((application) => [
          application.jobTitle ?? 'Unknown job',
          stageText(application),
          application.status,
          application.archiveReason ?? '—',
          `${application.source ?? '—'}${application.createdByConsole ? ' (created by the console)' : ''}`,
          application.createdAt?.slice(0, 10) ?? '—',
          application.id,
        ]),
      );
  }
  return detail;
}
