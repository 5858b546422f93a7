import { AtsApiError, isAtsApiError } from '../../http';
import type {
  AtsProvider,
  ConnectionCheck,
  PageRequest,
  PageResult,
  ProviderContext,
  ProviderNotice,
  ResourceSpec,
  SkippedRecord,
} from '../provider';
import type { AtsJobRecord, AtsStageRecord, RecordBatch } from '../records';
import { AshbyApi, ASHBY_NAME, type AshbyEnvelope } from './api';
import { checkAshbyConnection } from './check';
import { JobPlaces } from './places';
import { AshbyWriter } from './writer';
import {
  mapAll,
  mapApplication,
  mapArchiveReason,
  mapCandidate,
  mapJob,
  mapPlan,
  mapSource,
  mapStage,
  mapUser,
  Skip,
} from './mappers';

/**
 * Ashby behind the provider interface:
 *
 * - reference data as snapshots every run: `source.list` and `archiveReason.list` (with archived
 *   ones), interview plans (`interviewPlan.list`) with each plan's stages (`interviewStage.list`);
 * - `user.list`, `job.list`, `candidate.list`, `application.list` paginated with `limit: 100` and
 *   `cursor`; the `syncToken` of a pass's last page is what the next pass starts from (the engine
 *   commits it only after that page), making later passes incremental;
 * - `sync_token_expired` / `sync_token_invalid` / `incremental_sync_too_large` → the pass restarts
 *   as a full pass (a notice says why); `next_cursor_expired` / `invalid_next_cursor` → paging
 *   restarts from page 1 in the same mode;
 * - each open job's plan comes from `jobInterviewPlan.info`, since in Ashby's answers a job's
 *   `defaultInterviewPlanId` is not always among its `interviewPlanIds`;
 * - unreadable records are skipped and reported, the rest of the page imports.
 * See docs/ashby.md.
 */

const PAGE_LIMIT = 100;
const TOKEN_ERRORS = new Set([
  'sync_token_expired',
  'sync_token_invalid',
  'incremental_sync_too_large',
]);
const CURSOR_ERRORS = new Set(['next_cursor_expired', 'invalid_next_cursor']);
/** Parallel `jobInterviewPlan.info` / `interviewStage.list` calls per page (still rate limited). */
const DETAIL_CONCURRENCY = 4;

export const ASHBY_RESOURCES: readonly ResourceSpec[] = [
  { name: 'sources', label: 'Sources', entities: ['sources'], incremental: false },
  {
    name: 'archiveReasons',
    label: 'Archive reasons',
    entities: ['archiveReasons'],
    incremental: false,
  },
  { name: 'users', label: 'Users', entities: ['users'], incremental: true },
  {
    name: 'interviewPlans',
    label: 'Interview plans and stages',
    entities: ['plans', 'stages'],
    incremental: false,
  },
  { name: 'jobs', label: 'Jobs', entities: ['jobs'], incremental: true },
  { name: 'candidates', label: 'Candidates', entities: ['candidates'], incremental: true },
  { name: 'applications', label: 'Applications', entities: ['applications'], incremental: true },
];

/** Checkpoint of a paginated, token-capable pass. */
interface ListCursor {
  mode: 'full' | 'incremental';
  /** Ashby's `nextCursor` for the next page; null for page 1. */
  cursor: string | null;
  /** The sync token this incremental pass started from. */
  syncToken: string | null;
}

/** Checkpoint of the plans-and-stages snapshot. */
type PlansCursor =
  | { phase: 'plans'; cursor: string | null; planIds: string[] }
  | { phase: 'stages'; planIds: string[]; index: number };

interface Committed {
  syncToken: string | null;
}

interface ListSpec {
  endpoint: string;
  body: Record<string, unknown>;
  map: (results: unknown, skipped: SkippedRecord[]) => RecordBatch;
  /** Adds detail the list call lacks (job plans). */
  enrich?: (batch: RecordBatch, signal: AbortSignal) => Promise<void>;
}

export class AshbyProvider implements AtsProvider {
  readonly kind = 'ashby' as const;
  readonly resources = ASHBY_RESOURCES;
  readonly writer: AshbyWriter;
  private readonly api: AshbyApi;
  private readonly lists: Record<string, ListSpec>;
  private readonly places: JobPlaces;

  constructor(ctx: ProviderContext) {
    this.api = new AshbyApi(ctx);
    this.writer = new AshbyWriter(this.api);
    this.places = new JobPlaces(this.api);
    this.lists = {
      users: {
        endpoint: '/user.list',
        body: { includeDeactivated: true },
        map: (results, skipped) => ({ users: mapAll('users', results, mapUser, skipped) }),
      },
      jobs: {
        endpoint: '/job.list',
        body: {},
        map: (results, skipped) => {
          this.places.noteIds(results);
          return { jobs: mapAll('jobs', results, mapJob, skipped) };
        },
        enrich: async (batch, signal) => {
          await this.resolveJobPlans(batch.jobs ?? [], signal);
          await this.places.name(batch.jobs ?? [], signal);
        },
      },
      candidates: {
        endpoint: '/candidate.list',
        body: {},
        map: (results, skipped) => ({
          candidates: mapAll('candidates', results, mapCandidate, skipped),
        }),
      },
      applications: {
        endpoint: '/application.list',
        body: {},
        map: (results, skipped) => ({
          applications: mapAll('applications', results, mapApplication, skipped),
        }),
      },
    };
  }

