import {
  OUTBOX_STATES,
  type OutboxState,
  type WriteBackPreview,
} from '../../../shared/domain/outbox';
import { candidateByEmail, getCandidateRow } from '../../core/db/repos/kula';
import { previewWriteBack } from '../../core/writeback/preview';
import { UsageError, usageLine, type CliIo, type CommandSpec } from '../command';
import { resolveConnection } from '../resolve-connection';
import { ALREADY_PRINTED, LIST_OPTIONS, everyRow, writeJsonLines } from '../list-output';
import { table } from '../table';

/** The outbox from the command line: list, retry, discard, and what the next sync would send. */

export const outboxListCommand: CommandSpec = {
  name: 'outbox list',
  summary:
    'List queued writes to the ATSs (default: waiting or failed, the newest 200; --all for every one, in every state unless --state says)',
  usage: `[--connection C] [--candidate CANDIDATE] [--state ${OUTBOX_STATES.join('|')}]... [--limit N | --all] [--jsonl]`,
  options: {
    connection: { type: 'string' },
    candidate: { type: 'string' },
    state: { type: 'string', multiple: true },
    limit: { type: 'string' },
    ...LIST_OPTIONS,
  },
  run(ctx, { values }) {
    const core = ctx.core();
    const states = (Array.isArray(values.state) ? values.state.map(String) : []) as OutboxState[];
    for (const state of states) {
      if (!OUTBOX_STATES.includes(state)) {
        throw new UsageError(
          `--state must be one of ${OUTBOX_STATES.join(', ')}.`,
          usageLine(outboxListCommand),
        );
      }
    }
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new UsageError(
        '--limit must be a whole number from 1 to 500.',
        usageLine(outboxListCommand),
      );
    }
    if (values.all === true && values.limit !== undefined)
      throw new UsageError(
        '--all lists every row: leave out --limit.',
        usageLine(outboxListCommand),
      );
    const connectionId =
      typeof values.connection === 'string'
        ? resolveConnection(core.context.db, values.connection).id
        : undefined;
    const candidateId =
      typeof values.candidate === 'string'
        ? ((
            getCandidateRow(core.context.db, values.candidate) ??
            candidateByEmail(core.context.db, values.candidate)
          )?.id ?? values.candidate)
        : undefined;
    const filter = {
      connectionId,
      candidateId,
      states: states.length
        ? states
        : values.all === true
          ? undefined
          : (['pending', 'in_flight', 'failed'] as OutboxState[]),
    };
    const read = (offset: number, count: number) =>
      core.context.writeBack.list({ ...filter, limit: count, offset });
    const everyItem = () => everyRow((offset, count) => ({ rows: read(offset, count).items }), 500);
    if (values.jsonl === true) {
      writeJsonLines(ctx.io, values.all === true ? everyItem() : read(0, limit).items);
      return ALREADY_PRINTED;
    }
    // With --all, the first row's page gives the total and what is on hold; the items are all.
    const page = values.all === true ? { ...read(0, 1), items: [...everyItem()] } : read(0, limit);
    if (!ctx.io.json) {
      for (const held of page.held)
        ctx.io.out(`On hold for ${held.connectionLabel}: ${held.reason} ${held.action}`);
      ctx.io.out(`${page.total} write${page.total === 1 ? '' : 's'}.`);
      table(
        ctx.io,
        ['#', 'STATE', 'CONNECTION', 'CANDIDATE', 'WRITE', 'REASON OR OUTCOME'],
        page.items.map((item) => [
          item.id,
          item.state,
          item.connectionLabel,
          item.candidateName,
          item.title,
          item.state === 'failed' || (item.state === 'pending' && item.lastError)
            ? `${item.lastError ?? ''} ${item.lastAction ?? ''}`.trim()
            : item.waitingFor
              ? `waits for #${item.waitingFor}`
              : (item.outcome ?? ''),
        ]),
      );
    }
    return page;
  },
};

