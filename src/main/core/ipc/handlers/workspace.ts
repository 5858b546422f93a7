import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { ConsoleError } from '../../errors';
import { addNote, createReferral, logMessage, uploadResume } from '../../workspace/activity';
import { addCandidate, listCandidates, moveCandidate } from '../../workspace/candidates';
import { importCsv, previewCsvImport } from '../../workspace/csv';
import { getCandidateDetail } from '../../workspace/detail';
import {
  addToFlow,
  createFlow,
  getFlow,
  linkFlow,
  listFlows,
  listOpenJobs,
} from '../../workspace/flows';

type WorkspaceHandlers = Pick<
  Handlers,
  | 'flows:list'
  | 'flows:get'
  | 'flows:create'
  | 'flows:link'
  | 'flows:add-candidates'
  | 'workspace:open-jobs'
  | 'candidates:list'
  | 'candidates:get'
  | 'candidates:add'
  | 'candidates:move'
  | 'candidates:preview-csv'
  | 'candidates:import-csv'
  | 'notes:add'
  | 'messages:log'
  | 'resumes:upload'
  | 'referrals:create'
>;

export function createWorkspaceHandlers(ctx: CoreContext): WorkspaceHandlers {
  return {
    'flows:list': () => listFlows(ctx),
    'flows:get': (input) => getFlow(ctx, input.id),
    'flows:create': (input) => createFlow(ctx, { name: input.name, link: input.link ?? null }),
    'flows:link': (input) => linkFlow(ctx, input.id, input.link),
    'flows:add-candidates': (input) => addToFlow(ctx, input.id, input.candidateIds),
    'workspace:open-jobs': (input) => listOpenJobs(ctx, input.connectionId),
    'candidates:list': (input) => listCandidates(ctx, input),
    'candidates:get': (input) => getCandidateDetail(ctx, input.id),
    'candidates:add': (input) =>
      addCandidate(ctx, { ...input.candidate, flowIds: input.flowIds, origin: 'form' }),
    'candidates:move': (input) => moveCandidate(ctx, input.id, input.kulaStageId),
    'candidates:preview-csv': (input) => previewCsvImport(ctx, input),
    'candidates:import-csv': (input) => importCsv(ctx, { ...input, origin: 'csv' }),
    'notes:add': (input) =>
      addNote(ctx, { candidate: input.candidateId, body: input.body, private: input.private }),
    'messages:log': (input) => logMessage(ctx, { ...input, candidate: input.candidateId }),
    'resumes:upload': (input) => {
      const bytes = Buffer.from(input.base64, 'base64');
      if (bytes.length === 0) {
        throw new ConsoleError('BAD_INPUT', 'The file is empty.', 'Choose the resume file again.');
      }
      return uploadResume(ctx, { candidate: input.candidateId, fileName: input.fileName, bytes });
    },
    'referrals:create': (input) => createReferral(ctx, input),
  };
}
