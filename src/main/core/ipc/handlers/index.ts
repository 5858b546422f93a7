import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { createAppHandlers } from './app';
import { createAtsHandlers } from './ats';
import { createConnectionHandlers } from './connections';
import { createOAuthHandlers } from './oauth';
import { createMappingHandlers } from './mapping';
import { createOutboxHandlers } from './outbox';
import { createSyncHandlers } from './sync';
import { createWorkspaceHandlers } from './workspace';
import { createSyncLogHandlers } from './sync-log';

/** Every channel's handler. `satisfies Handlers` fails the build if one is missing or extra. */
export function createHandlers(ctx: CoreContext): Handlers {
  return {
    ...createAppHandlers(ctx),
    ...createConnectionHandlers(ctx),
    ...createOAuthHandlers(ctx),
    ...createMappingHandlers(ctx),
    ...createSyncHandlers(ctx),
    ...createAtsHandlers(ctx),
    ...createWorkspaceHandlers(ctx),
    ...createOutboxHandlers(ctx),
    ...createSyncLogHandlers(ctx),
  } satisfies Handlers;
}
