import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { addCandidate, listCandidates, moveCandidate } from '../../kula/candidates';
import { importCsv, previewCsvImport } from '../../kula/csv';
import { getCandidateDetail } from '../../kula/detail';

type CandidatesHandlers = Pick<
  Handlers,
  | 'candidates:list'
  | 'candidates:get'
  | 'candidates:add'
  | 'candidates:move'
  | 'candidates:preview-csv'
  | 'candidates:import-csv'
>;

export function createCandidatesHandlers(ctx: CoreContext): CandidatesHandlers {
  return {
    'candidates:list': (input) => listCandidates(ctx, input),
    'candidates:get': (input) => getCandidateDetail(ctx, input.id),
    'candidates:add': (input) =>
      addCandidate(ctx, { ...input.candidate, flowIds: input.flowIds, origin: 'form' }),
    'candidates:move': (input) => moveCandidate(ctx, input.id, input.kulaStageId),
    'candidates:preview-csv': (input) => previewCsvImport(ctx, input),
    'candidates:import-csv': (input) => importCsv(ctx, { ...input, origin: 'csv' }),
  };
}
