import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import {
  addToFlow,
  createFlow,
  getFlow,
  linkFlow,
  listFlows,
  listOpenJobs,
} from '../../kula/flows';

type FlowsHandlers = Pick<
  Handlers,
  | 'flows:list'
  | 'flows:get'
  | 'flows:create'
  | 'flows:link'
  | 'flows:add-candidates'
  | 'flows:open-jobs'
>;

export function createFlowsHandlers(ctx: CoreContext): FlowsHandlers {
  return {
    'flows:list': () => listFlows(ctx),
    'flows:get': (input) => getFlow(ctx, input.id),
    'flows:create': (input) => createFlow(ctx, { name: input.name, link: input.link ?? null }),
    'flows:link': (input) => linkFlow(ctx, input.id, input.link),
    'flows:add-candidates': (input) => addToFlow(ctx, input.id, input.candidateIds),
    'flows:open-jobs': (input) => listOpenJobs(ctx, input.connectionId),
  };
}
