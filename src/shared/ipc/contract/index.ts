import type { z } from 'zod';
import type { AppNotice } from '../../domain/app';
import type { SyncLogLine, SyncProgress } from '../../domain/runs';
import type { ConnectionSchedule } from '../../domain/schedule';
import type { Channel, EventName } from '../channels';
import type { TableName } from '../tables';
import { appSchemas, type AppOutputs } from './app';
import { atsSchemas, type AtsOutputs } from './ats';
import { auditSchemas, type AuditOutputs } from './audit';
import { candidatesSchemas, type CandidatesOutputs } from './candidates';
import { connectionsSchemas, type ConnectionsOutputs } from './connections';
import { flowsSchemas, type FlowsOutputs } from './flows';
import { healthSchemas, type HealthOutputs } from './health';
import { kulaStagesSchemas, type KulaStagesOutputs } from './kula-stages';
import { linksSchemas, type LinksOutputs } from './links';
import { logSchemas, type LogOutputs } from './log';
import { mappingSchemas, type MappingOutputs } from './mapping';
import { messagesSchemas, type MessagesOutputs } from './messages';
import { notesSchemas, type NotesOutputs } from './notes';
import { oauthSchemas, type OAuthOutputs } from './oauth';
import { outboxSchemas, type OutboxOutputs } from './outbox';
import { referralsSchemas, type ReferralsOutputs } from './referrals';
import { resumesSchemas, type ResumesOutputs } from './resumes';
import { runsSchemas, type RunsOutputs } from './runs';
import { scheduleSchemas, type ScheduleOutputs } from './schedule';
import { settingsSchemas, type SettingsOutputs } from './settings';
import { syncSchemas, type SyncOutputs } from './sync';

/**
 * The one IPC contract, one file per channel prefix (`connections:*` in `connections.ts`): an input
 * schema per channel (parsed in main from `unknown`) and an output
 * type per channel. `satisfies Record<Channel, …>` makes a channel without a schema, or a schema
 * without a channel, a compile error.
 */
export const schemas = {
  ...appSchemas,
  ...settingsSchemas,
  ...auditSchemas,
  ...linksSchemas,
  ...connectionsSchemas,
  ...runsSchemas,
  ...oauthSchemas,
  ...syncSchemas,
  ...atsSchemas,
  ...logSchemas,
  ...healthSchemas,
  ...scheduleSchemas,
  ...kulaStagesSchemas,
  ...mappingSchemas,
  ...flowsSchemas,
  ...candidatesSchemas,
  ...notesSchemas,
  ...messagesSchemas,
  ...resumesSchemas,
  ...referralsSchemas,
  ...outboxSchemas,
} satisfies Record<Channel, z.ZodType>;

type Exactly<T extends Record<Channel, unknown>> = T;

export type Outputs = Exactly<
  AppOutputs &
    SettingsOutputs &
    AuditOutputs &
    LinksOutputs &
    ConnectionsOutputs &
    RunsOutputs &
    OAuthOutputs &
    SyncOutputs &
    AtsOutputs &
    LogOutputs &
    HealthOutputs &
    ScheduleOutputs &
    KulaStagesOutputs &
    MappingOutputs &
    FlowsOutputs &
    CandidatesOutputs &
    NotesOutputs &
    MessagesOutputs &
    ResumesOutputs &
    ReferralsOutputs &
    OutboxOutputs
>;

/** What the renderer passes (defaults not yet applied). */
export type Input<C extends Channel> = z.input<(typeof schemas)[C]>;
/** What a handler receives (after parsing, defaults applied). */
export type ParsedInput<C extends Channel> = z.output<(typeof schemas)[C]>;

export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>) => Promise<Outputs[C]> | Outputs[C];
};

export interface EventPayloads {
  'sync:progress': SyncProgress;
  'sync:log': SyncLogLine;
  /** Tables whose rows changed, so views refetch only what they show. */
  'db:changed': { tables: TableName[] };
  'app:notice': AppNotice;
  /** Every connection's schedule, whenever one changes (state, next run, failures). */
  'sync:schedule': ConnectionSchedule[];
  /** Main asks the window to show a route (the admin clicked a desktop notification). */
  'app:navigate': { route: string };
  /** Main asks the window to show its keyboard shortcuts (Help → Keyboard Shortcuts). */
  'app:shortcuts': Record<string, never>;
}

type ExactlyEvents<T extends Record<EventName, unknown>> = T;
export type Events = ExactlyEvents<EventPayloads>;
