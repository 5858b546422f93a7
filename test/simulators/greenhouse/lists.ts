import type { GreenhouseTenant } from './model';
import {
  boolParam,
  dateMatches,
  decodeCursor,
  encodeCursor,
  parseListParams,
  UnprocessableError,
  type ListParams,
  type QueryRules,
} from './query';

/**
 * The Harvest v3 list endpoints: bare JSON arrays, id-descending, a `Link: <…>; rel="next"`
 * header while more follow, filters per resource (see docs/greenhouse.md).
 */

interface ListSpec {
  scope: string;
  collection: (tenant: GreenhouseTenant) => Map<number, { id: number }>;
  own?: string[];
  dates?: string[];
  /** Whether a record passes the resource's own filters. */
  filter?: (record: never, params: ListParams, tenant: GreenhouseTenant) => boolean;
  serialize?: (record: never) => Record<string, unknown>;
}

const inIds = (params: ListParams, key: string, value: number | null) => {
  const wanted = params.ids.get(key);
  return !wanted || (value !== null && wanted.has(value));
};

const without = <T extends Record<string, unknown>>(record: T, ...keys: string[]) => {
  const copy: Record<string, unknown> = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
};

const APPLICATION_STATUS = new Set(['active', 'rejected', 'hired', 'converted']);

export const LISTS: Record<string, ListSpec> = {
  users: {
    scope: 'harvest:users:list',
    collection: (t) => t.users,
    own: ['primary_email', 'deactivated', 'show_service_accounts', 'employee_ids'],
    filter: (user: GreenhouseTenant['users'] extends Map<number, infer U> ? U : never, params) => {
      if (user.service_account && boolParam(params, 'show_service_accounts') !== true) return false;
      const email = params.values.get('primary_email');
      if (email !== undefined && user.primary_email?.toLowerCase() !== email.toLowerCase())
        return false;
      const deactivated = boolParam(params, 'deactivated');
      return deactivated === null || user.deactivated === deactivated;
    },
    serialize: (user: Record<string, unknown>) => without(user, 'service_account'),
  },
  jobs: {
    scope: 'harvest:jobs:list',
    collection: (t) => t.jobs,
    own: ['status', 'requisition_id', 'department_id', 'office_id', 'confidential'],
    dates: ['opened_at', 'closed_at'],
    filter: (
      job: { status: string; opened_at: string | null; closed_at: string | null },
      params,
    ) => {
      const status = params.values.get('status');
      if (status !== undefined && !['open', 'closed', 'draft'].includes(status))
        throw new UnprocessableError([
          { status: `\`${status}\` is not one of open, closed, draft` },
        ]);
      return (
        (status === undefined || job.status === status) &&
        dateMatches(job.opened_at, params.dates.get('opened_at')) &&
        dateMatches(job.closed_at, params.dates.get('closed_at'))
      );
    },
  },
  job_interview_stages: {
    scope: 'harvest:job_interview_stages:list',
    collection: (t) => t.jobInterviewStages,
    own: ['job_ids', 'active'],
    filter: (stage: { job_id: number; active: boolean }, params) => {
      const active = boolParam(params, 'active');
      return inIds(params, 'job_ids', stage.job_id) && (active === null || stage.active === active);
    },
  },
  candidates: {
    scope: 'harvest:candidates:list',
    collection: (t) => t.candidates,
    own: ['email', 'tag', 'private', 'custom_field_option_id'],
    dates: ['last_activity_at'],
    filter: (
      candidate: { email_addresses: Array<{ value: string }>; last_activity_at: string },
      params,
    ) => {
      const email = params.values.get('email')?.toLowerCase();
      if (
        email !== undefined &&
        !candidate.email_addresses.some((address) => address.value.toLowerCase() === email)
      )
        return false;
      return dateMatches(candidate.last_activity_at, params.dates.get('last_activity_at'));
    },
  },
  applications: {
    scope: 'harvest:applications:list',
    collection: (t) => t.applications,
    own: [
      'candidate_ids',
      'job_ids',
      'prospective_job_ids',
      'source_ids',
      'referrer_ids',
      'stage_ids',
      'status',
      'stage_name',
      'prospect',
    ],
    dates: ['last_activity_at'],
    filter: (
      app: {
        candidate_id: number;
        job_id: number | null;
        source_id: number | null;
        stage_id: number | null;
        status: string;
        prospect: boolean;
        last_activity_at: string;
      },
      params,
    ) => {
      const status = params.values.get('status');
      if (status !== undefined && !APPLICATION_STATUS.has(status)) {
        throw new UnprocessableError([
          { status: `\`${status}\` is not one of active, rejected, hired, converted` },
        ]);
      }
      const prospect = boolParam(params, 'prospect');
      return (
        inIds(params, 'candidate_ids', app.candidate_id) &&
        inIds(params, 'job_ids', app.job_id) &&
        inIds(params, 'source_ids', app.source_id) &&
        inIds(params, 'stage_ids', app.stage_id) &&
        (status === undefined || app.status === (status === 'active' ? 'in_process' : status)) &&
        (prospect === null || app.prospect === prospect) &&
        dateMatches(app.last_activity_at, params.dates.get('last_activity_at'))
      );
    },
  },
  application_stages: {
    scope: 'harvest:application_stages:list',
    collection: (t) => t.applicationStages,
    own: ['application_ids', 'job_interview_stage_ids', 'current'],
    filter: (row: { application_id: number; current: boolean }, params) => {
      const current = boolParam(params, 'current');
      return (
        inIds(params, 'application_ids', row.application_id) &&
        (current === null || row.current === current)
      );
    },
  },
  sources: { scope: 'harvest:sources:list', collection: (t) => t.sources },
  rejection_reasons: {
    scope: 'harvest:rejection_reasons:list',
    collection: (t) => t.rejectionReasons,
    own: ['include_defaults'],
    filter: (reason: { is_default: boolean }, params) =>
      !reason.is_default || boolParam(params, 'include_defaults') === true,
    serialize: (reason: Record<string, unknown>) => without(reason, 'is_default'),
  },
  rejection_details: {
    scope: 'harvest:rejection_details:list',
    collection: (t) => t.rejectionDetails,
    own: ['application_ids', 'rejection_reason_ids'],
    filter: (row: { application_id: number }, params) =>
      inIds(params, 'application_ids', row.application_id),
  },
  notes: {
    scope: 'harvest:notes:list',
    collection: (t) => t.notes,
    own: ['candidate_ids', 'application_ids', 'user_ids', 'type', 'visibility'],
    filter: (
      note: { candidate_id: number; application_id: number | null; user_id: number | null },
      params,
    ) =>
      inIds(params, 'candidate_ids', note.candidate_id) &&
      inIds(params, 'application_ids', note.application_id) &&
      inIds(params, 'user_ids', note.user_id),
  },
  attachments: {
    scope: 'harvest:attachments:list',
    collection: (t) => t.attachments,
    own: ['application_ids', 'candidate_ids', 'type'],
    filter: (file: { application_id: number; candidate_id: number; type: string }, params) => {
      const type = params.values.get('type');
      return (
        inIds(params, 'application_ids', file.application_id) &&
        inIds(params, 'candidate_ids', file.candidate_id) &&
        (type === undefined || file.type === type)
      );
    },
    serialize: (file: Record<string, unknown>) => without(file, 'size'),
  },
  referrers: {
    scope: 'harvest:referrers:list',
    collection: (t) => t.referrers,
    own: ['user_ids'],
    filter: (row: { user_id: number | null }, params) => inIds(params, 'user_ids', row.user_id),
  },
};

