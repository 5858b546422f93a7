import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import {
  addKulaStage,
  listPipeline,
  removeKulaStage,
  renameKulaStage,
  reorderKulaStages,
} from '../../mapping/pipeline';

type KulaStagesHandlers = Pick<
  Handlers,
  | 'kula-stages:list'
  | 'kula-stages:add'
  | 'kula-stages:rename'
  | 'kula-stages:reorder'
  | 'kula-stages:remove'
>;

export function createKulaStagesHandlers(ctx: CoreContext): KulaStagesHandlers {
  return {
    'kula-stages:list': () => listPipeline(ctx),
    'kula-stages:add': (input) => addKulaStage(ctx, { name: input.name, after: input.after }),
    'kula-stages:rename': (input) => renameKulaStage(ctx, { stage: input.id, name: input.name }),
    'kula-stages:reorder': (input) => reorderKulaStages(ctx, input.ids),
    'kula-stages:remove': (input) => {
      const result = removeKulaStage(ctx, { stage: input.id });
      return { removed: result.removed, unmappedRows: result.unmappedRows.length };
    },
  };
}
