import { listRuns } from '../../core/db/repos/sync-runs';
import type { CommandSpec } from '../command';
import { resolveConnection } from '../resolve-connection';
import { ALREADY_PRINTED, LIST_OPTIONS, allOrCount, writeJsonLines } from '../list-output';
import { table } from '../table';
import { parseCountArg } from '../time-arg';

/** `runs list`: recent sync runs, newest first. */
export const runsListCommand: CommandSpec = {
  name: 'runs list',
  summary: 'List recent sync runs: trigger, status, duration, records pulled and pushed, errors',
  usage: '[--connection C] [--limit N | --all] [--jsonl]',
  options: { connection: { type: 'string' }, limit: { type: 'string' }, ...LIST_OPTIONS },
  readOnly: true,
  run(ctx, { values }) {
    const { db } = ctx.core().context;
    const connectionId =
      typeof values.connection === 'string'
        ? resolveConnection(db, values.connection).id
        : undefined;
    const runs = listRuns(db, {
      connectionId,
      limit: allOrCount(values, () => parseCountArg('limit', values.limit, 20, 500)),
    });
    if (values.jsonl === true) {
      writeJsonLines(ctx.io, runs);
      return ALREADY_PRINTED;
    }
    if (!ctx.io.json) {
      if (runs.length === 0) ctx.io.out('No syncs have run yet.');
      else
        table(
          ctx.io,
          [
            'RUN',
            'CONNECTION',
            'STARTED',
            'TRIGGER',
            'STATUS',
            'DURATION',
            'PULLED',
            'PUSHED',
            'ERRORS',
          ],
          runs.map((run) => [
            `#${run.id}`,
            run.connectionId,
            run.startedAt,
            run.trigger,
            run.status,
            run.finishedAt
              ? `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
              : '-',
            run.recordsPulled,
            run.recordsPushed,
            run.errors,
          ]),
        );
    }
    return { runs };
  },
};
