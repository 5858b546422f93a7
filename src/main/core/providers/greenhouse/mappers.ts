import type { SkippedRecord } from '../provider';
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
import { candidateUrl } from './hosts';

/**
 * Harvest v3 records → the normalized records (providers/records.ts). Greenhouse sends null for
 * empty values and integer ids (kept as strings). Stages belong to a job, so every job is also a
 * "plan" of its own and its stages carry the job's id. Greenhouse has no archived stage: a
 * rejected application is closed with its rejection reason, a hired one with the "Hired" reason
 * the console adds (Greenhouse hires through offers, not reasons), a converted prospect with none.
 * A record that cannot be read is skipped and reported. See docs/greenhouse.md.
 */

type Json = Record<string, unknown>;

export class Skip extends Error {}

/** The reason the console gives hired applications (not a Greenhouse rejection reason). */
export const HIRED_REASON: AtsArchiveReasonRecord = {
  remoteId: 'hired',
  title: 'Hired',
  reasonType: 'HIRED',
  archived: false,
};

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function id(item: Json, key = 'id'): string {
  const value = item[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  throw new Skip(`"${key}" is missing`);
}

function optionalId(item: Json, key: string): string | null {
  const value = item[key];
  return value === undefined || value === null ? null : id(item, key);
}

function text(item: Json, key: string): string | null {
  const value = item[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new Skip(`"${key}" is not text`);
  return value;
}

function values(item: Json, key: string): string[] {
  const value = item[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Skip(`"${key}" is not a list`);
  return value
    .map((entry) => (isObject(entry) ? entry.value : entry))
    .filter((entry): entry is string => typeof entry === 'string' && entry.length > 0);
}

export function mapAll<T>(
  entity: EntityKind,
  items: unknown[],
  map: (item: Json) => T,
  skipped: SkippedRecord[],
): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (!isObject(item)) {
      skipped.push({ entity, remoteId: null, reason: 'not an object' });
      continue;
    }
    try {
      out.push(map(item));
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      const remoteId =
        typeof item.id === 'number' || typeof item.id === 'string' ? String(item.id) : null;
      skipped.push({ entity, remoteId, reason: error.message });
    }
  }
  return out;
}

export function mapUser(item: Json): AtsUserRecord {
  const name =
    text(item, 'name') ??
    [text(item, 'first_name'), text(item, 'last_name')].filter(Boolean).join(' ');
  return {
    remoteId: id(item),
    name: name || `User ${id(item)}`,
    email: text(item, 'primary_email'),
    role:
      item.site_admin === true
        ? 'Site Admin'
        : text(item, 'primary_email')
          ? 'User'
          : 'Service user',
    active: item.deactivated !== true,
  };
}

export function mapJob(item: Json): AtsJobRecord {
  const status = text(item, 'status') ?? 'unknown';
  const jobId = id(item);
  return {
    remoteId: jobId,
    title: text(item, 'name') ?? `Job ${jobId}`,
    status,
    isOpen: status === 'open' && item.is_template !== true,
    confidential: item.confidential === true,
    planIds: [jobId],
    defaultPlanId: jobId,
    location: null,
    department: null,
    url: null,
    createdAt: text(item, 'created_at'),
    updatedAt: text(item, 'updated_at'),
  };
}

/** Each job's interview plan, named after the job. */
export function planOfJob(job: AtsJobRecord): AtsPlanRecord {
  return { remoteId: job.remoteId, title: job.title, archived: !job.isOpen };
}

/**
 * How admins group Greenhouse's per-job stages: "Application Review" opens every plan, "Offer"
 * closes it, and the stages between are screens or interviews by their names.
 */
export function stageKind(name: string, sortOrder: number): string {
  const normalized = name.trim().toLowerCase();
  if (sortOrder === 0 || normalized === 'application review') return 'ApplicationReview';
  if (/\boffer\b/.test(normalized)) return 'Offer';
  if (/screen/.test(normalized)) return 'Screen';
  if (/interview/.test(normalized)) return 'Interview';
  if (/phone|call/.test(normalized)) return 'Screen';
  return 'Interview';
}

/** Retired stages stay for history, after every current one. */
const RETIRED_OFFSET = 1000;

export function mapStage(item: Json): AtsStageRecord {
  const name = text(item, 'name');
  if (!name) throw new Skip('"name" is missing');
  const order = typeof item.sort_order === 'number' ? item.sort_order : 0;
  return {
    remoteId: id(item),
    planId: id(item, 'job_id'),
    title: name,
    type: stageKind(name, order),
    position: order + (item.active === false ? RETIRED_OFFSET : 0),
  };
}

export function mapCandidate(web: string) {
  return (item: Json): AtsCandidateRecord => {
    const candidateId = id(item);
    const emails = values(item, 'email_addresses');
    const name = [text(item, 'first_name'), text(item, 'last_name')].filter(Boolean).join(' ');
    return {
      remoteId: candidateId,
      name: name || emails[0] || `Candidate ${candidateId}`,
      primaryEmail: emails[0] ?? null,
      emails,
      phones: values(item, 'phone_numbers'),
      links: [...values(item, 'social_media_addresses'), ...values(item, 'website_addresses')],
      profileUrl: candidateUrl(web, candidateId),
      createdAt: text(item, 'created_at'),
      updatedAt: text(item, 'updated_at'),
    };
  };
}

export function mapApplication(web: string, sourceTitles: ReadonlyMap<string, string>) {
  return (item: Json): AtsApplicationRecord => {
    const applicationId = id(item);
    const candidateId = id(item, 'candidate_id');
    const status = text(item, 'status') ?? 'in_process';
    const prospect = item.prospect === true;
    const closed = status === 'rejected' || status === 'hired' || status === 'converted';
    const sourceId = optionalId(item, 'source_id');
    return {
      remoteId: applicationId,
      candidateRemoteId: candidateId,
      jobRemoteId: optionalId(item, 'job_id'),
      stageRemoteId: closed ? null : optionalId(item, 'job_interview_stage_id'),
      status: prospect && status === 'in_process' ? 'prospect' : status,
      archived: closed,
      archiveReasonId:
        status === 'rejected'
          ? optionalId(item, 'rejection_reason_id')
          : status === 'hired'
            ? HIRED_REASON.remoteId
            : null,
      sourceTitle: sourceId ? (sourceTitles.get(sourceId) ?? null) : null,
      profileUrl: candidateUrl(web, candidateId, applicationId),
      createdAt: text(item, 'created_at'),
      updatedAt: text(item, 'updated_at'),
    };
  };
}

export function mapSource(item: Json): AtsSourceRecord {
  const type = isObject(item.type) ? text(item.type, 'name') : null;
  const name = text(item, 'name');
  if (!name) throw new Skip('"name" is missing');
  return { remoteId: id(item), title: name, typeTitle: type, archived: false };
}

export function mapRejectionReason(item: Json): AtsArchiveReasonRecord {
  const name = text(item, 'name');
  if (!name) throw new Skip('"name" is missing');
  const type = isObject(item.type) ? text(item.type, 'key') : null;
  return { remoteId: id(item), title: name, reasonType: type, archived: false };
}
