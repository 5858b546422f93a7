import { z } from 'zod';
import {
  PROVIDERS,
  type ConnectionCheck,
  type ConnectionSummary,
  type OAuthDescription,
} from '../../domain/connections';
import { ConnectionId } from './connections';

const Url = z.string().trim().max(300);
const FlowId = z.string().uuid();

/**
 * Connecting an ATS through its OAuth app (Lever). Two calls, because the admin works in the
 * system browser in between: `oauth:begin` opens the authorize page; `oauth:complete` waits for
 * the answer on the loopback redirect and saves the connection. The client secret only ever goes
 * in; no output carries it or a token.
 */
export const oauthSchemas = {
  'oauth:describe': z.object({ provider: z.enum(PROVIDERS) }).strict(),
  'oauth:begin': z
    .object({
      provider: z.enum(PROVIDERS),
      clientId: z.string().trim().max(200).optional(),
      /** Omit on a reconnect to reuse the stored one. */
      clientSecret: z.string().max(500).optional(),
      callbackUrl: Url.optional(),
      baseUrl: Url.optional(),
      authBaseUrl: Url.optional(),
      /** Reconnect this connection instead of creating one. */
      connectionId: ConnectionId.optional(),
      label: z.string().trim().max(100).optional(),
    })
    .strict(),
  'oauth:complete': z.object({ flowId: FlowId }).strict(),
  'oauth:cancel': z.object({ flowId: FlowId }).strict(),
} as const;

export interface OAuthOutputs {
  'oauth:describe': OAuthDescription;
  /** `url` is the authorize page opened in the system browser (to show or copy). */
  'oauth:begin': { flowId: string; url: string; redirectUri: string };
  'oauth:complete': { connection: ConnectionSummary; check: ConnectionCheck };
  'oauth:cancel': { cancelled: true };
}
