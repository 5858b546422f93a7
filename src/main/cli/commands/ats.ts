import {
  defaultCacheConnection,
  listCandidates,
  listJobs,
  listStages,
} from '../../core/db/repos/ats-read';
import { UsageError, type CommandSpec } from '../command';
import type { ConsoleCore } from '../../core/core';
import { resolveConnection } from '../resolve-connection';
import { table } from '../table';
import { echo } from '../terminal-text';
import { listKulaCandidates } from './kula-candidates';

/** Reads of the local cache: work offline, no key needed. */

const connection = { connection: { type: 'string' } } as const;

/** The connection named by --connection, else the first one with cached data. */
function cacheConnection(core: ConsoleCore, value: unknown): string | null {
  return typeof value === 'string'
    ? resolveConnection(core.context.db, value).id
    : defaultCacheConnection(core.context.db);
}

export const jobsListCommand: CommandSpec = {
  name: 'jobs list',
  summary: 'List cached jobs; --open for open jobs only',
  usage: '[--open] [--search TEXT] [--connection ID]',
  options: { open: { type: 'boolean' }, search: { type: 'string' }, ...connection },
  readOnly: true,
  run(ctx, { values }) {
    const core = ctx.core();
    const id = cacheConnection(core, values.connection);
    const list = listJobs(core.context.db, id, {
      status: values.open === true ? 'open' : 'all',
      search: typeof values.search === 'string' ? values.search : undefined,
    });
    if (!ctx.io.json) {
      ctx.io.out(`${list.counts.open} open, ${list.counts.closed} closed jobs.`);
      table(
        ctx.io,
        ['ID', 'TITLE', 'STATUS', 'APPLICATIONS', 'ACTIVE'],
        list.jobs.map((job) => [
          job.id,
          job.title,
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
  usage: '[--connection ID]',
  options: { ...connection },
  readOnly: true,
  run(ctx, { values }) {
    const core = ctx.core();
    const id = cacheConnection(core, values.connection);
    const stages = listStages(core.context.db, id);
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
  usage: '[--kula [--flow FLOW]] [--search TEXT] [--limit N] [--offset N] [--connection ID]',
  options: {
    search: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    kula: { type: 'boolean' },
    flow: { type: 'string' },
    ...connection,
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
    if (values.kula === true || values.flow !== undefined) {
      return listKulaCandidates(
        ctx,
        values,
        Math.max(1, number('limit', 50, 500)),
        number('offset', 0, Number.MAX_SAFE_INTEGER),
      );
    }
    const id = cacheConnection(core, values.connection);
    const page = listCandidates(core.context.db, id, {
      search: typeof values.search === 'string' ? values.search : undefined,
      limit: Math.max(1, number('limit', 50, 500)),
      offset: number('offset', 0, Number.MAX_SAFE_INTEGER),
      sort: 'name',
    });
    if (!ctx.io.json) {
      ctx.io.out(
        `${page.total.toLocaleString('en-US')} candidates${values.search ? ` match “${echo(String(values.search))}”` : ''}; showing ${page.rows.length} from ${page.offset + 1}.`,
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
