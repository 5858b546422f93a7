import { ConsoleError } from '../../core/errors';
import type { ConsoleCore } from '../../core/core';
import { listOpenJobs, type JobLinkInput } from '../../core/kula/flows';
import { UsageError, usageLine, type CommandSpec } from '../command';
import { resolveConnection } from '../resolve-connection';

/** Option readers shared by the commands on Kula's side (flows, candidates, their activity). */

export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

export const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};
export const list = (values: Values, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
};

export function requireOption(command: CommandSpec, values: Values, name: string): string {
  const value = text(values, name);
  if (!value?.trim()) throw new UsageError(`--${name} is required.`, usageLine(command));
  return value;
}

/** `--connection C --job J` → an open job (by id, else by exact title). */
export function jobOption(core: ConsoleCore, command: CommandSpec, values: Values): JobLinkInput {
  const connection = resolveConnection(
    core.context.db,
    text(values, 'connection'),
    usageLine(command),
  );
  const wanted = requireOption(command, values, 'job');
  const jobs = listOpenJobs(core.context, connection.id);
  const job =
    jobs.find((item) => item.jobId === wanted) ??
    jobs.find((item) => item.title.toLowerCase() === wanted.trim().toLowerCase());
  if (!job) {
    throw new ConsoleError(
      'NOT_FOUND',
      `“${wanted}” is not an open job of “${connection.label}” in the cache.`,
      `List the open jobs with \`jobs list --open --connection ${connection.id}\` (sync first if it is new).`,
    );
  }
  return { connectionId: connection.id, jobId: job.jobId };
}
