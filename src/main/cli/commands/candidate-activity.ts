import path from 'node:path';
import {
  MESSAGE_CHANNELS,
  RESUME_MAX_BYTES,
  type MessageChannel,
} from '../../../shared/domain/kula';
import { addNote, createReferral, logMessage, uploadResume } from '../../core/kula/activity';
import { UsageError, usageLine, type CommandSpec } from '../command';
import { readInputFile } from '../input-file';
import { jobOption, list, requireOption, text } from './kula-options';

/**
 * What happens to a Kula candidate from the command line: notes, logged messages, resumes and
 * referrals. Each is saved with its outbox rows; `sync` sends what the write-back rules allow.
 */

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
    const bytes = readInputFile(file, { what: 'a resume', maxBytes: RESUME_MAX_BYTES });
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

export const CANDIDATE_ACTIVITY_COMMANDS: CommandSpec[] = [
  notesAddCommand,
  messagesLogCommand,
  resumesUploadCommand,
  referralsCreateCommand,
];
