import type { Clock } from './clock';
import type { DB } from './db/database';
import type { EventBus } from './events';
import type { Logger } from './logging/logger';
import type { Redactor } from './logging/redactor';

/** Appends a line to the admin audit trail: what was done, to what, in words. */
export type AuditTrail = (action: string, target: string | null, summary: string) => void;

/**
 * What nearly every part of the core needs and that depends on no service: built first, when a
 * data folder is opened. A service names the parts it uses (`Pick<CoreBasics, 'db' | 'clock'>`)
 * rather than taking the whole context, so it can be built and tested on its own.
 */
export interface CoreBasics {
  db: DB;
  clock: Clock;
  events: EventBus;
  log: Logger;
  redactor: Redactor;
  audit: AuditTrail;
  /** Who is acting, for the audit trail: the OS user in the app, `cli:<user>` in the CLI. */
  actor: string;
}
