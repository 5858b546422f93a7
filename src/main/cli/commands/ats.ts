import { listCandidates, listJobs, listStages } from '../../core/db/repos/ats-read';
import { UsageError, type CommandSpec } from '../command';
import { cacheConnection } from '../resolve-connection';
import { ALREADY_PRINTED, LIST_OPTIONS, everyRow, listMode, writeJsonLines } from '../list-output';
import { table } from '../table';
import { echo } from '../terminal-text';
import { listKulaCandidates } from './kula-candidates';

/** Reads of the local cache: work offline, no key needed. */

const connection = { connection: { type: 'string' } } as const;
const LIMITS = { defaultLimit: 50, maxLimit: 500 };

export const jobsListCommand: CommandSpec = {
  name: 'jobs list',
  summary: 'List cached jobs; --open for open jobs only',
  usage: '[--open] [--search TEXT] [--connection ID] [--all] [--jsonl]',
  // Every matching job is listed: --all is taken for the same habits as the other lists.
  options: {
    open: { type: 'boolean' },
    search: { type: 'string' },
    ...connection,
    ...LIST_OPTIONS,
  },
  readOnly: true,
  run(ctx, { values }) {
    const core = ctx.core();
    const id = cacheConnection(core, values.connection);
    const list = listJobs(core.context.db, id, {
      status: values.open === true ? 'open' : 'all',
      search: typeof values.search === 'string' ? values.search : undefined,
    });
    if (values.jsonl === true) {
      writeJsonLines(ctx.io, list.jobs);
      return ALREADY_PRINTED;
    }
    if (!ctx.io.json) {
      ctx.io.out(`${list.counts.open} open, ${list.counts.closed} closed jobs.`);
      table(
        ctx.io,
        ['ID', 'TITLE', 'DEPARTMENT', 'LOCATION', 'STATUS', 'APPLICATIONS', 'ACTIVE'],
        list.jobs.map((job) => [
          job.id,
          job.title,
          job.department ?? '—',
          job.location ?? '—',
          job.status,
          job.applications,
          job.activeApplications,
        ]),
      );
    }
    return list;
  },
};

export const stagesListCommand: CommandSpec = {
  name: 'stages list',
  summary: 'List cached interview stages by plan',
  usage: '[--connection ID] [--all] [--jsonl]',
  // Every stage is listed: --all is taken for the same habits as the other lists.
  options: { ...connection, ...LIST_OPTIONS },
  readOnly: true,
  run(ctx, { values }) {
    const core = ctx.core();
    const id = cacheConnection(core, values.connection);
    const stages = listStages(core.context.db, id);
    if (values.jsonl === true) {
      writeJsonLines(ctx.io, stages);
      return ALREADY_PRINTED;
    }
    if (!ctx.io.json) {
      table(
        ctx.io,
        ['PLAN', 'STAGE', 'TYPE', 'ORDER', 'APPLICATIONS', 'ID'],
        stages.map((stage) => [
          stage.planTitle ?? '—',
          stage.title,
          stage.type ?? '—',
          stage.position,
          stage.applications,
          stage.id,
        ]),
      );
    }
    return { connectionId: id, stages };
  },
};

export const candidatesListCommand: CommandSpec = {
  name: 'candidates list',
  summary:
    'List cached ATS candidates, or with --kula the Kula workspace’s (--flow F: a flow’s); --search matches name or email',
  usage: `[--kula [--flow FLOW]] [--search TEXT] [--limit N] [--offset N] [--all] [--jsonl] [--connection ID]

  --all    every matching candidate instead of a page (--limit, default 50, at most 500)
  --jsonl  one JSON object per candidate per line, written as they are read`,
  options: {
    search: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    kula: { type: 'boolean' },
    flow: { type: 'string' },
    ...connection,
    ...LIST_OPTIONS,
  },
  readOnly: true,
  run(ctx, { values }) {
    const core = ctx.core();
    const number = (name: string, fallback: number, max: number) => {
      const raw = values[name];
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0 || value > max)
        throw new UsageError(`--${name} must be a whole number from 0 to ${max}.`);
      return value;
    };
    const limit = Math.max(1, number('limit', 50, 500));
    const offset = number('offset', 0, Number.MAX_SAFE_INTEGER);
    const { all, jsonl } = listMode({ ...values, limit: undefined, offset: undefined }, LIMITS);
    if (all && (values.limit !== undefined || values.offset !== undefined))
      throw new UsageError('--all lists every row: leave out --limit and --offset.');
    if (values.kula === true || values.flow !== undefined) {
      return listKulaCandidates(ctx, values, { limit, offset, all, jsonl });
    }
    const id = cacheConnection(core, values.connection);
    const search = typeof values.search === 'string' ? values.search : undefined;
    const read = (from: number, count: number) =>
      listCandidates(core.context.db, id, { search, limit: count, offset: from, sort: 'name' });
    if (jsonl) {
      writeJsonLines(ctx.io, all ? everyRow(read) : read(offset, limit).rows);
      return ALREADY_PRINTED;
    }
    const page = all
      ? (() => {
          const rows = [...everyRow(read)];
          return { connectionId: id, total: rows.length, offset: 0, rows };
        })()
      : read(offset, limit);
    if (!ctx.io.json) {
      ctx.io.out(
        `${page.total.toLocaleString('en-US')} candidates${values.search ? ` match “${echo(String(values.search))}”` : ''}${all ? '' : `; showing ${page.rows.length} from ${page.offset + 1}`}.`,
      );
      table(
        ctx.io,
        ['ID', 'NAME', 'EMAIL', 'APPLICATIONS'],
        page.rows.map((row) => [row.id, row.name, row.email ?? '—', row.applications]),
      );
    }
    return page;
  },
};
