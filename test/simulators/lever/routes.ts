import type http from 'node:http';
import { readBody } from '../common/http';
import {
  type LeverDeletion,
  type LeverOpportunity,
  type LeverPosting,
  type LeverTenant,
  type LeverUser,
} from './model';
import {
  badRequest,
  LeverApiError,
  type LeverMutations,
  type NewLead,
  notFound,
  type UploadedFile,
} from './mutations';
import type { PageOutput, Paginator, TokenStyle } from './pagination';
import type { PreparedPages } from './prepared-pages';
import type { LeverQuirks } from './quirks';
import type { LeverSerializer } from './serialize';

/** Who is calling, after authentication. */
export interface Caller {
  identity: string;
  /** Lever scope names (API keys are described with the same names). */
  allows(scope: string): boolean;
  confidential: boolean;
}

/** Multi-valued query access: `key=a&key=b` and `key[]=a` both count. */
export class Query {
  constructor(readonly params: URLSearchParams) {}
  get(name: string): string | undefined {
    return this.params.get(name) ?? this.params.get(`${name}[]`) ?? undefined;
  }
  all(name: string): string[] {
    return [...this.params.getAll(name), ...this.params.getAll(`${name}[]`)];
  }
  names(): string[] {
    return [...new Set([...this.params.keys()].map((key) => key.replace(/\[\]$/, '')))];
  }
  toRecord(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const name of this.names()) {
      const values = this.all(name);
      out[name] = values.length === 1 ? (values[0] as string) : values;
    }
    return out;
  }
}

export interface RouteContext {
  req: http.IncomingMessage;
  params: Record<string, string>;
  query: Query;
  caller: Caller;
  path: string;
  /** Set by a route that read the body, for the request log. */
  loggedBody?: unknown;
  /** Which reading of Lever's open behaviours the simulator takes. */
  quirks: LeverQuirks;
}

export type Reply =
  | { status: number; body: unknown }
  | { status: 204 }
  | { status: 200; raw: Buffer; contentType: string };

