import type { z } from 'zod';
import type { AppNotice } from '../../domain/app';
import type { SyncLogLine, SyncProgress } from '../../domain/runs';
import type { ConnectionSchedule } from '../../domain/schedule';
import type { Channel, EventName } from '../channels';
import { appSchemas, type AppOutputs } from './app';
import { atsSchemas, type AtsOutputs } from './ats';
import { connectionSchemas, type ConnectionOutputs } from './connections';
import { oauthSchemas, type OAuthOutputs } from './oauth';
import { mappingSchemas, type MappingOutputs } from './mapping';
import { outboxSchemas, type OutboxOutputs } from './outbox';
import { syncSchemas, type SyncOutputs } from './sync';
import { workspaceSchemas, type WorkspaceOutputs } from './workspace';
import { syncLogSchemas, type SyncLogOutputs } from './sync-log';

/**
 * The one IPC contract: an input schema per channel (parsed in main from `unknown`) and an output
 * type per channel. `satisfies Record<Channel, …>` makes a channel without a schema, or a schema
 * without a channel, a compile error.
 */
export const schemas = {
  ...appSchemas,
  ...connectionSchemas,
  ...oauthSchemas,
  ...mappingSchemas,
  ...syncSchemas,
  ...atsSchemas,
  ...workspaceSchemas,
  ...outboxSchemas,
  ...syncLogSchemas,
} satisfies Record<Channel, z.ZodType>;

type Exactly<T extends Record<Channel, unknown>> = T;

export type Outputs = Exactly<
  AppOutputs &
    ConnectionOutputs &
    OAuthOutputs &
    MappingOutputs &
    SyncOutputs &
    AtsOutputs &
    WorkspaceOutputs &
    OutboxOutputs &
    SyncLogOutputs
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
  'db:changed': { tables: string[] };
  'app:notice': AppNotice;
  /** Every connection's schedule, whenever one changes (state, next run, failures). */
  'sync:schedule': ConnectionSchedule[];
  /** Main asks the window to show a route (the admin clicked a desktop notification). */
  'app:navigate': { route: string };
}

type ExactlyEvents<T extends Record<EventName, unknown>> = T;
export type Events = ExactlyEvents<EventPayloads>;
