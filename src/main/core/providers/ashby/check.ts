import { isAtsApiError } from '../../http';
import type { ConnectionCheck, PermissionCheck, SetupCheck } from '../provider';
import type { AshbyApi } from './api';
import { ASHBY_PERMISSIONS, OFFERS_READ } from './permissions';

/**
 * The connection check: `apiKey.info` names the key and its scopes; a key
 * without "API Keys: Read" gets `missing_endpoint_permission` there, so each read permission is
 * then proven by a cheap call instead (write permissions cannot be probed without writing and are
 * reported as unknown). A key that may read candidates but does not list Offers: Read gets one
 * `application.list` call, since some Ashby accounts ask for that permission there too; only
 * when Ashby refuses it is Offers: Read named, as missing. Then `source.list` is searched for the
 * "Kula" source of type "Integration", which the console tags its applications with and cannot
 * create itself.
 * A wrong key, a network failure or an Ashby outage throws (an `AtsApiError` saying which). See
 * docs/ashby.md.
 */
export async function checkAshbyConnection(
  api: AshbyApi,
  signal?: AbortSignal,
): Promise<ConnectionCheck> {
  const options = { safety: 'read' as const, ...(signal ? { signal } : {}) };
  let accountLabel: string | null = null;
  let permissions: PermissionCheck[];
  /** The key's scopes as `apiKey.info` lists them; null when it may not call it. */
  let scopes: string[] | null = null;
  const notes: string[] = [];
  try {
    const info = await api.call<{ title?: unknown; scopes?: unknown }>('/apiKey.info', {}, options);
    accountLabel = typeof info.results?.title === 'string' ? info.results.title : null;
    const listed = Array.isArray(info.results?.scopes)
      ? info.results.scopes.filter((scope): scope is string => typeof scope === 'string')
      : [];
    scopes = listed;
    permissions = ASHBY_PERMISSIONS.map((permission) => ({
      name: permission.name,
      label: permission.label,
      granted: permission.name === 'apiKeysRead' || listed.includes(permission.scope),
      features: permission.features,
    }));
  } catch (error) {
    if (!isAtsApiError(error) || error.kind !== 'permission') throw error;
    notes.push(
      'This key may not read its own permissions (API Keys: Read), so each read permission was tested with a small request. Write permissions cannot be tested without writing; they show as unknown.',
    );
    permissions = [];
    for (const permission of ASHBY_PERMISSIONS) {
      let granted: boolean | 'unknown' = permission.name === 'apiKeysRead' ? false : 'unknown';
      if (permission.probe) {
        try {
          await api.call(permission.probe.endpoint, permission.probe.body, options);
          granted = true;
        } catch (probeError) {
          if (!isAtsApiError(probeError) || probeError.kind !== 'permission') throw probeError;
          granted = false;
        }
      }
      permissions.push({
        name: permission.name,
        label: permission.label,
        granted,
        features: permission.features,
      });
    }
  }
  const offers = await offersCheck(api, permissions, scopes, options);
  if (offers) permissions.push(offers);
  const canReadSources =
    permissions.find((permission) => permission.name === 'hiringProcessMetadataRead')?.granted ===
    true;
  const setup = [canReadSources ? await kulaSourceCheck(api, options) : kulaSourceUnreadable()];
  return { accountLabel, permissions, setup, ...(notes.length ? { notes } : {}) };
}

/**
 * Offers: Read, named only when it is what stops `application.list`: the key may read candidates,
 * does not list the scope, and Ashby refuses the call for a missing permission.
 */
async function offersCheck(
  api: AshbyApi,
  permissions: PermissionCheck[],
  scopes: string[] | null,
  options: { safety: 'read'; signal?: AbortSignal },
): Promise<PermissionCheck | null> {
  const candidates = permissions.find((permission) => permission.name === 'candidatesRead');
  if (candidates?.granted !== true || scopes?.includes(OFFERS_READ.scope)) return null;
  try {
    await api.call(OFFERS_READ.probe!.endpoint, OFFERS_READ.probe!.body, options);
    return null;
  } catch (error) {
    if (!isAtsApiError(error) || error.kind !== 'permission') throw error;
    return {
      name: OFFERS_READ.name,
      label: OFFERS_READ.label,
      granted: false,
      features: OFFERS_READ.features,
    };
  }
}

export const KULA_SOURCE_CHECK_ID = 'kula-source';

const CREATE_SOURCE_STEPS =
  'In Ashby, an Organization Admin opens Admin → Organization Setup → Candidate Sources, adds the source type “Integration” (if it is not there yet), then adds a source named “Kula” under it. Optionally, set “Kula” as this API key’s default source. Then choose “Check again”.';

async function kulaSourceCheck(
  api: AshbyApi,
  options: { safety: 'read'; signal?: AbortSignal },
): Promise<SetupCheck> {
  const list = await api.call<unknown[]>('/source.list', { includeArchived: true }, options);
  const sources = (Array.isArray(list.results) ? list.results : []).filter(
    (item): item is { title: string; isArchived?: unknown; sourceType?: { title?: unknown } } =>
      !!item && typeof item === 'object' && typeof (item as { title?: unknown }).title === 'string',
  );
  const named = sources.filter((source) => source.title.trim().toLowerCase() === 'kula');
  const typeOf = (source: (typeof named)[number]) =>
    typeof source.sourceType?.title === 'string' ? source.sourceType.title : null;
  const usable = named.find(
    (source) =>
      source.isArchived !== true && typeOf(source)?.trim().toLowerCase() === 'integration',
  );
  const title = 'The “Kula” source under “Integration”';
  if (usable) {
    return {
      id: KULA_SOURCE_CHECK_ID,
      ok: true,
      title,
      detail:
        'Found. Candidates and applications the console creates in Ashby will carry the source “Kula”.',
    };
  }
  const archived = named.find((source) => source.isArchived === true);
  const elsewhere = named.find((source) => source.isArchived !== true);
  return {
    id: KULA_SOURCE_CHECK_ID,
    ok: false,
    title,
    detail: elsewhere
      ? `A source named “Kula” exists, but under the source type “${typeOf(elsewhere) ?? 'none'}”, not “Integration”, so applications would be reported under the wrong type.`
      : archived
        ? 'The “Kula” source exists but is archived, so the console cannot tag applications with it.'
        : 'Ashby has no source named “Kula” under the type “Integration”. Ashby does not let integrations create sources, so an Ashby admin has to add it once.',
    action: elsewhere
      ? 'In Ashby, open Admin → Organization Setup → Candidate Sources, move “Kula” to the source type “Integration” (create the type if needed), then choose “Check again”.'
      : archived
        ? 'In Ashby, open Admin → Organization Setup → Candidate Sources, unarchive “Kula”, then choose “Check again”.'
        : CREATE_SOURCE_STEPS,
  };
}

function kulaSourceUnreadable(): SetupCheck {
  return {
    id: KULA_SOURCE_CHECK_ID,
    ok: false,
    title: 'The “Kula” source under “Integration”',
    detail:
      'The key cannot read sources (Hiring Process Metadata: Read), so the console cannot check whether the “Kula” source exists.',
    action:
      'Enable “Hiring Process Metadata: Read” on the key in Ashby (Admin → Integrations → API Keys), then choose “Check again”.',
  };
}
