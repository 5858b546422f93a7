import fs from 'node:fs';
import path from 'node:path';
import {
  MESSAGE_CHANNELS,
  RESUME_MAX_BYTES,
  type MessageChannel,
} from '../../../shared/domain/workspace';
import type { ConsoleCore } from '../../core/core';
import { ConsoleError } from '../../core/errors';
import { addNote, createReferral, logMessage, uploadResume } from '../../core/workspace/activity';
import { addCandidate, listCandidates, moveCandidate } from '../../core/workspace/candidates';
import { importCsv, previewCsvImport } from '../../core/workspace/csv';
import { getCandidateDetail } from '../../core/workspace/detail';
import {
  addToFlow,
  createFlow,
  getFlow,
  linkFlow,
  listFlows,
  listOpenJobs,
  type JobLinkInput,
} from '../../core/workspace/flows';
import { UsageError, usageLine, type CommandContext, type CommandSpec } from '../command';
import { resolveConnection } from '../resolve-connection';
import { table } from '../table';

/**
 * The Kula workspace from the command line: flows, candidates, notes, messages, resumes and
 * referrals. Every change is saved with its outbox rows; `sync` sends them (`sync --dry-run`
 * shows what it would send). Candidates are named by id or primary email, flows by id or name,
 * jobs by id or exact title.
 */

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};
const list = (values: Values, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
};

function requireOption(command: CommandSpec, values: Values, name: string): string {
  const value = text(values, name);
  if (!value?.trim()) throw new UsageError(`--${name} is required.`, usageLine(command));
  return value;
}