  checkConnection(signal?: AbortSignal): Promise<ConnectionCheck> {
    return checkAshbyConnection(this.api, signal);
  }

  async fetchPage(request: PageRequest): Promise<PageResult> {
    switch (request.resource) {
      case 'sources':
        return this.snapshot(request, '/source.list', (results, skipped) => ({
          sources: mapAll('sources', results, mapSource, skipped),
        }));
      case 'archiveReasons':
        return this.snapshot(request, '/archiveReason.list', (results, skipped) => ({
          archiveReasons: mapAll('archiveReasons', results, mapArchiveReason, skipped),
        }));
      case 'interviewPlans':
        return this.plansPage(request);
      default: {
        const spec = this.lists[request.resource];
        if (!spec) throw new Error(`Ashby has no resource "${request.resource}".`);
        return this.listPage(spec, request);
      }
    }
  }

  close(): void {
    this.api.close();
  }

  private read<T>(endpoint: string, body: Record<string, unknown>, signal: AbortSignal) {
    return this.api.call<T>(endpoint, body, { safety: 'read', signal });
  }

  private async snapshot(
    request: PageRequest,
    endpoint: string,
    map: (results: unknown, skipped: SkippedRecord[]) => RecordBatch,
  ): Promise<PageResult> {
    const response = await this.read<unknown>(endpoint, { includeArchived: true }, request.signal);
    const skipped: SkippedRecord[] = [];
    return {
      batch: mapPage(endpoint, response, map, skipped),
      skipped,
      mode: 'full',
      passStarted: true,
      next: null,
      committed: null,
    };
  }

  private async plansPage(request: PageRequest): Promise<PageResult> {
    const state = (request.cursor as PlansCursor | null) ?? {
      phase: 'plans' as const,
      cursor: null,
      planIds: [],
    };
    const skipped: SkippedRecord[] = [];
    if (state.phase === 'plans') {
      const response = await this.read<unknown>(
        '/interviewPlan.list',
        {
          includeArchived: true,
          limit: PAGE_LIMIT,
          ...(state.cursor ? { cursor: state.cursor } : {}),
        },
        request.signal,
      ).catch((error: unknown) => {
        // An expired cursor restarts the (small) plan list.
        if (isAtsApiError(error) && CURSOR_ERRORS.has(error.providerCode ?? '') && state.cursor)
          return null;
        throw error;
      });
      if (response === null) {
        return this.plansPage({ ...request, cursor: null });
      }
      const batch = mapPage(
        '/interviewPlan.list',
        response,
        (results, skip) => ({
          plans: mapAll('plans', results, mapPlan, skip),
        }),
        skipped,
      );
      const planIds = [...state.planIds, ...(batch.plans ?? []).map((plan) => plan.remoteId)];
      const more = response.moreDataAvailable === true;
      if (more && !response.nextCursor) throw missingCursor('/interviewPlan.list');
      const next: PlansCursor | null = more
        ? { phase: 'plans', cursor: response.nextCursor ?? null, planIds }
        : planIds.length > 0
          ? { phase: 'stages', planIds, index: 0 }
          : null;
      return {
        batch,
        skipped,
        mode: 'full',
        passStarted: state.cursor === null && state.planIds.length === 0,
        next,
        committed: null,
      };
    }
    const planIds = state.planIds.slice(state.index, state.index + DETAIL_CONCURRENCY * 2);
    const stageLists = await mapConcurrent(planIds, DETAIL_CONCURRENCY, (planId) =>
      this.read<unknown>('/interviewStage.list', { interviewPlanId: planId }, request.signal)
        .then(
          (response) =>
            mapPage(
              '/interviewStage.list',
              response,
              (results, skip) => ({
                stages: mapAll('stages', results, mapStage(planId), skip),
              }),
              skipped,
            ).stages ?? [],
        )
        .catch((error: unknown): AtsStageRecord[] => {
          // A plan deleted between the two calls has no stages to import.
          if (isAtsApiError(error) && error.kind === 'not_found') return [];
          throw error;
        }),
    );
    const nextIndex = state.index + planIds.length;
    return {
      batch: { stages: stageLists.flat() },
      skipped,
      mode: 'full',
      passStarted: false,
      next: nextIndex < state.planIds.length ? { ...state, index: nextIndex } : null,
      committed: null,
    };
  }

