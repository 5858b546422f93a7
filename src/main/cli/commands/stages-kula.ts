import type { KulaStage } from '../../../shared/domain/mapping';
import {
  addKulaStage,
  listPipeline,
  moveKulaStage,
  removeKulaStage,
  renameKulaStage,
} from '../../core/mapping/pipeline';
import { UsageError, usageLine, type CommandContext, type CommandSpec } from '../command';

function printStages(ctx: CommandContext, stages: KulaStage[]): void {
  const width = Math.max(...stages.map((stage) => stage.id.length), 4) + 2;
  for (const stage of stages) {
    ctx.io.out(
      `  ${String(stage.position + 1).padStart(2)}. ${stage.id.padEnd(width)}${stage.name}${stage.inUse ? `  (${stage.inUse} in use)` : ''}`,
    );
  }
}

export const stagesKulaListCommand: CommandSpec = {
  name: 'stages kula list',
  summary: "List Kula's pipeline stages in order",
  usage: '',
  run(ctx) {
    const stages = listPipeline(ctx.core().context);
    if (!ctx.io.json) printStages(ctx, stages);
    return stages;
  },
};

export const stagesKulaAddCommand: CommandSpec = {
  name: 'stages kula add',
  summary: "Add a stage to Kula's pipeline (at the end, or after a stage)",
  usage: 'NAME [--after STAGE]',
  positionals: { min: 1, max: 1 },
  options: { after: { type: 'string' } },
  run(ctx, { values, positionals }) {
    const stage = addKulaStage(ctx.core().context, {
      name: positionals[0] ?? '',
      after: typeof values.after === 'string' ? values.after : null,
    });
    if (!ctx.io.json)
      ctx.io.out(
        `Added "${stage.name}" (id ${stage.id}) at position ${stage.position + 1}. Map it for each connection: \`mappings set CONNECTION --direction kula-to-ats --from ${stage.id} --to STAGE\`.`,
      );
    return stage;
  },
};

export const stagesKulaRenameCommand: CommandSpec = {
  name: 'stages kula rename',
  summary: 'Rename a Kula stage (its id, and so every mapping, stays)',
  usage: 'STAGE NAME',
  positionals: { min: 2, max: 2 },
  run(ctx, { positionals }) {
    const stage = renameKulaStage(ctx.core().context, {
      stage: positionals[0] ?? '',
      name: positionals[1] ?? '',
    });
    if (!ctx.io.json) ctx.io.out(`Renamed ${stage.id} to "${stage.name}".`);
    return stage;
  },
};

export const stagesKulaReorderCommand: CommandSpec = {
  name: 'stages kula reorder',
  summary: 'Move a Kula stage to a position (1 = first)',
  usage: 'STAGE --position N',
  positionals: { min: 1, max: 1 },
  options: { position: { type: 'string' } },
  run(ctx, { values, positionals }) {
    const position = Number(values.position);
    if (typeof values.position !== 'string' || !Number.isInteger(position)) {
      throw new UsageError(
        '--position needs a whole number (1 = first).',
        usageLine(stagesKulaReorderCommand),
      );
    }
    const stages = moveKulaStage(ctx.core().context, { stage: positionals[0] ?? '', position });
    if (!ctx.io.json) printStages(ctx, stages);
    return stages;
  },
};

export const stagesKulaRemoveCommand: CommandSpec = {
  name: 'stages kula remove',
  summary: 'Remove an unused Kula stage (ATS → Kula rows that pointed at it become unmapped)',
  usage: 'STAGE',
  positionals: { min: 1, max: 1 },
  run(ctx, { positionals }) {
    const result = removeKulaStage(ctx.core().context, { stage: positionals[0] ?? '' });
    if (!ctx.io.json) {
      ctx.io.out(`Removed "${result.removed.name}".`);
      if (result.unmappedRows.length > 0)
        ctx.io.out(
          `${result.unmappedRows.length} ATS → Kula row(s) that pointed at it are now not mapped and flagged for review: ${result.unmappedRows.map((row) => `${row.atsLabel} (${row.connectionId})`).join(', ')}.`,
        );
    }
    return result;
  },
};

export const KULA_STAGE_COMMANDS: CommandSpec[] = [
  stagesKulaListCommand,
  stagesKulaAddCommand,
  stagesKulaRenameCommand,
  stagesKulaReorderCommand,
  stagesKulaRemoveCommand,
];