/** `--connection C --job J` → an open job (by id, else by exact title). */
function jobOption(core: ConsoleCore, command: CommandSpec, values: Values): JobLinkInput {
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

// ── flows ──

export const flowsCreateCommand: CommandSpec = {
  name: 'flows create',
  summary: 'Create a flow, optionally linked to an open ATS job',
  usage: 'NAME [--connection C --job JOB]',
  options: { connection: { type: 'string' }, job: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    const link = values.job ? jobOption(core, flowsCreateCommand, values) : null;
    const flow = createFlow(core.context, { name: positionals[0]!, link });
    if (!ctx.io.json) {
      ctx.io.out(
        `Created flow “${flow.name}” (${flow.id})${flow.link ? `, linked to “${flow.link.jobTitle}” in ${flow.link.connectionLabel}` : ''}.`,
      );
    }
    return flow;
  },
};

export const flowsListCommand: CommandSpec = {
  name: 'flows list',
  summary: 'List flows with their linked ATS job and candidates',
  usage: '',
  run(ctx) {
    const flows = listFlows(ctx.core().context);
    if (!ctx.io.json) {
      if (flows.length === 0) ctx.io.out('No flows yet: `flows create NAME`.');
      else
        table(
          ctx.io,
          ['ID', 'NAME', 'LINKED JOB', 'CANDIDATES', 'IN ATS', 'WAITING', 'FAILED'],
          flows.map((flow) => [
            flow.id,
            flow.name,
            flow.link
              ? `${flow.link.connectionLabel}: ${flow.link.jobTitle}${flow.link.jobOpen ? '' : ' (not open)'}`
              : '—',
            flow.candidates,
            flow.link ? flow.inAts : '—',
            flow.pendingWrites,
            flow.failedWrites,
          ]),
        );
    }
    return flows;
  },
};

export const flowsLinkCommand: CommandSpec = {
  name: 'flows link',
  summary: 'Link a flow to an open ATS job (its candidates get applications), or --unlink it',
  usage: 'FLOW (--connection C --job JOB | --unlink)',
  options: { connection: { type: 'string' }, job: { type: 'string' }, unlink: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    if (values.unlink !== true && !values.job) {
      throw new UsageError(
        'Give --job (and --connection), or --unlink.',
        usageLine(flowsLinkCommand),
      );
    }
    const link = values.unlink === true ? null : jobOption(core, flowsLinkCommand, values);
    const result = linkFlow(core.context, positionals[0]!, link);
    if (!ctx.io.json) {
      ctx.io.out(
        link
          ? `“${result.flow.name}” is linked to “${result.flow.link?.jobTitle}”; ${result.applicationsQueued} application${result.applicationsQueued === 1 ? '' : 's'} queued for its candidates.`
          : `“${result.flow.name}” is no longer linked; applications already created stay.`,
      );
    }
    return result;
  },
};

export const flowsShowCommand: CommandSpec = {
  name: 'flows show',
  summary: 'Show a flow and its candidates',
  usage: 'FLOW',
  positionals: { min: 1, max: 1 },
  run(ctx, { positionals }) {
    const flow = getFlow(ctx.core().context, positionals[0]!);
    if (!ctx.io.json) {
      ctx.io.out(
        `${flow.name}: ${flow.link ? `linked to “${flow.link.jobTitle}” (${flow.link.connectionLabel})` : 'not linked'}; ${flow.candidates} candidate${flow.candidates === 1 ? '' : 's'}.`,
      );
      table(
        ctx.io,
        ['ID', 'NAME', 'EMAIL', 'STAGE', 'ATS'],
        flow.members.map((member) => [
          member.id,
          member.name,
          member.email ?? '—',
          member.kulaStageName,
          member.atsLinks.map((link) => link.profileUrl ?? link.atsCandidateId).join(' ') || '—',
        ]),
      );
    }
    return flow;
  },
};

export const flowsAddCommand: CommandSpec = {
  name: 'flows add',
  summary: 'Add Kula candidates to a flow (a linked flow queues their applications)',
  usage: 'FLOW CANDIDATE...',
  positionals: { min: 2, max: 1000 },
  run(ctx, { positionals }) {
    const core = ctx.core();
    const [flow, ...candidates] = positionals as [string, ...string[]];
    const ids = candidates.map((wanted) => getCandidateDetail(core.context, wanted).id);
    const outcomes = addToFlow(core.context, flow, ids);
    if (!ctx.io.json) for (const outcome of outcomes) ctx.io.out(outcome.message);
    return outcomes;
  },
};

// ── candidates ──

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
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      throw new ConsoleError(
        'NOT_FOUND',
        `Cannot read ${file}.`,
        'Check the path and that you may read the file.',
      );
    }
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
  limit: number,
  offset: number,
) {
  const core = ctx.core();
  const flowId = text(values, 'flow') ? getFlow(core.context, text(values, 'flow')!).id : undefined;
  const page = listCandidates(core.context, {
    search: text(values, 'search'),
    flowId,
    limit,
    offset,
  });
  if (!ctx.io.json) {
    ctx.io.out(
      `${page.total} Kula candidate${page.total === 1 ? '' : 's'}; showing ${page.rows.length} from ${page.offset + 1}.`,
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

export const candidatesShowCommand: CommandSpec = {
  name: 'candidates show',
  summary: 'Show a Kula candidate: ATS links, applications, notes, messages, writes and history',
  usage: 'CANDIDATE',
  positionals: { min: 1, max: 1 },
  run(ctx, { positionals }) {
    const detail = getCandidateDetail(ctx.core().context, positionals[0]!);
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

// ── notes, messages, resumes, referrals ──

export const notesAddCommand: CommandSpec = {
  name: 'notes add',
  summary: 'Add a note to a Kula candidate (--private: it never leaves the console)',
  usage: 'CANDIDATE --body TEXT [--private]',
  options: { body: { type: 'string' }, private: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  run(ctx, { values, positionals }) {
    const result = addNote(ctx.core().context, {
      candidate: positionals[0]!,
      body: requireOption(notesAddCommand, values, 'body'),
      private: values.private === true,
    });
    if (!ctx.io.json) {
      ctx.io.out(
        values.private === true
          ? 'Private note saved; it stays in Kula.'
          : `Note saved; ${result.queued ? `queued for ${result.queued} ATS${result.queued === 1 ? '' : 's'}` : 'it stays in Kula until the candidate exists in an ATS through the console'}.`,
      );
    }
    return result;
  },
};

export const messagesLogCommand: CommandSpec = {
  name: 'messages log',
  summary: 'Log a conversation message with a Kula candidate (it becomes an ATS note)',
  usage: `CANDIDATE --body TEXT --direction inbound|outbound [--channel ${MESSAGE_CHANNELS.join('|')}] [--sender NAME] [--at ISO-TIME]`,
  options: {
    body: { type: 'string' },
    direction: { type: 'string' },
    channel: { type: 'string' },
    sender: { type: 'string' },
    at: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  run(ctx, { values, positionals }) {
    const direction = requireOption(messagesLogCommand, values, 'direction');
    if (direction !== 'inbound' && direction !== 'outbound') {
      throw new UsageError(
        '--direction must be inbound or outbound.',
        usageLine(messagesLogCommand),
      );
    }
    const channel = text(values, 'channel');
    if (channel && !MESSAGE_CHANNELS.includes(channel as MessageChannel)) {
      throw new UsageError(
        `--channel must be one of ${MESSAGE_CHANNELS.join(', ')}.`,
        usageLine(messagesLogCommand),
      );
    }
    const result = logMessage(ctx.core().context, {
      candidate: positionals[0]!,
      body: requireOption(messagesLogCommand, values, 'body'),
      direction,
      channel: channel as MessageChannel | undefined,
      sender: text(values, 'sender'),
      sentAt: text(values, 'at'),
    });
    if (!ctx.io.json)
      ctx.io.out(
        `Message logged; queued for ${result.queued} ATS${result.queued === 1 ? '' : 's'}.`,
      );
    return result;
  },
};

export const resumesUploadCommand: CommandSpec = {
  name: 'resumes upload',
  summary: 'Upload a resume for a Kula candidate (pdf, doc, docx, rtf, odt, txt; at most 10 MB)',
  usage: 'CANDIDATE FILE',
  positionals: { min: 2, max: 2 },
  run(ctx, { positionals }) {
    const file = path.resolve(positionals[1]!);
    let bytes: Buffer;
    try {
      const stat = fs.statSync(file);
      if (stat.size > RESUME_MAX_BYTES) {
        throw new ConsoleError(
          'BAD_INPUT',
          `${file} is larger than ${RESUME_MAX_BYTES / 1024 / 1024} MB.`,
          'Upload a smaller file.',
        );
      }
      bytes = fs.readFileSync(file);
    } catch (error) {
      if (error instanceof ConsoleError) throw error;
      throw new ConsoleError(
        'NOT_FOUND',
        `Cannot read ${file}.`,
        'Check the path and that you may read the file.',
      );
    }
    const result = uploadResume(ctx.core().context, {
      candidate: positionals[0]!,
      fileName: path.basename(file),
      bytes,
    });
    if (!ctx.io.json)
      ctx.io.out(`Resume saved; queued for ${result.queued} ATS${result.queued === 1 ? '' : 's'}.`);
    return result;
  },
};

export const referralsCreateCommand: CommandSpec = {
  name: 'referrals create',
  summary: 'Refer a candidate (existing, or new with --name/--email) to an open ATS job',
  usage:
    '(CANDIDATE | --name NAME --email EMAIL) --referrer NAME [--referrer-email EMAIL] --connection C --job JOB',
  options: {
    name: { type: 'string' },
    email: { type: 'string', multiple: true },
    referrer: { type: 'string' },
    'referrer-email': { type: 'string' },
    connection: { type: 'string' },
    job: { type: 'string' },
  },
  positionals: { min: 0, max: 1 },
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    if (!positionals[0] && !values.name) {
      throw new UsageError(
        'Name the candidate (id or email), or give --name and --email for a new one.',
        usageLine(referralsCreateCommand),
      );
    }
    const result = createReferral(core.context, {
      candidate: positionals[0] ?? {
        name: text(values, 'name') ?? '',
        emails: list(values, 'email'),
      },
      referrerName: requireOption(referralsCreateCommand, values, 'referrer'),
      referrerEmail: text(values, 'referrer-email') ?? null,
      job: jobOption(core, referralsCreateCommand, values),
    });
    if (!ctx.io.json) ctx.io.out(`Referral saved; the application is queued (sent by \`sync\`).`);
    return result;
  },
};

export const WORKSPACE_COMMANDS: CommandSpec[] = [
  flowsCreateCommand,
  flowsListCommand,
  flowsLinkCommand,
  flowsShowCommand,
  flowsAddCommand,
  candidatesAddCommand,
  candidatesImportCommand,
  candidatesShowCommand,
  candidatesMoveCommand,
  notesAddCommand,
  messagesLogCommand,
  resumesUploadCommand,
  referralsCreateCommand,
];
