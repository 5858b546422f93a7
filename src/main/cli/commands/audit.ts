import { listAudit } from '../../core/db/repos/audit';
import { UsageError, type CommandSpec } from '../command';
import { ALREADY_PRINTED, LIST_OPTIONS, allOrCount, writeJsonLines } from '../list-output';
import { resolveConnection } from '../resolve-connection';
import { parseCountArg, parseTimeArg } from '../time-arg';

/** `audit`: who did what in the console, and when. */
export const auditCommand: CommandSpec = {
  name: 'audit',
  summary:
    'Show the audit trail: who connected, disconnected, changed mappings or settings, synced by hand',
  usage: `[--since T] [--until T] [--action A] [--actor WHO] [--connection C] [--search WORDS] [--limit N | --all] [--jsonl]

  --action  an action (sync.manual) or a family ending in a dot (connection.)`,
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    action: { type: 'string' },
    actor: { type: 'string' },
    connection: { type: 'string' },
    search: { type: 'string' },
    limit: { type: 'string' },
    ...LIST_OPTIONS,
  },
  readOnly: true,
  run(ctx, { values }) {
    const since = parseTimeArg('since', values.since);
    const until = parseTimeArg('until', values.until);
    if (since && until && since >= until) throw new UsageError('--since must be before --until.');
    const { db } = ctx.core().context;
    const entries = listAudit(db, {
      limit: allOrCount(values, () => parseCountArg('limit', values.limit, 50, 1000)),
      ...(typeof values.action === 'string' ? { action: values.action } : {}),
      ...(typeof values.actor === 'string' ? { actor: values.actor } : {}),
      ...(typeof values.connection === 'string'
        ? { target: resolveConnection(db, values.connection).id }
        : {}),
      ...(typeof values.search === 'string' ? { search: values.search } : {}),
      since,
      until,
    });
    if (values.jsonl === true) {
      writeJsonLines(ctx.io, entries);
      return ALREADY_PRINTED;
    }
    if (!ctx.io.json) {
      if (entries.length === 0) ctx.io.out('Nothing recorded matches.');
      // Oldest first, like a log; the details in full (they are the point).
      for (const entry of [...entries].reverse()) {
        ctx.io.out(
          `${entry.at}  ${entry.actor}  ${entry.action}${entry.target ? `  ${entry.target}` : ''}\n    ${entry.summary}`,
        );
      }
    }
    return { entries };
  },
};
