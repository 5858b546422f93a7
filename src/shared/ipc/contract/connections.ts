import { z } from 'zod';
import {
  PROVIDERS,
  type AtsUserOption,
  type ConnectionCheck,
  type ConnectionSummary,
  type ProviderInfo,
} from '../../domain/connections';
import { NoInput } from './common';

export const ConnectionId = z.string().min(1).max(64);

/** A credential the admin pasted. Write-only: no output type ever carries one back. */
export const ApiKeyCredential = z
  .object({
    kind: z.literal('api_key'),
    apiKey: z
      .string()
      .trim()
      .min(8, 'Paste the whole API key; it is longer than that.')
      .max(512, 'That is longer than any API key; paste only the key.')
      .regex(/^\S+$/, 'An API key has no spaces or line breaks; paste only the key.'),
  })
  .strict();

const Provider = z.enum(PROVIDERS);
const BaseUrl = z.string().trim().max(300, 'The API host is too long.').optional();
const Label = z.string().trim().min(1, 'Give the connection a name.').max(80).optional();
/**
 * The ATS user reads and writes act as, when the ATS needs one before the first import
 * (Greenhouse: a Site Admin's numeric id).
 */
const WriteUserId = z
  .string()
  .trim()
  .regex(/^\d{1,20}$/, 'Enter the user’s number (from their address under Configure → Users).')
  .optional();

export const RateLimitInput = z.union([
  z.literal('off'),
  z.literal('default'),
  z
    .object({
      perSecond: z
        .number({ error: 'Enter requests per second.' })
        .min(0.1, 'At least 0.1 requests per second.')
        .max(100, 'At most 100 requests per second.'),
      burst: z
        .number({ error: 'Enter a burst size.' })
        .int('Use a whole number.')
        .min(1, 'A burst of at least 1.')
        .max(200, 'A burst of at most 200.'),
    })
    .strict(),
]);

export const connectionsSchemas = {
  'connections:list': NoInput,
  'connections:providers': NoInput,
  'connections:check': z
    .object({
      provider: Provider,
      baseUrl: BaseUrl,
      credential: ApiKeyCredential,
      writeUserId: WriteUserId,
    })
    .strict(),
  'connections:create': z
    .object({
      provider: Provider,
      baseUrl: BaseUrl,
      label: Label,
      credential: ApiKeyCredential,
      writeUserId: WriteUserId,
    })
    .strict(),
  'connections:recheck': z.object({ connectionId: ConnectionId }).strict(),
  'connections:reconnect': z
    .object({ connectionId: ConnectionId, credential: ApiKeyCredential })
    .strict(),
  'connections:update': z
    .object({ connectionId: ConnectionId, label: Label, rateLimit: RateLimitInput.optional() })
    .strict(),
  'connections:disconnect': z.object({ connectionId: ConnectionId }).strict(),
  'connections:remove': z.object({ connectionId: ConnectionId }).strict(),
  /** The ATS account's users, as cached by the import. */
  'connections:users': z.object({ connectionId: ConnectionId }).strict(),
  /** The ATS user writes are attributed to (Lever `perform_as`); null clears it. */
  'connections:set-write-user': z
    .object({ connectionId: ConnectionId, userId: z.string().min(1).max(100).nullable() })
    .strict(),
} as const;

export interface ConnectionsOutputs {
  'connections:list': ConnectionSummary[];
  'connections:providers': ProviderInfo[];
  'connections:check': ConnectionCheck;
  'connections:create': { connection: ConnectionSummary; check: ConnectionCheck };
  'connections:recheck': ConnectionCheck;
  'connections:reconnect': ConnectionCheck;
  'connections:update': ConnectionSummary;
  'connections:disconnect': ConnectionSummary;
  'connections:remove': { removed: true };
  'connections:users': AtsUserOption[];
  'connections:set-write-user': ConnectionSummary;
}
