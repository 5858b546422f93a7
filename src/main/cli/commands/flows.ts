import { getCandidateDetail } from '../../core/kula/detail';
import { addToFlow, createFlow, getFlow, linkFlow, listFlows } from '../../core/kula/flows';
import { UsageError, usageLine, type CommandSpec } from '../command';
import { ALREADY_PRINTED, LIST_OPTIONS, writeJsonLines } from '../list-output';
import { table } from '../table';
import { jobOption } from './kula-options';

/**
 * Kula flows from the command line: create, list, show, link to an open ATS job, add candidates.
 * Every change is saved with its outbox rows; `sync` sends them. Flows are named by id or name,
 * jobs by id or exact title.
 */

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
  usage: '[--all] [--jsonl]',
  // Every flow is listed: --all is taken for the same habits as the other lists.
  options: { ...LIST_OPTIONS },
  run(ctx, { values }) {
    const flows = listFlows(ctx.core().context);
    if (values.jsonl === true) {
      writeJsonLines(ctx.io, flows);
      return ALREADY_PRINTED;
    }
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

export const FLOW_COMMANDS: CommandSpec[] = [
  flowsCreateCommand,
  flowsListCommand,
  flowsLinkCommand,
  flowsShowCommand,
  flowsAddCommand,
];
