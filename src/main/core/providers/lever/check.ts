import { isAtsApiError } from '../../http/errors';
import { readJwtClaims } from '../../oauth/jwt-claims';
import type { ConnectionCheck, CredentialAccess, PermissionCheck, SetupCheck } from '../provider';
import type { LeverApi } from './api';
import { SingleEnvelope, LeverUser } from './payloads';
import { LEVER_PERMISSIONS, scopeGranted } from './permissions';

export interface CheckOptions {
  api: LeverApi;
  config: Record<string, unknown>;
  credentials: CredentialAccess;
}

/**
 * What the credential says about itself: its kind, and for OAuth the scopes Lever granted (saved
 * by the wizard from the token response, else the token's own `scope` claim) and the user who
 * authorized the app (the token's `https://oauth.lever.co/userId` claim, when present).
 */
function describeCredential(options: CheckOptions): {
  authMode: 'api_key' | 'oauth';
  grantedScopes: readonly string[] | null;
  authorizedUserId: string | null;
} {
  const secret = options.credentials.load();
  if (secret.kind === 'api_key')
    return { authMode: 'api_key', grantedScopes: null, authorizedUserId: null };
  const claims = readJwtClaims(secret.accessToken);
  const saved = options.config.grantedScopes;
  const grantedScopes = Array.isArray(saved)
    ? saved.filter((scope): scope is string => typeof scope === 'string')
    : typeof claims?.scope === 'string'
      ? claims.scope.split(' ').filter(Boolean)
      : null;
  const userId = claims?.['https://oauth.lever.co/userId'];
  return {
    authMode: 'oauth',
    grantedScopes,
    authorizedUserId: typeof userId === 'string' ? userId : null,
  };
}

/**
 * What the credential may do: every read permission is confirmed with one cheap GET (403 = not
 * granted; reads of one opportunity's applications or resumes through the first opportunity the
 * credential sees, "unknown" when it sees none); write permissions come from the OAuth scopes
 * Lever granted, and are "unknown" for an API key (Lever has no endpoint that lists a key's
 * permissions, and probing a write would write).
 * A refused credential (401) fails the check, so the wizard can say "wrong key".
 */
export async function checkLeverConnection(
  options: CheckOptions,
  signal?: AbortSignal,
): Promise<ConnectionCheck> {
  const credential = describeCredential(options);
  const granted = credential.grantedScopes ? new Set(credential.grantedScopes) : null;
  const permissions: PermissionCheck[] = [];
  // Some reads are per opportunity: probed through the first one the credential can read.
  let opportunityId: string | null | undefined;
  for (const permission of LEVER_PERMISSIONS) {
    if (permission.scope === 'offline_access' && credential.authMode === 'api_key') continue;
    let state: boolean | 'unknown' = granted ? scopeGranted(granted, permission.scope) : 'unknown';
    const probe = permission.probe;
    if (probe && state !== false) {
      let path: string | null = probe.path;
      if (path.includes('{opportunity}')) {
        opportunityId ??= await firstOpportunityId(options, signal);
        path = opportunityId
          ? path.replace('{opportunity}', encodeURIComponent(opportunityId))
          : null;
      }
      if (path !== null) {
        try {
          const page = await options.api.list(path, probe.query, signal);
          if (path === '/opportunities' && opportunityId === undefined) {
            opportunityId = idOf(page.envelope.data[0]);
          }
          state = true;
        } catch (error) {
          if (isAtsApiError(error) && error.kind === 'permission') state = false;
          else throw error;
        }
      }
    }
    permissions.push({
      name: permission.scope,
      label: permission.label,
      granted: state,
      features: permission.features,
    });
  }

  const setup: SetupCheck[] = [await performAsCheck(options, signal)];
  setup.push({
    id: 'kula-source',
    ok: true,
    title: 'Source “Kula”',
    detail:
      'Lever creates sources on first use: leads the console adds carry the source “Kula” without any setup in Lever.',
  });

  const notes =
    credential.authMode === 'api_key'
      ? [
          'Read permissions were confirmed with one request each. Lever cannot show an API key’s write permissions without writing, so they read “unknown” until the first write.',
        ]
      : [
          'Permissions are the scopes Lever granted to the console; each read permission was also confirmed with one request.',
        ];
  return {
    accountLabel: await accountLabel(options, credential.authorizedUserId, signal),
    permissions,
    setup,
    notes,
  };
}

async function accountLabel(
  options: CheckOptions,
  authorizedUserId: string | null,
  signal?: AbortSignal,
): Promise<string | null> {
  if (authorizedUserId === null) {
    return options.credentials.load().kind === 'api_key' ? 'Lever API key' : 'Lever OAuth app';
  }
  const user = await findUser(options, authorizedUserId, signal);
  return user ? `Authorized by ${user.name ?? user.email ?? user.id}` : 'Lever OAuth app';
}

async function performAsCheck(options: CheckOptions, signal?: AbortSignal): Promise<SetupCheck> {
  const title = 'Lever user for writes';
  const chosen = typeof options.config.performAs === 'string' ? options.config.performAs : null;
  if (!chosen) {
    return {
      id: 'perform-as',
      ok: false,
      title,
      detail:
        'Lever records a user as the creator of every lead, note and file (perform_as). None is chosen yet, so the console will not write to Lever.',
      action:
        'Choose it once the users are imported: in the wizard’s last steps, or with “User for writes” on the Connections page (a dedicated “Kula integration” user reads best).',
    };
  }
  const user = await findUser(options, chosen, signal);
  if (!user || (user.deactivatedAt !== null && user.deactivatedAt !== undefined)) {
    return {
      id: 'perform-as',
      ok: false,
      title,
      detail: user
        ? `The chosen user, ${user.name ?? user.id}, is deactivated in Lever, and Lever refuses writes made as them.`
        : 'The chosen Lever user no longer exists.',
      action: 'Choose another user with “User for writes” on the Connections page.',
    };
  }
  return {
    id: 'perform-as',
    ok: true,
    title,
    detail: `Writes are made as ${user.name ?? user.email ?? user.id}.`,
  };
}

async function findUser(
  options: CheckOptions,
  id: string,
  signal?: AbortSignal,
): Promise<LeverUser | null> {
  try {
    const body = SingleEnvelope.safeParse(
      await options.api.get(`/users/${encodeURIComponent(id)}`, [], signal),
    );
    const user = body.success ? LeverUser.safeParse(body.data.data) : null;
    return user?.success ? user.data : null;
  } catch (error) {
    if (isAtsApiError(error) && (error.kind === 'not_found' || error.kind === 'permission'))
      return null;
    throw error;
  }
}

async function firstOpportunityId(
  options: CheckOptions,
  signal?: AbortSignal,
): Promise<string | null> {
  try {
    const page = await options.api.list('/opportunities', [['limit', '1']], signal);
    return idOf(page.envelope.data[0]);
  } catch (error) {
    if (isAtsApiError(error) && error.kind === 'permission') return null;
    throw error;
  }
}

function idOf(item: unknown): string | null {
  const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}
