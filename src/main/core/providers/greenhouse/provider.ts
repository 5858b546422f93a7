import { isAtsApiError } from '../../http';
import type {
  AtsProvider,
  ConnectionCheck,
  PageRequest,
  PageResult,
  ProviderContext,
  ProviderNotice,
  ResourceSpec,
  SkippedRecord,
  SplitRequest,
  StreamSplit,
} from '../provider';
import type { RecordBatch } from '../records';
import { GreenhouseApi } from './api';
import { checkGreenhouseConnection } from './check';
import { webBaseFor } from './hosts';
import {
  HIRED_REASON,
  mapAll,
  mapApplication,
  mapCandidate,
  mapJob,
  mapRejectionReason,
  mapSource,
  mapStage,
  mapUser,
  planOfJob,
} from './mappers';
import {
  createdFilter,
  observe,
  splitFullRead,
  type GreenhouseCommitted,
  type GreenhouseCursor,
} from './windows';
import { GreenhouseWriter } from './writer';

/**
 * Greenhouse behind the provider interface:
 *
 * - sources and rejection reasons (with Greenhouse's built-in ones) read whole every run;
 * - users, jobs (with each job's plan), job interview stages, candidates and applications read
 *   page by page (500 a page, following the `Link` next URL as it is); later passes read only
 *   what changed: `updated_at` from the last pass's start minus 5 minutes up to this pass's start
 *   (if Greenhouse refuses the two-sided window, its lower bound alone);
 * - Greenhouse reports no deletions or merges, so a full pass runs every `fullPassEveryHours` (24 by
 *   default) and the engine removes what it no longer lists; a merged candidate's applications
 *   then arrive under the surviving candidate;
 * - a full read of candidates or applications is divided by creation date into parts read at the
 *   same time (windows.ts), so the request budget, not Greenhouse's latency, sets the pace;
 * - an expired or refused page cursor restarts that part from its first page.
 * See docs/greenhouse.md.
 */

export const GREENHOUSE_RESOURCES: readonly ResourceSpec[] = [
  { name: 'sources', label: 'Sources', entities: ['sources'], incremental: false },
  {
    name: 'rejectionReasons',
    label: 'Rejection reasons',
    entities: ['archiveReasons'],
    incremental: false,
  },
  { name: 'users', label: 'Users', entities: ['users'], incremental: true },
  { name: 'jobs', label: 'Jobs', entities: ['jobs', 'plans'], incremental: true },
  { name: 'jobStages', label: 'Job stages', entities: ['stages'], incremental: true },
  { name: 'candidates', label: 'Candidates', entities: ['candidates'], incremental: true },
  { name: 'applications', label: 'Applications', entities: ['applications'], incremental: true },
];

const OVERLAP_MS = 5 * 60_000;
const PER_PAGE = 500;
const SPLITTABLE = new Set(['candidates', 'applications']);

interface ListDef {
  path: string;
  query: Record<string, string | boolean>;
  map: (items: unknown[], skipped: SkippedRecord[]) => Promise<RecordBatch> | RecordBatch;
}

export class GreenhouseProvider implements AtsProvider {
  readonly kind = 'greenhouse' as const;
  readonly resources = GREENHOUSE_RESOURCES;
  readonly writer: GreenhouseWriter;
  private readonly api: GreenhouseApi;
  private readonly lists: Record<string, ListDef>;
  private sourceTitles: Promise<Map<string, string>> | null = null;

  constructor(private readonly ctx: ProviderContext) {
    this.api = new GreenhouseApi(ctx);
    const web = webBaseFor(ctx.config);
    this.writer = new GreenhouseWriter(this.api, web);
    this.lists = {
      users: {
        path: '/v3/users',
        query: { show_service_accounts: true },
        map: (items, skipped) => ({ users: mapAll('users', items, mapUser, skipped) }),
      },
      jobs: {
        path: '/v3/jobs',
        query: {},
        map: (items, skipped) => {
          const jobs = mapAll('jobs', items, mapJob, skipped);
          return { jobs, plans: jobs.map(planOfJob) };
        },
      },
      jobStages: {
        path: '/v3/job_interview_stages',
        query: {},
        map: (items, skipped) => ({ stages: mapAll('stages', items, mapStage, skipped) }),
      },
      candidates: {
        path: '/v3/candidates',
        query: {},
        map: (items, skipped) => ({
          candidates: mapAll('candidates', items, mapCandidate(web), skipped),
        }),
      },
      applications: {
        path: '/v3/applications',
        query: {},
        map: async (items, skipped) => {
          const titles = await this.titles();
          return {
            applications: mapAll('applications', items, mapApplication(web, titles), skipped),
          };
        },
      },
    };
  }

  checkConnection(signal?: AbortSignal): Promise<ConnectionCheck> {
    return checkGreenhouseConnection(this.api, signal);
  }

  async fetchPage(request: PageRequest): Promise<PageResult> {
    if (request.resource === 'sources' || request.resource === 'rejectionReasons') {
      return this.snapshot(request);
    }
    const def = this.lists[request.resource];
    if (!def) throw new Error(`Greenhouse has no resource "${request.resource}".`);
    return this.listPage(def, request);
  }

  splitStream(request: SplitRequest): StreamSplit | null {
    if (!SPLITTABLE.has(request.resource)) return null;
    return splitFullRead(request, (cursor) => committedOf(cursor));
  }

  close(): void {
    this.api.close();
  }

  private titles(): Promise<Map<string, string>> {
    this.sourceTitles ??= this.api
      .listAll<unknown>('/v3/sources', {})
      .then((items) => {
        const map = new Map<string, string>();
        for (const source of mapAll('sources', items, mapSource, [])) {
          map.set(source.remoteId, source.title);
        }
        return map;
      })
      .catch((error: unknown) => {
        this.sourceTitles = null;
        throw error;
      });
    return this.sourceTitles;
  }

