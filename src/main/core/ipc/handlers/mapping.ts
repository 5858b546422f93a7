import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import {
  confirmMapping,
  exportMapping,
  getMappingView,
  previewMappingImport,
  saveMapping,
} from '../../mapping/service';

type MappingHandlers = Pick<
  Handlers,
  'mapping:get' | 'mapping:save' | 'mapping:confirm' | 'mapping:export' | 'mapping:preview-import'
>;

export function createMappingHandlers(ctx: CoreContext): MappingHandlers {
  return {
    'mapping:get': (input) => getMappingView(ctx, input.connectionId),
    'mapping:save': (input) => saveMapping(ctx, input),
    'mapping:confirm': (input) => confirmMapping(ctx, input.connectionId),
    'mapping:export': (input) => exportMapping(ctx, input.connectionId),
    'mapping:preview-import': (input) => previewMappingImport(ctx, input.connectionId, input.text),
  };
}
