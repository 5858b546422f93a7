import { createProviderRegistry } from '../../core/providers';
import type { CommandSpec } from '../command';
import { candidatesListCommand, jobsListCommand, stagesListCommand } from './ats';
import { connectCommand } from './connect';
import { connectionsListCommand, connectionsRemoveCommand } from './connections';
import { MAPPING_COMMANDS } from './mappings';
import { KULA_STAGE_COMMANDS } from './stages-kula';
import { statusCommand } from './status';
import { writeUserCommand } from './write-user';
import { auditCommand } from './audit';
import { logCommand } from './log';
import { runsListCommand } from './runs';
import { syncCommand } from './sync';
import { OUTBOX_COMMANDS } from './outbox';
import { CANDIDATE_ACTIVITY_COMMANDS } from './candidate-activity';
import { FLOW_COMMANDS } from './flows';
import { KULA_CANDIDATE_COMMANDS } from './kula-candidates';
import { watchCommand } from './watch';
import { cacheRebuildCommand } from './cache';
import { applicationsListCommand } from './applications';

/** Every CLI command. `help` is built in (it lists these). */
export const COMMANDS: CommandSpec[] = [
  statusCommand,
  // One `connect <ats>` per provider the build knows.
  ...createProviderRegistry().list().map(connectCommand),
  writeUserCommand,
  syncCommand,
  watchCommand,
  runsListCommand,
  logCommand,
  auditCommand,
  connectionsListCommand,
  connectionsRemoveCommand,
  jobsListCommand,
  stagesListCommand,
  candidatesListCommand,
  applicationsListCommand,
  ...MAPPING_COMMANDS,
  ...KULA_STAGE_COMMANDS,
  ...FLOW_COMMANDS,
  ...KULA_CANDIDATE_COMMANDS,
  ...CANDIDATE_ACTIVITY_COMMANDS,
  ...OUTBOX_COMMANDS,
  cacheRebuildCommand,
];
