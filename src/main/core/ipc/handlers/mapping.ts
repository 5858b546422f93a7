import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import {
  addKulaStage,
  listPipeline,
  removeKulaStage,
  renameKulaStage,
  reorderKulaStages,
} from '../../mapping/pipeline';
import {
  confirmMapping,
  exportMapping,
  getMappingView,
  previewMappingImport,
  saveMapping,
} from '../../mapping/service';

type MappingHandlers = Pick<
  Handlers,
  | 'kula-stages:list'
  | 'kula-stages:add'
  | 'kula-stages:rename'
  | 'kula-stages:reorder'
  | 'kula-stages:remove'
  | 'mapping:get'
  | 'mapping:save'
  | 'mapping:confirm'
  | 'mapping:export'
  | 'mapping:preview-import'
>;

export function createMappingHandlers(ctx: CoreContext): MappingHandlers {
  return {
    'kula-stages:list': () => listPipeline(ctx),
    'kula-stages:add': (input) => addKulaStage(ctx, { name: input.name, after: input.after }),
    'kula-stages:rename': (input) => renameKulaStage(ctx, { stage: input.id, name: input.name }),
    'kula-stages:reorder': (input) => reorderKulaStages(ctx, input.ids),
    'kula-stages:remove': (input) => {
      const result = removeKulaStage(ctx, { stage: input.id });
      return { removed: result.removed, unmappedRows: result.unmappedRows.length };
    },
    'mapping:get': (input) => getMappingView(ctx, input.connectionId),
    'mapping:save': (input) => saveMapping(ctx, input),
    'mapping:confirm': (input) => confirmMapping(ctx, input.connectionId),
    'mapping:export': (input) => exportMapping(ctx, input.connectionId),
    'mapping:preview-import': (input) => previewMappingImport(ctx, input.connectionId, input.text),
  };
}
