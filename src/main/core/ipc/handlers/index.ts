import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { createAppHandlers } from './app';
import { createAtsHandlers } from './ats';
import { createAuditHandlers } from './audit';
import { createCandidatesHandlers } from './candidates';
import { createConnectionsHandlers } from './connections';
import { createFlowsHandlers } from './flows';
import { createHealthHandlers } from './health';
import { createKulaStagesHandlers } from './kula-stages';
import { createLinksHandlers } from './links';
import { createLogHandlers } from './log';
import { createMappingHandlers } from './mapping';
import { createMessagesHandlers } from './messages';
import { createNotesHandlers } from './notes';
import { createOAuthHandlers } from './oauth';
import { createOutboxHandlers } from './outbox';
import { createReferralsHandlers } from './referrals';
import { createResumesHandlers } from './resumes';
import { createRunsHandlers } from './runs';
import { createScheduleHandlers } from './schedule';
import { createSettingsHandlers } from './settings';
import { createSyncHandlers } from './sync';

/**
 * Every channel's handler, one file per channel prefix as in the contract. `satisfies Handlers`
 * fails the build if one is missing or extra.
 */
export function createHandlers(ctx: CoreContext): Handlers {
  return {
    ...createAppHandlers(ctx),
    ...createSettingsHandlers(ctx),
    ...createAuditHandlers(ctx),
    ...createLinksHandlers(ctx),
    ...createConnectionsHandlers(ctx),
    ...createRunsHandlers(ctx),
    ...createOAuthHandlers(ctx),
    ...createSyncHandlers(ctx),
    ...createAtsHandlers(ctx),
    ...createLogHandlers(ctx),
    ...createHealthHandlers(ctx),
    ...createScheduleHandlers(ctx),
    ...createKulaStagesHandlers(ctx),
    ...createMappingHandlers(ctx),
    ...createFlowsHandlers(ctx),
    ...createCandidatesHandlers(ctx),
    ...createNotesHandlers(ctx),
    ...createMessagesHandlers(ctx),
    ...createResumesHandlers(ctx),
    ...createReferralsHandlers(ctx),
    ...createOutboxHandlers(ctx),
  } satisfies Handlers;
}