export interface Route {
  method: string;
  pattern: string;
  scope: string;
  /** `POST /opportunities`: also held to `applicationPostsPerSecond` when that limit is set. */
  applicationPost?: boolean;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

const MAX_FILE_BYTES = 30 * 1024 * 1024;

/** The Data API routes the console uses, in match order. */
export function leverRoutes(
  tenant: LeverTenant,
  mutations: LeverMutations,
  serializer: LeverSerializer,
  paginator: Paginator,
  prepared: PreparedPages | null = null,
  opportunityOrder: 'newest-first' | 'unordered' = 'newest-first',
): Route[] {
  const list = <T>(
    ctx: RouteContext,
    items: readonly T[],
    options: {
      key: (item: T) => number;
      id: (item: T) => string;
      descending?: boolean;
      /** The big lists are kept in order; small ones are sorted per request. */
      presorted?: boolean;
      matches?: (item: T) => boolean;
      style?: TokenStyle;
      render: (item: T) => unknown;
    },
  ): Reply => {
    const sign = options.descending ? -1 : 1;
    const ordered = options.presorted
      ? items
      : [...items].sort(
          (a, b) =>
            sign * (options.key(a) - options.key(b)) ||
            (options.id(a) < options.id(b) ? -1 : options.id(a) > options.id(b) ? 1 : 0),
        );
    const pageAt = (offset: string | undefined) => {
      const page: PageOutput<T> = paginator.page({
        items: ordered,
        sortKey: (item) => ({ key: options.key(item), id: options.id(item) }),
        descending: options.descending ?? false,
        matches: options.matches ?? (() => true),
        limit: ctx.query.get('limit'),
        offset,
        querySignature: querySignature(ctx),
        style: options.style ?? 'dotted',
      });
      const body: { data: unknown[]; hasNext: boolean; next?: string } = {
        data: page.data.map(options.render),
        hasNext: page.hasNext,
      };
      if (page.next !== undefined) body.next = page.next;
      return body;
    };
    const prepareAfter = (next: string | undefined) => {
      if (prepared && next !== undefined) {
        prepared.prepare(preparedKey(ctx, next), () => pageAt(next));
      }
    };
    const offset = ctx.query.get('offset');
    const ready = prepared?.take(preparedKey(ctx, offset));
    if (ready) {
      prepareAfter(ready.next);
      return { status: 200, raw: ready.text, contentType: 'application/json; charset=utf-8' };
    }
    const body = pageAt(offset);
    prepareAfter(body.next);
    return { status: 200, body };
  };

  const single = (data: unknown): Reply => ({ status: 200, body: { data } });

  const opportunityFor = (ctx: RouteContext): LeverOpportunity => {
    const opportunity = mutations.find(ctx.params.id as string);
    if (opportunity.confidentiality === 'confidential' && !ctx.caller.confidential) {
      throw notFound(`opportunities ${opportunity.id} was not found`);
    }
    return opportunity;
  };

  const performAs = (ctx: RouteContext, required: boolean): string | null => {
    const value = ctx.query.get('perform_as');
    if (!value) {
      if (required) throw badRequest('The perform_as parameter is required for this request');
      return null;
    }
    return mutations.checkUser(value, 'perform_as');
  };

  const deletedList = (ctx: RouteContext, items: LeverDeletion[]): Reply => {
    const start = timestamp(ctx.query, 'deleted_at_start');
    const end = timestamp(ctx.query, 'deleted_at_end');
    return list(ctx, items, {
      key: (item) => item.deletedAt,
      id: (item) => item.id,
      matches: (item) =>
        (start === null || item.deletedAt >= start) && (end === null || item.deletedAt <= end),
      render: (item) => ({ ...item }),
    });
  };

  return [
    // ── users ──
    {
      method: 'GET',
      pattern: '/users',
      scope: 'users:read:admin',
      handle: (ctx) => {
        const email = ctx.query.get('email')?.toLowerCase();
        const roles = ctx.query.all('accessRole');
        const includeDeactivated = ctx.query.get('includeDeactivated') === 'true';
        const directoryId = ctx.query.get('external_directory_id');
        return list(ctx, tenant.users, {
          key: (user) => user.createdAt,
          id: (user) => user.id,
          matches: (user: LeverUser) =>
            (includeDeactivated || user.deactivatedAt === null) &&
            (email === undefined || user.email.toLowerCase() === email) &&
            (roles.length === 0 || roles.includes(user.accessRole)) &&
            (directoryId === undefined || user.externalDirectoryId === directoryId),
          render: (user) => serializer.user(user),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/users/:id',
      scope: 'users:read:admin',
      handle: (ctx) => {
        const user = tenant.users.find((candidate) => candidate.id === ctx.params.id);
        if (!user) throw notFound(`users ${ctx.params.id} was not found`);
        return single(serializer.user(user));
      },
    },
    // ── stages (pipeline order) ──
    {
      method: 'GET',
      pattern: '/stages',
      scope: 'stages:read:admin',
      handle: (ctx) =>
        list(ctx, tenant.stages, {
          key: (stage) => tenant.stages.indexOf(stage),
          id: (stage) => stage.id,
          render: (stage) => ({ ...stage }),
        }),
    },
    {
      method: 'GET',
      pattern: '/stages/:id',
      scope: 'stages:read:admin',
      handle: (ctx) => {
        const stage = tenant.stages.find((candidate) => candidate.id === ctx.params.id);
        if (!stage) throw notFound(`stages ${ctx.params.id} was not found`);
        return single({ ...stage });
      },
    },
    // ── archive reasons ──
    {
      method: 'GET',
      pattern: '/archive_reasons',
      scope: 'archive_reasons:read:admin',
      handle: (ctx) => {
        const type = ctx.query.get('type');
        return list(ctx, tenant.archiveReasons, {
          key: (reason) => tenant.archiveReasons.indexOf(reason),
          id: (reason) => reason.id,
          matches: (reason) => type === undefined || reason.type === type,
          render: (reason) => ({ ...reason }),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/archive_reasons/:id',
      scope: 'archive_reasons:read:admin',
      handle: (ctx) => {
        const reason = tenant.archiveReasons.find((candidate) => candidate.id === ctx.params.id);
        if (!reason) throw notFound(`archive_reasons ${ctx.params.id} was not found`);
        return single({ ...reason });
      },
    },
    // ── sources and tags: free strings with counts, no ids ──
    {
      method: 'GET',
      pattern: '/sources',
      scope: 'sources:read:admin',
      handle: (ctx) => countedList(ctx, tenant, (opportunity) => opportunity.sources, list),
    },
    {
      method: 'GET',
      pattern: '/tags',
      scope: 'tags:read:admin',
      handle: (ctx) => countedList(ctx, tenant, (opportunity) => opportunity.tags, list),
    },
    // ── postings ──
    {
      method: 'GET',
      pattern: '/postings/deleted',
      scope: 'postings:read:admin',
      handle: (ctx) => deletedList(ctx, tenant.deletedPostings),
    },
    {
      method: 'GET',
      pattern: '/postings',
      scope: 'postings:read:admin',
      handle: (ctx) => {
        const confidentiality = confidentialityFilter(ctx);
        const updatedStart = timestamp(ctx.query, 'updated_at_start');
        const updatedEnd = timestamp(ctx.query, 'updated_at_end');
        if (updatedStart !== null || updatedEnd !== null) {
          // "updated_at_ parameters can only be used in combination with confidentiality."
          const others = ctx.query
            .names()
            .filter(
              (name) =>
                ![
                  'updated_at_start',
                  'updated_at_end',
                  'confidentiality',
                  'limit',
                  'offset',
                ].includes(name),
            );
          if (others.length > 0) {
            throw badRequest(
              `updated_at_ parameters can only be used in combination with confidentiality (also sent: ${others.join(', ')})`,
            );
          }
        }
        const states = ctx.query.all('state');
        const channels = ctx.query.all('distributionChannel');
        const filters = ['team', 'department', 'location', 'commitment'] as const;
        const tags = ctx.query.all('tag');
        return list(ctx, tenant.postings, {
          key: (posting) => posting.createdAt,
          id: (posting) => posting.id,
          matches: (posting: LeverPosting) =>
            confidentiality(posting.confidentiality) &&
            (updatedStart === null || posting.updatedAt >= updatedStart) &&
            (updatedEnd === null || posting.updatedAt <= updatedEnd) &&
            (states.length === 0 || states.includes(posting.state)) &&
            channelVisible(
              posting,
              channels,
              updatedStart !== null || updatedEnd !== null,
              ctx.quirks.channelFilterEveryState,
            ) &&
            filters.every((name) => {
              const wanted = ctx.query.all(name);
              return wanted.length === 0 || wanted.includes(posting.categories[name]);
            }) &&
            (tags.length === 0 || tags.some((tag) => posting.tags.includes(tag))),
          render: (posting) => serializer.posting(posting),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/postings/:id',
      scope: 'postings:read:admin',
      handle: (ctx) => {
        const posting = tenant.postings.find((candidate) => candidate.id === ctx.params.id);
        if (!posting || (posting.confidentiality === 'confidential' && !ctx.caller.confidential)) {
          throw notFound(`postings ${ctx.params.id} was not found`);
        }
        return single(serializer.posting(posting));
      },
    },
    // ── opportunities: read ──
    {
      method: 'GET',
      pattern: '/opportunities/deleted',
      scope: 'opportunities:read:admin',
      handle: (ctx) => deletedList(ctx, tenant.deletedOpportunities),
    },
    {
      method: 'GET',
      pattern: '/opportunities',
      scope: 'opportunities:read:admin',
      handle: (ctx) => {
        const matches = opportunityFilter(ctx, tenant, confidentialityFilter(ctx));
        const expand = new Set(ctx.query.all('expand'));
        if (opportunityOrder === 'unordered') {
          // A stable order by id: page by page it says nothing of creation times.
          return list(ctx, tenant.opportunities, {
            key: (opportunity) => idOrder(opportunity.id),
            id: (opportunity) => opportunity.id,
            matches,
            style: 'json',
            render: (opportunity) => serializer.opportunity(opportunity, expand),
          });
        }
        return list(ctx, tenant.opportunities, {
          key: (opportunity) => opportunity.createdAt,
          id: (opportunity) => opportunity.id,
          descending: true,
          presorted: true,
          matches,
          style: 'json',
          render: (opportunity) => serializer.opportunity(opportunity, expand),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id',
      scope: 'opportunities:read:admin',
      handle: (ctx) =>
        single(serializer.opportunity(opportunityFor(ctx), new Set(ctx.query.all('expand')))),
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/applications',
      scope: 'applications:read:admin',
      handle: (ctx) => {
        const opportunity = opportunityFor(ctx);
        const application = serializer.application(opportunity);
        return { status: 200, body: { data: application ? [application] : [], hasNext: false } };
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/applications/:applicationId',
      scope: 'applications:read:admin',
      handle: (ctx) => {
        const opportunity = opportunityFor(ctx);
        if (opportunity.application?.id !== ctx.params.applicationId) {
          throw notFound(`applications ${ctx.params.applicationId} was not found`);
        }
        return single(serializer.application(opportunity));
      },
    },
    // ── opportunities: write ──
    {
      method: 'POST',
      pattern: '/opportunities',
      scope: 'opportunities:write:admin',
      applicationPost: true,
      handle: async (ctx) => {
        const performer = performAs(ctx, true) as string;
        const lead = await readLead(ctx);
        const { deduped, opportunity } = mutations.createOpportunity(lead, performer);
        return {
          status: 201,
          body: { deduped, data: serializer.opportunity(opportunity, new Set()) },
        };
      },
    },
    {
      method: 'PUT',
      pattern: '/opportunities/:id/stage',
      scope: 'opportunities:write:admin',
      handle: async (ctx) => {
        opportunityFor(ctx);
        const body = await readJsonObject(ctx);
        const updated = mutations.changeStage(
          ctx.params.id as string,
          body.stage,
          performAs(ctx, false),
        );
        return single(serializer.opportunity(updated, new Set()));
      },
    },
    {
      method: 'PUT',
      pattern: '/opportunities/:id/archived',
      scope: 'opportunities:write:admin',
      handle: async (ctx) => {
        opportunityFor(ctx);
        const body = await readJsonObject(ctx);
        if (!('reason' in body)) throw badRequest('reason is required (null to unarchive)');
        const updated = mutations.setArchived(
          ctx.params.id as string,
          body.reason,
          performAs(ctx, false),
        );
        return single(serializer.opportunity(updated, new Set()));
      },
    },
    ...(['tags', 'sources', 'links'] as const).flatMap((field) =>
      (['add', 'remove'] as const).map((change): Route => ({
        method: 'POST',
        pattern: `/opportunities/:id/${change}${field[0]?.toUpperCase()}${field.slice(1)}`,
        scope: 'opportunities:write:admin',
        handle: async (ctx) => {
          opportunityFor(ctx);
          const body = await readJsonObject(ctx);
          const updated = mutations.editList(
            ctx.params.id as string,
            field,
            change,
            body[field],
            performAs(ctx, false),
          );
          return single(serializer.opportunity(updated, new Set()));
        },
      })),
    ),
    // ── notes ──
    {
      method: 'GET',
      pattern: '/opportunities/:id/notes',
      scope: 'notes:read:admin',
      handle: (ctx) => {
        const opportunity = opportunityFor(ctx);
        return list(ctx, opportunity.notes, {
          key: (note) => note.createdAt,
          id: (note) => note.id,
          render: (note) => serializer.note(note),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/notes/:noteId',
      scope: 'notes:read:admin',
      handle: (ctx) => {
        const note = opportunityFor(ctx).notes.find(
          (candidate) => candidate.id === ctx.params.noteId,
        );
        if (!note) throw notFound(`notes ${ctx.params.noteId} was not found`);
        return single(serializer.note(note));
      },
    },
    {
      method: 'POST',
      pattern: '/opportunities/:id/notes',
      scope: 'notes:write:admin',
      handle: async (ctx) => {
        opportunityFor(ctx);
        const body = await readJsonObject(ctx);
        const note = mutations.addNote(ctx.params.id as string, body, performAs(ctx, false));
        return { status: 201, body: { data: serializer.note(note, true) } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/opportunities/:id/notes/:noteId',
      scope: 'notes:write:admin',
      handle: (ctx) => {
        opportunityFor(ctx);
        mutations.deleteNote(ctx.params.id as string, ctx.params.noteId as string);
        return { status: 204 };
      },
    },
    // ── files and resumes ──
    {
      method: 'GET',
      pattern: '/opportunities/:id/files',
      scope: 'files:read:admin',
      handle: (ctx) => {
        const opportunity = opportunityFor(ctx);
        return list(ctx, opportunity.files, {
          key: (file) => file.uploadedAt,
          id: (file) => file.id,
          render: (file) => serializer.file(opportunity.id, file, 'files'),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/files/:fileId',
      scope: 'files:read:admin',
      handle: (ctx) => {
        const opportunity = opportunityFor(ctx);
        return single(
          serializer.file(
            opportunity.id,
            fileOf(opportunity.files, ctx.params.fileId, 'files'),
            'files',
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/files/:fileId/download',
      scope: 'files:read:admin',
      handle: (ctx) => download(fileOf(opportunityFor(ctx).files, ctx.params.fileId, 'files')),
    },
    {
      method: 'POST',
      pattern: '/opportunities/:id/files',
      scope: 'files:write:admin',
      handle: async (ctx) => {
        const opportunity = opportunityFor(ctx);
        const performer = performAs(ctx, true) as string;
        const form = await readMultipart(ctx);
        const file = form.files.get('file')?.[0];
        if (!file) throw badRequest('A multipart part named "file" is required');
        const stored = mutations.addFile(opportunity.id, file, performer);
        return { status: 200, body: { data: serializer.file(opportunity.id, stored, 'files') } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/opportunities/:id/files/:fileId',
      scope: 'files:write:admin',
      handle: (ctx) => {
        opportunityFor(ctx);
        mutations.deleteFile(
          ctx.params.id as string,
          ctx.params.fileId as string,
          performAs(ctx, true) as string,
        );
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/resumes',
      scope: 'resumes:read:admin',
      handle: (ctx) => {
        const opportunity = opportunityFor(ctx);
        return list(ctx, opportunity.resumes, {
          key: (file) => file.uploadedAt,
          id: (file) => file.id,
          render: (file) => serializer.file(opportunity.id, file, 'resumes'),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/resumes/:resumeId',
      scope: 'resumes:read:admin',
      handle: (ctx) => {
        const opportunity = opportunityFor(ctx);
        return single(
          serializer.file(
            opportunity.id,
            fileOf(opportunity.resumes, ctx.params.resumeId, 'resumes'),
            'resumes',
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: '/opportunities/:id/resumes/:resumeId/download',
      scope: 'resumes:read:admin',
      handle: (ctx) =>
        download(fileOf(opportunityFor(ctx).resumes, ctx.params.resumeId, 'resumes')),
    },
  ];
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.pattern.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = pattern.every((segment, index) => {
      const part = parts[index] as string;
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part);
        return true;
      }
      return segment === part;
    });
    if (!fits) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : null;
}

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

/** A prepared page answers only the same caller, list, filters, limit and token. */
function preparedKey(ctx: RouteContext, offset: string | undefined): string {
  return `${ctx.caller.identity}|${querySignature(ctx)}|${ctx.query.get('limit') ?? ''}|${offset ?? ''}`;
}

function querySignature(ctx: RouteContext): string {
  const entries = [...ctx.query.params.entries()]
    .filter(([key]) => key !== 'offset' && key !== 'limit')
    .map(([key, value]) => `${key}=${value}`)
    .sort();
  return `${ctx.path}?${entries.join('&')}`;
}

function timestamp(query: Query, name: string): number | null {
  const raw = query.get(name);
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw badRequest(`${name} must be a timestamp in milliseconds`);
  }
  return value;
}

function confidentialityFilter(ctx: RouteContext): (value: string) => boolean {
  const wanted = ctx.query.get('confidentiality') ?? 'non-confidential';
  if (!['confidential', 'non-confidential', 'all'].includes(wanted)) {
    throw badRequest('confidentiality must be confidential, non-confidential or all');
  }
  if (wanted !== 'non-confidential' && !ctx.caller.confidential) {
    if (ctx.quirks.confidentialRefusal === 'filtered') {
      return (value) => value === 'non-confidential';
    }
    throw new LeverApiError(
      403,
      'ForbiddenError',
      'This API key or token does not have access to confidential data',
    );
  }
  return (value) => wanted === 'all' || value === wanted;
}

/**
 * Lever lists `published` postings only when they are on the public job site, unless the request
 * asks for both channels (`distributionChannel=public&distributionChannel=internal`). With
 * `updated_at_*` no other filter is allowed, and the simulator then applies no channel filter
 * (what Lever does there is unconfirmed; see docs/lever.md). Whether a channel filter also
 * leaves out postings of other states that are on no channel is open too: `everyState` says so.
 */
function channelVisible(
  posting: LeverPosting,
  channels: string[],
  updatedFilter: boolean,
  everyState: boolean,
): boolean {
  if (updatedFilter) return true;
  if (posting.state !== 'published' && !(everyState && channels.length > 0)) return true;
  const on = posting.distributionChannels ?? [];
  const wanted = channels.length > 0 ? channels : ['public'];
  return on.some((channel) => wanted.includes(channel));
}

/** A number that orders ids the same way for every request, unrelated to time. */
function idOrder(id: string): number {
  let hash = 0;
  for (let index = 0; index < id.length; index++) hash = (hash * 31 + id.charCodeAt(index)) >>> 0;
  return hash;
}

function opportunityFilter(
  ctx: RouteContext,
  tenant: LeverTenant,
  confidentiality: (value: string) => boolean,
): (opportunity: LeverOpportunity) => boolean {
  const q = ctx.query;
  const range = (name: string) =>
    [timestamp(q, `${name}_start`), timestamp(q, `${name}_end`)] as const;
  const [updatedStart, updatedEnd] = range('updated_at');
  const [createdStart, createdEnd] = range('created_at');
  const [advancedStart, advancedEnd] = range('advanced_at');
  const [archivedStart, archivedEnd] = range('archived_at');
  const inRange = (value: number | null | undefined, start: number | null, end: number | null) =>
    (start === null && end === null) ||
    (value !== null &&
      value !== undefined &&
      (start === null || value >= start) &&
      (end === null || value <= end));
  const stages = q.all('stage_id');
  const postings = q.all('posting_id');
  const archivedPostings = q.all('archived_posting_id');
  const origins = q.all('origin');
  const sources = q.all('source');
  const tags = q.all('tag');
  const contacts = q.all('contact_id');
  const reasons = q.all('archive_reason_id');
  const locations = q.all('location');
  const archived = q.get('archived');
  const snoozed = q.get('snoozed');
  const email = q.get('email')?.trim().toLowerCase();
  const emailContact = email === undefined ? undefined : (tenant.contactByEmail.get(email) ?? null);
  return (opportunity) => {
    const posting = opportunity.application?.posting ?? null;
    return (
      confidentiality(opportunity.confidentiality) &&
      inRange(opportunity.updatedAt, updatedStart, updatedEnd) &&
      inRange(opportunity.createdAt, createdStart, createdEnd) &&
      inRange(opportunity.lastAdvancedAt, advancedStart, advancedEnd) &&
      inRange(opportunity.archived?.archivedAt, archivedStart, archivedEnd) &&
      (stages.length === 0 || stages.includes(opportunity.stage)) &&
      (postings.length === 0 ||
        (posting !== null && !opportunity.archived && postings.includes(posting))) &&
      (archivedPostings.length === 0 ||
        (posting !== null &&
          opportunity.archived !== null &&
          archivedPostings.includes(posting))) &&
      (origins.length === 0 || origins.includes(opportunity.origin)) &&
      (sources.length === 0 || sources.some((source) => opportunity.sources.includes(source))) &&
      (tags.length === 0 || tags.some((tag) => opportunity.tags.includes(tag))) &&
      (contacts.length === 0 || contacts.includes(opportunity.contact)) &&
      (reasons.length === 0 ||
        (opportunity.archived !== null && reasons.includes(opportunity.archived.reason))) &&
      (locations.length === 0 ||
        (opportunity.opportunityLocation !== null &&
          locations.includes(opportunity.opportunityLocation))) &&
      (archived === undefined || (archived === 'true') === (opportunity.archived !== null)) &&
      (snoozed === undefined || (snoozed === 'true') === (opportunity.snoozedUntil !== null)) &&
      (emailContact === undefined || opportunity.contact === emailContact)
    );
  };
}

type ListFn = <T>(
  ctx: RouteContext,
  items: readonly T[],
  options: {
    key: (item: T) => number;
    id: (item: T) => string;
    render: (item: T) => unknown;
  },
) => Reply;

/** Sources and tags: every string in use, with how many opportunities carry it. */
function countedList(
  ctx: RouteContext,
  tenant: LeverTenant,
  values: (opportunity: LeverOpportunity) => string[],
  list: ListFn,
): Reply {
  const counts = new Map<string, number>();
  for (const opportunity of tenant.opportunities) {
    for (const value of values(opportunity)) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const items = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return list(ctx, items, {
    key: () => 0,
    id: ([text]) => text,
    render: ([text, count]) => ({ count, text }),
  });
}

function fileOf<T extends { id: string }>(files: T[], id: string | undefined, kind: string): T {
  const file = files.find((candidate) => candidate.id === id);
  if (!file) throw notFound(`${kind} ${id} was not found`);
  return file;
}

function download(file: { content: Buffer; ext: string }): Reply {
  return {
    status: 200,
    raw: file.content,
    contentType: file.ext === 'pdf' ? 'application/pdf' : 'application/octet-stream',
  };
}

async function readJsonObject(ctx: RouteContext): Promise<Record<string, unknown>> {
  const text = (await readBody(ctx.req)).toString('utf8');
  if (!(ctx.req.headers['content-type'] ?? '').includes('application/json')) {
    throw badRequest('Send the body as application/json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('The request body must be a JSON object');
  }
  ctx.loggedBody = parsed;
  return parsed as Record<string, unknown>;
}

interface MultipartForm {
  fields: Map<string, string[]>;
  files: Map<string, UploadedFile[]>;
}

/** Parses multipart/form-data with the platform's own parser (undici's FormData). */
async function readMultipart(ctx: RouteContext): Promise<MultipartForm> {
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    throw badRequest('Send the body as multipart/form-data');
  }
  const body = await readBody(ctx.req, MAX_FILE_BYTES + 1024 * 1024);
  let form: FormData;
  try {
    // A copy as a plain ArrayBuffer: the DOM typings refuse a Node Buffer as a body.
    const bytes = body.buffer.slice(
      body.byteOffset,
      body.byteOffset + body.byteLength,
    ) as ArrayBuffer;
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest('The multipart body could not be read');
  }
  const fields = new Map<string, string[]>();
  const files = new Map<string, UploadedFile[]>();
  const summary: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      fields.set(name, [...(fields.get(name) ?? []), value]);
      summary[name] = fields.get(name);
    } else {
      const content = Buffer.from(await value.arrayBuffer());
      if (content.length > MAX_FILE_BYTES) {
        throw new LeverApiError(413, 'RequestEntityTooLarge', 'Files can be at most 30 MB');
      }
      files.set(name, [...(files.get(name) ?? []), { name: value.name, content }]);
      summary[name] = { file: value.name, size: content.length };
    }
  }
  ctx.loggedBody = summary;
  return { fields, files };
}

/** The body of `POST /opportunities`: JSON, or multipart with `key[]` arrays and file parts. */
async function readLead(ctx: RouteContext): Promise<NewLead> {
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await readMultipart(ctx);
    const one = (name: string) => form.fields.get(name)?.[0];
    const many = (name: string) => [
      ...(form.fields.get(name) ?? []),
      ...(form.fields.get(`${name}[]`) ?? []),
    ];
    const lead: NewLead = {};
    for (const key of [
      'name',
      'headline',
      'stage',
      'location',
      'origin',
      'owner',
      'contact',
      'opportunityLocation',
    ] as const) {
      const value = one(key);
      if (value !== undefined) lead[key] = value;
    }
    for (const key of ['emails', 'links', 'tags', 'sources', 'followers', 'postings'] as const) {
      const values = many(key);
      if (values.length > 0) lead[key] = values;
    }
    const phones = many('phones');
    if (phones.length > 0) lead.phones = phones.map((value) => ({ value }));
    const createdAt = one('createdAt');
    if (createdAt !== undefined) lead.createdAt = Number(createdAt);
    const reason = one('archived[reason]');
    if (reason !== undefined) {
      const archivedAt = one('archived[archivedAt]');
      lead.archived = { reason, ...(archivedAt ? { archivedAt: Number(archivedAt) } : {}) };
    }
    const resume = form.files.get('resumeFile');
    if (resume && resume.length > 1) throw badRequest('Only one resumeFile can be sent');
    if (resume?.[0]) lead.resumeFile = resume[0];
    const files = [...(form.files.get('files') ?? []), ...(form.files.get('files[]') ?? [])];
    if (files.length > 0) lead.files = files;
    return lead;
  }
  const body = await readJsonObject(ctx);
  const strings = (key: string): string[] | undefined => {
    const value = body[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw badRequest(`${key} must be an array of strings`);
    }
    return value as string[];
  };
  const text = (key: string): string | undefined => {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw badRequest(`${key} must be a string`);
    return value;
  };
  const phones = body.phones;
  if (
    phones !== undefined &&
    (!Array.isArray(phones) ||
      phones.some((phone) => !phone || typeof (phone as { value?: unknown }).value !== 'string'))
  ) {
    throw badRequest('phones must be an array of {value, type}');
  }
  const archived = body.archived;
  if (archived !== undefined && archived !== null && typeof archived !== 'object') {
    throw badRequest('archived must be an object with a reason');
  }
  if (body.createdAt !== undefined && typeof body.createdAt !== 'number') {
    throw badRequest('createdAt must be a timestamp in milliseconds');
  }
  return {
    name: text('name'),
    headline: text('headline'),
    stage: text('stage'),
    location: text('location'),
    origin: text('origin'),
    owner: text('owner'),
    contact: text('contact'),
    opportunityLocation: text('opportunityLocation'),
    emails: strings('emails'),
    links: strings('links'),
    tags: strings('tags'),
    sources: strings('sources'),
    followers: strings('followers'),
    postings: strings('postings'),
    phones: phones as NewLead['phones'],
    createdAt: body.createdAt as number | undefined,
    archived: (archived ?? undefined) as NewLead['archived'],
  };
}
