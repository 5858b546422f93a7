import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { listAtsUsers } from '../../db/repos/ats-users';

type ConnectionsHandlers = Pick<
  Handlers,
  | 'connections:list'
  | 'connections:providers'
  | 'connections:check'
  | 'connections:create'
  | 'connections:recheck'
  | 'connections:reconnect'
  | 'connections:update'
  | 'connections:disconnect'
  | 'connections:remove'
  | 'connections:users'
  | 'connections:set-write-user'
>;

export function createConnectionsHandlers(ctx: CoreContext): ConnectionsHandlers {
  return {
    'connections:list': () => ctx.connections.list(),
    'connections:providers': () =>
      ctx.providers.list().map((definition) => ({
        kind: definition.kind,
        label: definition.label,
        defaultBaseUrl: definition.defaultBaseUrl,
        authModes: [...definition.authModes],
        writeUserRequired: definition.writeUserRequired === true,
        ...(definition.credentialRevokeSteps
          ? { revokeSteps: [...definition.credentialRevokeSteps] }
          : {}),
        defaultRateLimit: definition.defaultRateLimit,
      })),
    'connections:check': (input) =>
      ctx.connections.check({
        provider: input.provider,
        baseUrl: input.baseUrl,
        secret: input.credential,
        ...(input.writeUserId ? { config: { performAs: input.writeUserId } } : {}),
      }),
    'connections:create': (input) =>
      ctx.connections.create({
        provider: input.provider,
        baseUrl: input.baseUrl,
        label: input.label,
        secret: input.credential,
        storeCredential: true,
        ...(input.writeUserId ? { config: { performAs: input.writeUserId } } : {}),
      }),
    'connections:recheck': ({ connectionId }) => ctx.connections.recheck(connectionId),
    'connections:reconnect': ({ connectionId, credential }) =>
      ctx.connections.replaceCredential(connectionId, credential),
    'connections:update': ({ connectionId, label, rateLimit }) =>
      ctx.connections.updateSettings(connectionId, { label, rateLimit }),
    'connections:disconnect': ({ connectionId }) => ctx.connections.disconnect(connectionId),
    'connections:remove': async ({ connectionId }) => {
      await ctx.connections.remove(connectionId);
      return { removed: true as const };
    },
    'connections:users': ({ connectionId }) => {
      ctx.connections.row(connectionId);
      return listAtsUsers(ctx.db, connectionId);
    },
    'connections:set-write-user': ({ connectionId, userId }) =>
      ctx.connections.setWriteUser(connectionId, userId),
  };
}