  private async snapshot(request: PageRequest): Promise<PageResult> {
    const skipped: SkippedRecord[] = [];
    let batch: RecordBatch;
    if (request.resource === 'sources') {
      const items = await this.api.listAll<unknown>('/v3/sources', {}, request.signal);
      batch = { sources: mapAll('sources', items, mapSource, skipped) };
    } else {
      const items = await this.api.listAll<unknown>(
        '/v3/rejection_reasons',
        // Without it Greenhouse leaves its built-in reasons out.
        { include_defaults: true },
        request.signal,
      );
      batch = {
        archiveReasons: [
          ...mapAll('archiveReasons', items, mapRejectionReason, skipped),
          HIRED_REASON,
        ],
      };
    }
    return { batch, skipped, mode: 'full', passStarted: true, next: null, committed: null };
  }

  private startPass(request: PageRequest, notices: ProviderNotice[]): GreenhouseCursor {
    const previous = parseCommitted(request.committed);
    const now = this.ctx.clock.now();
    const everyMs = fullPassHours(this.ctx.config) * 3_600_000;
    let mode: GreenhouseCursor['mode'] = 'incremental';
    if (request.forceFull || !previous) mode = 'full';
    else if (now - previous.lastFullAt >= everyMs) {
      mode = 'full';
      notices.push({
        level: 'info',
        code: 'periodic_full_pass',
        message: `Reading everything again (done every ${everyMs / 3_600_000} h): Greenhouse does not report deletions or merges, and this pass removes what it no longer lists.`,
      });
    }
    return {
      mode,
      next: null,
      startedAt: now,
      lastFullAt: mode === 'full' ? now : (previous?.lastFullAt ?? now),
      since: mode === 'incremental' && previous ? previous.checkpoint - OVERLAP_MS : null,
      window: null,
      twoSided: previous?.twoSided ?? true,
      seen: null,
    };
  }

  private firstQuery(def: ListDef, cursor: GreenhouseCursor) {
    const query: Record<string, string | number | boolean> = { per_page: PER_PAGE, ...def.query };
    if (cursor.mode === 'incremental' && cursor.since !== null) {
      const from = `gte|${new Date(cursor.since).toISOString()}`;
      query.updated_at = cursor.twoSided
        ? `${from}|lte|${new Date(cursor.startedAt).toISOString()}`
        : from;
    } else if (cursor.window) {
      const filter = createdFilter(cursor.window, cursor.twoSided);
      if (filter) query.created_at = filter;
    }
    return query;
  }

  private async listPage(def: ListDef, request: PageRequest): Promise<PageResult> {
    const notices: ProviderNotice[] = [];
    let passStarted = false;
    let cursor = request.cursor as GreenhouseCursor | null;
    if (!cursor) {
      cursor = this.startPass(request, notices);
      passStarted = true;
    }
    for (let attempt = 0; ; attempt++) {
      let page;
      try {
        page = await this.api.list<unknown>(
          def.path,
          cursor.next ? { url: cursor.next } : { query: this.firstQuery(def, cursor) },
          request.signal,
        );
      } catch (error) {
        if (!isAtsApiError(error) || error.providerCode !== 'unprocessable' || attempt >= 2) {
          throw error;
        }
        if (cursor.next) {
          notices.push({
            level: 'info',
            code: 'cursor_restarted',
            message: `Greenhouse refused the page cursor of ${def.path.slice(4)} (it may have expired); this part is read again from its first page.`,
          });
          cursor = { ...cursor, next: null, seen: null };
          passStarted = request.stream === '';
          continue;
        }
        const windowed =
          (cursor.mode === 'incremental' && cursor.since !== null) ||
          (cursor.window !== null && cursor.window.from !== null && cursor.window.to !== null);
        if (cursor.twoSided && windowed) {
          notices.push({
            level: 'warn',
            code: 'two_sided_window_refused',
            message:
              'Greenhouse refused a date window with two bounds; from now on only the lower bound is sent (the overlap is read again, harmlessly).',
          });
          cursor = { ...cursor, twoSided: false };
          continue;
        }
        throw error;
      }
      const skipped: SkippedRecord[] = [];
      const batch = await def.map(page.items, skipped);
      const next: GreenhouseCursor | null = page.next
        ? { ...cursor, next: page.next, seen: observe(cursor.seen, page.items) }
        : null;
      return {
        batch,
        skipped,
        mode: cursor.mode,
        passStarted,
        next,
        ...(next === null && request.stream === '' ? { committed: committedOf(cursor) } : {}),
        ...(notices.length ? { notices } : {}),
        totalEstimate: null,
      };
    }
  }
}

function committedOf(cursor: GreenhouseCursor): GreenhouseCommitted {
  return {
    checkpoint: cursor.startedAt,
    lastFullAt: cursor.lastFullAt,
    twoSided: cursor.twoSided,
  };
}

function parseCommitted(value: unknown): GreenhouseCommitted | null {
  const committed = value as Partial<GreenhouseCommitted> | null;
  if (!committed || typeof committed.checkpoint !== 'number') return null;
  return {
    checkpoint: committed.checkpoint,
    lastFullAt: typeof committed.lastFullAt === 'number' ? committed.lastFullAt : 0,
    twoSided: committed.twoSided !== false,
  };
}

function fullPassHours(config: Record<string, unknown>): number {
  const hours = Number(config.fullPassEveryHours);
  return Number.isFinite(hours) && hours > 0 ? hours : 24;
}
