import { readJwtClaims } from '../../oauth/jwt-claims';
import { isAtsApiError } from '../../http';
import type { ConnectionCheck, PermissionCheck, SetupCheck } from '../provider';
import type { GreenhouseApi } from './api';
import { GREENHOUSE_PERMISSIONS } from './permissions';

/**
 * The connection check. Greenhouse has no "who am I" or "which scopes" endpoint, so: mint a token
 * (a wrong id or secret fails here), read the user it acts as (reads need a Site Admin), prove
 * each read scope with a one-record request (403: missing), report write scopes as unknown unless
 * the token names its scopes, then look for the "Kula" source, which only an admin can create.
 * See docs/greenhouse.md.
 */
export const KULA_SOURCE_CHECK_ID = 'kula-source';
export const ACTING_USER_CHECK_ID = 'acting-user';

export async function checkGreenhouseConnection(
  api: GreenhouseApi,
  signal?: AbortSignal,
): Promise<ConnectionCheck> {
  const acting = api.actingUser();
  const token = await api.tokens.get(acting, signal);
  const claims = readJwtClaims(token);
  const sub = typeof claims?.sub === 'string' ? claims.sub : acting;
  const tokenScopes = scopesOf(claims);
  const notes: string[] = [];

  const permissions: PermissionCheck[] = [];
  for (const permission of GREENHOUSE_PERMISSIONS) {
    let granted: boolean | 'unknown' = tokenScopes ? tokenScopes.has(permission.scope) : 'unknown';
    if (permission.probe) {
      try {
        await api.list(permission.probe, { query: { per_page: 1, fields: 'id' } }, signal);
        granted = true;
      } catch (error) {
        if (!isAtsApiError(error) || error.kind !== 'permission') throw error;
        granted = false;
      }
    }
    permissions.push({
      name: permission.scope,
      label: permission.label,
      granted,
      features: permission.features,
    });
  }
  const probes = permissions.filter((_, index) => GREENHOUSE_PERMISSIONS[index]?.probe);
  if (probes.every((permission) => permission.granted === false)) {
    notes.push(
      'Every read was refused. Either the credential has no list scopes, the user it acts as is not a Site Admin, or the credential only works from certain IP addresses.',
    );
  }
  if (!tokenScopes) {
    notes.push(
      'Read scopes were tested with one small request each. Write scopes cannot be tested without writing; they show as unknown until the first write.',
    );
  }

  let accountLabel: string | null = null;
  const setup: SetupCheck[] = [];
  const usersReadable = permissions.find((p) => p.name === 'harvest:users:list')?.granted === true;
  if (usersReadable && sub) {
    const users = await api.list<{
      name?: unknown;
      site_admin?: unknown;
      deactivated?: unknown;
      primary_email?: unknown;
    }>('/v3/users', { query: { ids: sub, show_service_accounts: true, per_page: 1 } }, signal);
    const user = users.items[0];
    if (!user) {
      notes.push(
        'Greenhouse listed nothing for the user this credential acts as: it is probably not a Site Admin, and Greenhouse answers lists of other users with no results.',
      );
    }
    const name = typeof user?.name === 'string' ? user.name : null;
    accountLabel = name ? `Acting as ${name}` : null;
    setup.push(
      actingUserCheck(
        acting,
        name,
        user?.site_admin === true,
        typeof user?.primary_email !== 'string',
      ),
    );
  } else {
    setup.push(actingUserCheck(acting, null, false, acting === null));
  }
  const sourcesReadable =
    permissions.find((p) => p.name === 'harvest:sources:list')?.granted === true;
  setup.push(sourcesReadable ? await kulaSourceCheck(api, signal) : kulaSourceUnreadable());
  return { accountLabel, permissions, setup, ...(notes.length ? { notes } : {}) };
}

function scopesOf(claims: Record<string, unknown> | null): Set<string> | null {
  const value = claims?.scope ?? claims?.scopes;
  if (typeof value === 'string') return new Set(value.split(/\s+/).filter(Boolean));
  if (Array.isArray(value)) return new Set(value.filter((s): s is string => typeof s === 'string'));
  return null;
}

function actingUserCheck(
  chosen: string | null,
  name: string | null,
  siteAdmin: boolean,
  serviceUser: boolean,
): SetupCheck {
  const title = 'The Greenhouse user the console acts as';
  if (chosen && siteAdmin) {
    return {
      id: ACTING_USER_CHECK_ID,
      ok: true,
      title,
      detail: `Reads and writes are made as ${name ?? `user ${chosen}`}, a Site Admin. Notes, moves and rejections will show that name in Greenhouse.`,
    };
  }
  return {
    id: ACTING_USER_CHECK_ID,
    ok: false,
    title,
    detail: chosen
      ? `${name ?? `User ${chosen}`} is not a Site Admin: Greenhouse gives lists only to Site Admins, so imports would be empty or refused.`
      : `No user is chosen yet, so the console acts as the credential’s ${serviceUser ? 'Integration Service User' : 'default user'}. Greenhouse attributes every write to the user a token acts as; choose a Site Admin for the console before it writes.`,
    action:
      'After the first import, choose a Site Admin in the connection’s settings (or `kula-console connections write-user CONNECTION USER`). A user’s id is the number in their address under Configure → Users.',
  };
}

const CREATE_SOURCE_STEPS =
  'In Greenhouse, a Site Admin opens Configure → Custom Options → Company Metadata → Sources, chooses “Create New Source”, names it “Kula” and picks a sourcing strategy (for example a custom “Integrations” strategy, or “Prospecting”). Greenhouse does not let integrations create sources. Then choose “Check again”.';

async function kulaSourceCheck(api: GreenhouseApi, signal?: AbortSignal): Promise<SetupCheck> {
  const sources = await api.listAll<{ id?: unknown; name?: unknown; type?: { name?: unknown } }>(
    '/v3/sources',
    {},
    signal,
  );
  const named = sources.filter(
    (source) => typeof source.name === 'string' && source.name.trim().toLowerCase() === 'kula',
  );
  const title = 'The “Kula” source';
  if (named.length === 0) {
    return {
      id: KULA_SOURCE_CHECK_ID,
      ok: false,
      title,
      detail:
        'Greenhouse has no source named “Kula”, so applications the console creates could not say where they came from.',
      action: CREATE_SOURCE_STEPS,
    };
  }
  const type = named[0]?.type && typeof named[0].type.name === 'string' ? named[0].type.name : null;
  return {
    id: KULA_SOURCE_CHECK_ID,
    ok: true,
    title,
    detail: `Found${type ? ` (sourcing strategy “${type}”)` : ''}${named.length > 1 ? `; ${named.length} sources are named “Kula”, the first is used` : ''}. Applications the console creates in Greenhouse carry the source “Kula”.`,
  };
}

function kulaSourceUnreadable(): SetupCheck {
  return {
    id: KULA_SOURCE_CHECK_ID,
    ok: false,
    title: 'The “Kula” source',
    detail:
      'The credential cannot list sources (Sources: List), so the console cannot check whether the “Kula” source exists.',
    action:
      'In Greenhouse, open Configure → Dev Center → API Credentials → Manage scopes, tick harvest:sources:list, then choose “Check again”.',
  };
}