function ids(command: CommandSpec, positionals: string[]): number[] {
  const out = positionals.map((value) => Number(value.replace(/^#/, '')));
  if (out.some((id) => !Number.isInteger(id) || id < 1)) {
    throw new UsageError(
      'Give write numbers as shown by `outbox list` (e.g. 12 or #12).',
      usageLine(command),
    );
  }
  return out;
}

export const outboxRetryCommand: CommandSpec = {
  name: 'outbox retry',
  summary:
    'Retry failed writes (they are sent by the next `sync`; checked first, never duplicated)',
  usage: 'ID... | --all-failed [--connection C]',
  options: { 'all-failed': { type: 'boolean' }, connection: { type: 'string' } },
  positionals: { min: 0, max: 1000 },
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    let chosen = ids(outboxRetryCommand, positionals);
    if (values['all-failed'] === true) {
      const connectionId =
        typeof values.connection === 'string'
          ? resolveConnection(core.context.db, values.connection).id
          : undefined;
      chosen = core.context.writeBack
        .list({ connectionId, states: ['failed'], limit: 500, offset: 0 })
        .items.map((item) => item.id);
      if (chosen.length === 0) {
        if (!ctx.io.json) ctx.io.out('No failed writes to retry.');
        return { retried: 0 };
      }
    }
    if (chosen.length === 0) {
      throw new UsageError(
        'Name the writes to retry, or use --all-failed.',
        usageLine(outboxRetryCommand),
      );
    }
    const retried = core.context.writeBack.retry(chosen);
    if (!ctx.io.json)
      ctx.io.out(
        `${retried} write${retried === 1 ? '' : 's'} will be sent again by the next \`sync\`.`,
      );
    return { retried };
  },
};

export const outboxDiscardCommand: CommandSpec = {
  name: 'outbox discard',
  summary: 'Give up on writes: they are never sent (recorded in the audit trail)',
  usage: 'ID...',
  positionals: { min: 1, max: 1000 },
  run(ctx, { positionals }) {
    const discarded = ctx.core().context.writeBack.discard(ids(outboxDiscardCommand, positionals));
    if (!ctx.io.json) ctx.io.out(`${discarded} write${discarded === 1 ? '' : 's'} discarded.`);
    return { discarded };
  },
};

export const outboxPreviewCommand: CommandSpec = {
  name: 'outbox preview',
  summary: 'What the next sync would send, per candidate (same as `sync --dry-run`)',
  usage: '[CONNECTION]',
  positionals: { min: 0, max: 1 },
  run(ctx, { positionals }) {
    const core = ctx.core();
    const connectionId = positionals[0]
      ? resolveConnection(core.context.db, positionals[0]).id
      : undefined;
    const preview = previewWriteBack(core.context, connectionId);
    if (!ctx.io.json) printPreview(ctx.io, preview);
    return preview;
  },
};

export function printPreview(io: CliIo, preview: WriteBackPreview): void {
  for (const connection of preview.connections) {
    if (connection.held)
      io.out(
        `On hold for ${connection.connectionLabel}: ${connection.held.reason} ${connection.held.action}`,
      );
  }
  const { totals } = preview;
  io.out(
    `The next sync would: create ${totals.create}, link ${totals.link}, move ${totals.move}, add ${totals.note} note${totals.note === 1 ? '' : 's'}, upload ${totals.upload}; skip ${totals.skip}; ${totals.blocked} blocked. Nothing was sent.`,
  );
  for (const candidate of preview.candidates) {
    io.out(`${candidate.name}${candidate.email ? ` <${candidate.email}>` : ''}`);
    for (const action of candidate.actions) {
      io.out(
        `  ${action.verb.padEnd(7)} ${action.summary}${action.detail ? ` (${action.detail})` : ''}`,
      );
    }
  }
  io.out(
    `Privacy: ${preview.privacy.visible.length} note/message text${preview.privacy.visible.length === 1 ? '' : 's'} would become visible in an ATS; ${preview.privacy.privateNotesKept === 1 ? '1 private note stays' : `${preview.privacy.privateNotesKept} private notes stay`} in Kula.`,
  );
  for (const item of preview.privacy.visible) {
    io.out(`  ${item.kind} on ${item.candidateName} in ${item.connectionLabel}:`);
    for (const line of item.text.split('\n')) io.out(`    | ${line}`);
  }
}

export const OUTBOX_COMMANDS: CommandSpec[] = [
  outboxListCommand,
  outboxRetryCommand,
  outboxDiscardCommand,
  outboxPreviewCommand,
];