  private async listPage(spec: ListSpec, request: PageRequest): Promise<PageResult> {
    const notices: ProviderNotice[] = [];
    let passStarted = false;
    let state = request.cursor as ListCursor | null;
    if (!state) {
      passStarted = true;
      const token = request.forceFull
        ? null
        : ((request.committed as Committed | null)?.syncToken ?? null);
      state = { mode: token ? 'incremental' : 'full', cursor: null, syncToken: token };
    }
    for (let restarts = 0; ; restarts++) {
      const body: Record<string, unknown> = { ...spec.body, limit: PAGE_LIMIT };
      if (state.syncToken) body.syncToken = state.syncToken;
      if (state.cursor) body.cursor = state.cursor;
      let response: AshbyEnvelope<unknown>;
      try {
        response = await this.read<unknown>(spec.endpoint, body, request.signal);
      } catch (error) {
        const code = isAtsApiError(error) ? (error.providerCode ?? '') : '';
        if (restarts < 3 && TOKEN_ERRORS.has(code) && state.mode === 'incremental') {
          notices.push({
            level: 'warn',
            code,
            message: tokenFallbackMessage(code),
          });
          state = { mode: 'full', cursor: null, syncToken: null };
          passStarted = true;
          continue;
        }
        if (restarts < 3 && CURSOR_ERRORS.has(code) && state.cursor) {
          notices.push({
            level: 'info',
            code,
            message:
              code === 'next_cursor_expired'
                ? 'Ashby expired the page cursor (pages were fetched too slowly); paging restarted from the first page.'
                : 'Ashby could not read the page cursor; paging restarted from the first page.',
          });
          state = { ...state, cursor: null };
          passStarted = true;
          continue;
        }
        throw error;
      }
      const skipped: SkippedRecord[] = [];
      const batch = mapPage(spec.endpoint, response, spec.map, skipped);
      if (spec.enrich) await spec.enrich(batch, request.signal);
      const more = response.moreDataAvailable === true;
      if (more && !response.nextCursor) throw missingCursor(spec.endpoint);
      if (!more && !response.syncToken) {
        notices.push({
          level: 'info',
          code: 'no_sync_token',
          message: `Ashby returned no sync token on the last page of ${spec.endpoint.slice(1)}; the next sync reads it in full.`,
        });
      }
      return {
        batch,
        skipped,
        mode: state.mode,
        passStarted,
        next: more ? { ...state, cursor: response.nextCursor ?? null } : null,
        ...(more
          ? {}
          : { committed: { syncToken: response.syncToken ?? null } satisfies Committed }),
        ...(notices.length ? { notices } : {}),
      };
    }
  }

  /** The plan each open job really uses, from `jobInterviewPlan.info`. */
  private async resolveJobPlans(jobs: AtsJobRecord[], signal: AbortSignal): Promise<void> {
    await mapConcurrent(
      jobs.filter((job) => job.isOpen),
      DETAIL_CONCURRENCY,
      async (job) => {
        try {
          const info = await this.read<{ interviewPlanId?: unknown }>(
            '/jobInterviewPlan.info',
            { jobId: job.remoteId },
            signal,
          );
          const planId = info.results?.interviewPlanId;
          if (typeof planId === 'string' && planId) {
            job.defaultPlanId = planId;
            if (!job.planIds.includes(planId)) job.planIds = [planId, ...job.planIds];
          }
        } catch (error) {
          if (!isAtsApiError(error) || error.kind !== 'not_found') throw error;
        }
      },
    );
  }
}

function mapPage(
  endpoint: string,
  response: AshbyEnvelope<unknown>,
  map: (results: unknown, skipped: SkippedRecord[]) => RecordBatch,
  skipped: SkippedRecord[],
): RecordBatch {
  try {
    return map(response.results, skipped);
  } catch (error) {
    if (!(error instanceof Skip)) throw error;
    throw new AtsApiError({
      kind: 'bad_response',
      provider: ASHBY_NAME,
      message: `Ashby answered ${endpoint.slice(1)} with a page the console could not read (${error.message}).`,
      endpoint: `POST ${endpoint}`,
      requestId: response.requestId,
    });
  }
}

function missingCursor(endpoint: string): AtsApiError {
  return new AtsApiError({
    kind: 'bad_response',
    provider: ASHBY_NAME,
    message: `Ashby said more ${endpoint.slice(1)} pages follow but sent no cursor.`,
    endpoint: `POST ${endpoint}`,
  });
}

function tokenFallbackMessage(code: string): string {
  switch (code) {
    case 'sync_token_expired':
      return 'The saved Ashby sync token has expired; this resource is read in full instead.';
    case 'sync_token_invalid':
      return 'Ashby could not read the saved sync token; this resource is read in full instead.';
    default:
      return 'Too much changed in Ashby since the last sync for an incremental read; this resource is read in full instead.';
  }
}

async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
