import type {
  AtsApplicationRecord,
  AtsArchiveReasonRecord,
  AtsCandidateRecord,
  AtsJobRecord,
  AtsPlanRecord,
  AtsSourceRecord,
  AtsStageRecord,
  AtsUserRecord,
  EntityKind,
} from '../records';
import type { SkippedRecord } from '../provider';

/**
 * Ashby payloads → the normalized records (providers/records.ts). Each mapper checks only what the
 * cache needs and what Ashby marks required; a record that fails is reported as skipped (with its
 * id when it has one) and the rest of the page imports. Ashby leaves some unset optional keys out
 * and sends others as null, so both are accepted everywhere (see docs/ashby.md).
 */

type Json = Record<string, unknown>;

export class Skip extends Error {}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function requiredString(item: Json, key: string): string {
  const value = item[key];
  if (typeof value !== 'string' || value.length === 0) throw new Skip(`"${key}" is missing`);
  return value;
}

function optionalString(item: Json | undefined | null, key: string): string | null {
  const value = item?.[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new Skip(`"${key}" is not text`);
  return value;
}

function optionalObject(item: Json, key: string): Json | null {
  const value = item[key];
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new Skip(`"${key}" is not an object`);
  return value;
}

function stringsOf(item: Json, key: string, field: string): string[] {
  const value = item[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Skip(`"${key}" is not a list`);
  const out: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'string') out.push(entry);
    else if (isObject(entry) && typeof entry[field] === 'string') out.push(entry[field]);
  }
  return out;
}

/** Maps a list of payloads, collecting the ones that cannot be read. */
export function mapAll<T>(
  entity: EntityKind,
  items: unknown,
  map: (item: Json) => T,
  skipped: SkippedRecord[],
): T[] {
  if (!Array.isArray(items)) throw new Skip('"results" is not a list');
  const out: T[] = [];
  for (const item of items) {
    try {
      if (!isObject(item)) throw new Skip('the record is not an object');
      out.push(map(item));
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      const id = isObject(item) && typeof item.id === 'string' ? item.id : null;
      skipped.push({ entity, remoteId: id, reason: `Unreadable record: ${error.message}.` });
    }
  }
  return out;
}

export function mapCandidate(item: Json): AtsCandidateRecord {
  const primary = optionalObject(item, 'primaryEmailAddress');
  return {
    remoteId: requiredString(item, 'id'),
    name: requiredString(item, 'name'),
    primaryEmail: optionalString(primary, 'value'),
    emails: stringsOf(item, 'emailAddresses', 'value'),
    phones: stringsOf(item, 'phoneNumbers', 'value'),
    links: stringsOf(item, 'socialLinks', 'url'),
    profileUrl: optionalString(item, 'profileUrl'),
    createdAt: optionalString(item, 'createdAt'),
    updatedAt: optionalString(item, 'updatedAt'),
  };
}

export function mapApplication(item: Json): AtsApplicationRecord {
  const candidate = optionalObject(item, 'candidate');
  if (!candidate) throw new Skip('"candidate" is missing');
  const stage = optionalObject(item, 'currentInterviewStage');
  const status = requiredString(item, 'status');
  const source = optionalObject(item, 'source');
  const reason = optionalObject(item, 'archiveReason');
  return {
    remoteId: requiredString(item, 'id'),
    candidateRemoteId: requiredString(candidate, 'id'),
    jobRemoteId: optionalString(optionalObject(item, 'job'), 'id'),
    stageRemoteId: optionalString(stage, 'id'),
    status,
    archived: status === 'Archived' || typeof item.archivedAt === 'string',
    archiveReasonId: optionalString(reason, 'id'),
    sourceTitle: optionalString(source, 'title'),
    // Ashby links to people (the candidate's `profileUrl`); an application has no link of its own.
    profileUrl: null,
    createdAt: optionalString(item, 'createdAt'),
    updatedAt: optionalString(item, 'updatedAt'),
  };
}

export function mapJob(item: Json): AtsJobRecord {
  const status = requiredString(item, 'status');
  const defaultPlanId = optionalString(item, 'defaultInterviewPlanId');
  const planIds = stringsOf(item, 'interviewPlanIds', 'id');
  return {
    remoteId: requiredString(item, 'id'),
    title: requiredString(item, 'title'),
    status,
    isOpen: status === 'Open',
    confidential: item.confidential === true,
    planIds:
      defaultPlanId && !planIds.includes(defaultPlanId) ? [defaultPlanId, ...planIds] : planIds,
    defaultPlanId,
    location: optionalString(optionalObject(item, 'location'), 'name'),
    department: optionalString(optionalObject(item, 'department'), 'name'),
    url: null,
    createdAt: optionalString(item, 'createdAt'),
    updatedAt: optionalString(item, 'updatedAt'),
  };
}

export function mapPlan(item: Json): AtsPlanRecord {
  return {
    remoteId: requiredString(item, 'id'),
    title: requiredString(item, 'title'),
    archived: item.isArchived === true,
  };
}

export function mapStage(planId: string): (item: Json) => AtsStageRecord {
  return (item) => {
    const order = item.orderInInterviewPlan;
    return {
      remoteId: requiredString(item, 'id'),
      planId: optionalString(item, 'interviewPlanId') ?? planId,
      title: requiredString(item, 'title'),
      type: optionalString(item, 'type'),
      position: typeof order === 'number' && Number.isFinite(order) ? Math.trunc(order) : 0,
    };
  };
}

export function mapUser(item: Json): AtsUserRecord {
  const first = optionalString(item, 'firstName') ?? '';
  const last = optionalString(item, 'lastName') ?? '';
  const name = `${first} ${last}`.trim();
  const email = optionalString(item, 'email');
  if (!name && !email) throw new Skip('the user has neither a name nor an email');
  return {
    remoteId: requiredString(item, 'id'),
    name: name || email || '',
    email,
    role: optionalString(item, 'globalRole'),
    active: item.isEnabled !== false,
  };
}

export function mapSource(item: Json): AtsSourceRecord {
  const type = optionalObject(item, 'sourceType');
  return {
    remoteId: requiredString(item, 'id'),
    title: requiredString(item, 'title'),
    typeTitle: optionalString(type, 'title'),
    archived: item.isArchived === true,
  };
}

export function mapArchiveReason(item: Json): AtsArchiveReasonRecord {
  return {
    remoteId: requiredString(item, 'id'),
    title: requiredString(item, 'text'),
    reasonType: optionalString(item, 'reasonType'),
    archived: item.isArchived === true,
  };
}