export interface ListAnswer {
  body: unknown[];
  next: string | null;
}

export interface ListRuntime {
  tenant: GreenhouseTenant;
  rules: QueryRules;
  /** Cursors older than this are refused with 422 (null: they never expire). */
  cursorTtlMs: number | null;
  now: () => number;
  /** Ids a list answers with, newest first, kept until the collection changes. */
  sorted: Map<string, { size: number; ids: number[] }>;
  /** Records that exist but are not readable yet (a candidate created asynchronously). */
  hidden: (resource: string, id: number) => boolean;
}

/** One page of a list: its records and the next page's URL, if any. */
export function listPage(
  runtime: ListRuntime,
  resource: string,
  query: URLSearchParams,
  origin: string,
): ListAnswer {
  const spec = LISTS[resource]!;
  let effective = query;
  let below = Number.POSITIVE_INFINITY;
  const cursorText = query.get('cursor');
  if (cursorText !== null) {
    if ([...query.keys()].length > 1) {
      throw new UnprocessableError(['When passing a cursor, do not include other query params.']);
    }
    const state = decodeCursor(cursorText);
    if (!state || state.resource !== resource) {
      throw new UnprocessableError(['The cursor is invalid.']);
    }
    if (runtime.cursorTtlMs !== null && runtime.now() - state.issuedAt > runtime.cursorTtlMs) {
      throw new UnprocessableError(['The cursor has expired.']);
    }
    effective = new URLSearchParams(state.query);
    below = state.below;
  }
  const params = parseListParams(
    effective,
    new Set(spec.own ?? []),
    new Set(spec.dates ?? []),
    runtime.rules,
  );
  const collection = spec.collection(runtime.tenant);
  const ids = sortedIds(runtime, resource, collection);
  const filter = spec.filter as
    ((record: unknown, params: ListParams, tenant: GreenhouseTenant) => boolean) | undefined;
  const serialize = (spec.serialize ?? ((record: Record<string, unknown>) => ({ ...record }))) as (
    record: unknown,
  ) => Record<string, unknown>;
  const page: Record<string, unknown>[] = [];
  let more = false;
  let last = below;
  for (let index = firstBelow(ids, below); index < ids.length; index++) {
    const id = ids[index]!;
    const record = collection.get(id) as
      (Record<string, unknown> & { created_at?: string; updated_at?: string }) | undefined;
    if (!record || runtime.hidden(resource, id)) continue;
    if (!inIds(params, 'ids', id)) continue;
    if (!dateMatches(record.created_at ?? null, params.dates.get('created_at'))) continue;
    if (!dateMatches(record.updated_at ?? null, params.dates.get('updated_at'))) continue;
    if (filter && !filter(record, params, runtime.tenant)) continue;
    if (page.length === params.perPage) {
      more = true;
      break;
    }
    page.push(project(serialize(record), params.fields));
    last = id;
  }
  const next = more
    ? `${origin}/v3/${resource}?cursor=${encodeCursor({
        resource,
        query: effective.toString(),
        below: last,
        issuedAt: runtime.now(),
      })}`
    : null;
  return { body: page, next };
}

function project(record: Record<string, unknown>, fields: string[] | null) {
  if (!fields) return record;
  const out: Record<string, unknown> = {};
  for (const field of fields) if (field in record) out[field] = record[field];
  return out;
}

function sortedIds(runtime: ListRuntime, resource: string, collection: Map<number, unknown>) {
  const cached = runtime.sorted.get(resource);
  if (cached && cached.size === collection.size) return cached.ids;
  const ids = [...collection.keys()].sort((a, b) => b - a);
  runtime.sorted.set(resource, { size: collection.size, ids });
  return ids;
}

/** Index of the first id below `below` in a descending list. */
function firstBelow(ids: number[], below: number): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ids[mid]! >= below) low = mid + 1;
    else high = mid;
  }
  return low;
}
