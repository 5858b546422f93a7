import type { Clock } from '../../clock';
import { isAtsApiError } from '../../http/errors';
import type {
  AtsProvider,
  ConnectionCheck,
  CredentialAccess,
  PageRequest,
  PageResult,
  ProviderNotice,
  ResourceSpec,
  SkippedRecord,
  SplitRequest,
  StreamSplit,
} from '../provider';
import type { EntityKind, RecordBatch } from '../records';
import { INVALID_OFFSET, type LeverApi, type LeverListPage, type LeverQuery } from './api';
import { checkLeverConnection } from './check';
import { listPostingsOfEveryState } from './postings';
import { createdBounds, observeOrder, splitOpportunities } from './created-windows';
import type { Confidentiality, LeverCommitted, LeverCursor } from './cursor';
import { LeverWriter } from './writer';
import {
  applicationFromOpportunity,
  archiveReasonRecord,
  candidateFromOpportunity,
  jobFromPosting,
  pipelineSections,
  sourceRecord,
  stageRecords,
  userRecord,
  type PipelineSection,
} from './mappers';
import {
  LeverArchiveReason,
  LeverDeletion,
  LeverOpportunity,
  LeverPosting,
  LeverSource,
  LeverStage,
  LeverUser,
  parseEach,
} from './payloads';
import type { z } from 'zod';

/**
 * Incremental passes ask for records updated since the last pass started, minus this overlap:
 * bounds are inclusive and clocks differ, and re-reading a few records is harmless (upserts).
 */
export const OVERLAP_MS = 5 * 60_000;

/**
 * A full pass runs at least this often (the connection's `fullPassEveryHours` overrides it).
 * Lever leaves `updatedAt` null on records not touched since it introduced the field, so an
 * incremental filter never returns them; a deletion older than the deleted-list window, a
 * confidentiality change or a lost permission are also only seen by a full pass. Once a day keeps
 * the cache honest at the cost of one full read (about 1,000 requests, under two minutes at
 * Lever's 10 requests/s, for 100k opportunities).
 */
export const DEFAULT_FULL_PASS_HOURS = 24;

interface ResourceDef {
  spec: ResourceSpec;
  path: string;
  /** The deleted list that follows an incremental pass, and the entity it deletes. */
  deleted?: { path: string; entity: EntityKind };
  /** Whether the list takes `confidentiality` (and `all` needs confidential access). */
  confidential: boolean;
  /** Read every page of the list within one `fetchPage` (a short list mapped as a whole). */
  wholeList?: boolean;
  /** Reads one page of the list itself, instead of one GET of `path`. */
  list?(query: LeverQuery, offset: string | null, signal: AbortSignal): Promise<LeverListPage>;
  query(cursor: LeverCursor): LeverQuery;
  map(
    items: unknown[],
    signal: AbortSignal,
  ): Promise<{ batch: RecordBatch; skipped: SkippedRecord[] }>;
}

export interface LeverProviderOptions {
  api: LeverApi;
  clock: Clock;
  config: Record<string, unknown>;
  credentials: CredentialAccess;
  /** Keeps what the writer learned about the credential with the connection. */
  learn?: (values: Record<string, unknown>) => void;
}

export class LeverProvider implements AtsProvider {
  readonly kind = 'lever' as const;
  readonly resources: readonly ResourceSpec[];
  readonly writer: LeverWriter;
  private readonly defs: Map<string, ResourceDef>;
  private confidentiality: Confidentiality | null = null;
  private sections: Map<string, PipelineSection> | null = null;
  private hiredReasons: Set<string> | null = null;
  private referenceLoad: Promise<{
    sections: Map<string, PipelineSection>;
    hired: Set<string>;
  }> | null = null;

  constructor(private readonly options: LeverProviderOptions) {
    const defs = this.definitions();
    this.defs = new Map(defs.map((def) => [def.spec.name, def]));
    this.resources = defs.map((def) => def.spec);
    this.writer = new LeverWriter(options.api, options.learn);
  }

  checkConnection(signal?: AbortSignal): Promise<ConnectionCheck> {
    return checkLeverConnection(this.options, signal);
  }

  close(): void {
    this.options.api.close();
  }

  async fetchPage(request: PageRequest): Promise<PageResult> {
    const def = this.defs.get(request.resource);
    if (!def) throw new Error(`Unknown Lever resource "${request.resource}".`);
    const notices: ProviderNotice[] = [];
    let passStarted = false;
    let cursor = request.cursor as LeverCursor | null;
    if (!cursor) {
      cursor = this.startPass(def, request, notices);
      passStarted = true;
    }
    if (def.confidential && cursor.confidentiality === null) {
      cursor = { ...cursor, confidentiality: this.confidentiality ?? 'all' };
    }

    const listing = cursor.phase === 'deleted' && def.deleted;
    const path = listing ? def.deleted!.path : def.path;
    let page;
    for (;;) {
      const query = listing ? deletedQuery(cursor) : def.query(cursor);
      try {
        page = def.wholeList
          ? await this.readWhole(path, query, request.signal)
          : def.list && !listing
            ? await def.list(query, cursor.offset, request.signal)
            : await this.options.api.list(path, withOffset(query, cursor.offset), request.signal);
        break;
      } catch (error) {
        if (!isAtsApiError(error)) throw error;
        if (error.providerCode === INVALID_OFFSET && cursor.offset !== null) {
          // Lever no longer accepts the token: this phase starts over (the records are upserted
          // again, nothing is lost), as other Lever clients do.
          notices.push({
            level: 'warn',
            code: 'offset_restarted',
            message: `Lever refused the saved page position of ${def.spec.label.toLowerCase()}; reading ${listing ? 'the deleted list' : 'this pass'} again from the start.`,
          });
          cursor = { ...cursor, offset: null };
          if (!listing) passStarted = true;
          continue;
        }
        if (error.kind === 'permission' && cursor.confidentiality === 'all') {
          this.confidentiality = 'non-confidential';
          cursor = { ...cursor, confidentiality: 'non-confidential', offset: null };
          notices.push({
            level: 'info',
            code: 'no_confidential_access',
            message: `The credential has no access to confidential data, so confidential ${def.spec.label.toLowerCase()} are not imported.`,
          });
          continue;
        }
        throw error;
      }
    }
    if (def.confidential && cursor.confidentiality === 'all') this.confidentiality = 'all';
    if (cursor.startedAt === null) {
      cursor = { ...cursor, startedAt: page.serverTime ?? this.options.clock.now() };
    }

    const { envelope } = page;
    // The next page is asked for only once the engine committed this one (a later call): a crash
    // then costs at most this page, which the checkpoint says to fetch again.
    let next: LeverCursor | null = null;
    if (envelope.hasNext && envelope.next) {
      if (envelope.next === cursor.offset) {
        throw new Error(`Lever returned the same page position twice for ${def.spec.label}.`);
      }
      next = { ...cursor, offset: envelope.next };
    } else if (!listing && cursor.mode === 'incremental' && def.deleted) {
      next = { ...cursor, phase: 'deleted', offset: null };
    }
    let batch: RecordBatch = {};
    let skipped: SkippedRecord[] = [];
    let deletions: Partial<Record<EntityKind, string[]>> | undefined;
    if (listing) {
      const ids = parseEach(envelope.data, LeverDeletion, def.deleted!.entity, skipped).map(
        (d) => d.id,
      );
      deletions = { [def.deleted!.entity]: ids };
    } else {
      ({ batch, skipped } = await def.map(envelope.data, request.signal));
    }

    if (next && def.spec.name === 'opportunities' && !listing) {
      next = { ...next, seen: observeOrder(cursor.seen ?? null, envelope.data) };
    }
    const result: PageResult = {
      batch,
      mode: cursor.mode,
      passStarted,
      next,
      totalEstimate: null,
    };
    if (deletions) result.deletions = deletions;
    if (skipped.length) result.skipped = skipped;
    if (notices.length) result.notices = notices;
    if (next === null) {
      const previous = parseCommitted(request.committed);
      const startedAt = cursor.startedAt as number;
      result.committed = {
        watermark: startedAt,
        lastFullAt: cursor.mode === 'full' ? startedAt : (previous?.lastFullAt ?? null),
      } satisfies LeverCommitted;
    }
    return result;
  }

  /** See `splitOpportunities` (created-windows.ts): only full reads of opportunities split. */
  splitStream(request: SplitRequest): StreamSplit | null {
    if (request.resource !== 'opportunities') return null;
    return splitOpportunities(request, this.options.clock.now());
  }

  private startPass(
    def: ResourceDef,
    request: PageRequest,
    notices: ProviderNotice[],
  ): LeverCursor {
    const previous = parseCommitted(request.committed);
    const everyMs = fullPassHours(this.options.config) * 3_600_000;
    const now = this.options.clock.now();
    let mode: LeverCursor['mode'] = 'incremental';
    if (request.forceFull || !def.spec.incremental || !previous) mode = 'full';
    else if (previous.lastFullAt === null || now - previous.lastFullAt >= everyMs) {
      mode = 'full';
      notices.push({
        level: 'info',
        code: 'periodic_full_pass',
        message: `Reading all ${def.spec.label.toLowerCase()} again (done every ${everyMs / 3_600_000} h): Lever does not date every change, and this catches what incremental syncs cannot see.`,
      });
    }
    return {
      mode,
      phase: 'list',
      offset: null,
      since: mode === 'incremental' && previous ? previous.watermark - OVERLAP_MS : null,
      startedAt: null,
      confidentiality: null,
    };
  }

  /**
   * Stage sections and hired reasons, for application statuses (read once per instance, however
   * many streams of opportunities ask at once).
   */
  private reference(
    signal: AbortSignal,
  ): Promise<{ sections: Map<string, PipelineSection>; hired: Set<string> }> {
    if (this.sections && this.hiredReasons) {
      return Promise.resolve({ sections: this.sections, hired: this.hiredReasons });
    }
    this.referenceLoad ??= this.loadReference(signal).finally(() => {
      this.referenceLoad = null;
    });
    return this.referenceLoad;
  }

  private async loadReference(
    signal: AbortSignal,
  ): Promise<{ sections: Map<string, PipelineSection>; hired: Set<string> }> {
    if (!this.sections) {
      const stages = await this.readAll('/stages', [], LeverStage, signal);
      this.sections = pipelineSections(stages.map((stage) => stage.id));
    }
    if (!this.hiredReasons) {
      const reasons = await this.readAll(
        '/archive_reasons',
        [['type', 'hired']],
        LeverArchiveReason,
        signal,
      );
      this.hiredReasons = new Set(reasons.map((reason) => reason.id));
    }
    return { sections: this.sections, hired: this.hiredReasons };
  }

  private async readAll<T>(
    path: string,
    query: LeverQuery,
    schema: z.ZodType<T>,
    signal: AbortSignal,
  ): Promise<T[]> {
    const { envelope } = await this.readWhole(path, [...query, ['limit', '100']], signal);
    return parseEach(envelope.data, schema, 'stages', []);
  }

  /** Every page of a list, as one page. */
  private async readWhole(
    path: string,
    query: LeverQuery,
    signal: AbortSignal,
  ): Promise<LeverListPage> {
    const data: unknown[] = [];
    let offset: string | null = null;
    let serverTime: number | null = null;
    for (;;) {
      const page = await this.options.api.list(path, withOffset(query, offset), signal);
      serverTime ??= page.serverTime;
      data.push(...page.envelope.data);
      if (!page.envelope.hasNext || !page.envelope.next || page.envelope.next === offset) {
        return { envelope: { data, hasNext: false }, serverTime };
      }
      offset = page.envelope.next;
    }
  }

  private definitions(): ResourceDef[] {
    const spec = (
      name: string,
      label: string,
      entities: EntityKind[],
      incremental: boolean,
    ): ResourceSpec => ({
      name,
      label,
      entities,
      incremental,
    });
    return [
      {
        spec: spec('users', 'Users', ['users'], false),
        path: '/users',
        confidential: false,
        query: () => [
          ['includeDeactivated', 'true'],
          ['limit', '100'],
        ],
        map: async (items) => {
          const skipped: SkippedRecord[] = [];
          return {
            batch: { users: parseEach(items, LeverUser, 'users', skipped).map(userRecord) },
            skipped,
          };
        },
      },
      {
        spec: spec('stages', 'Stages', ['stages'], false),
        path: '/stages',
        confidential: false,
        // Positions and sections need the whole pipeline order: one short list, read in one go.
        wholeList: true,
        query: () => [['limit', '100']],
        map: async (items) => {
          const skipped: SkippedRecord[] = [];
          const stages = parseEach(items, LeverStage, 'stages', skipped);
          this.sections = pipelineSections(stages.map((stage) => stage.id));
          return { batch: { stages: stageRecords(stages, this.sections, 0) }, skipped };
        },
      },
      {
        spec: spec('archive_reasons', 'Archive reasons', ['archiveReasons'], false),
        path: '/archive_reasons',
        confidential: false,
        // Read whole, so the hired-type reasons are known for application statuses.
        wholeList: true,
        query: () => [['limit', '100']],
        map: async (items) => {
          const skipped: SkippedRecord[] = [];
          const reasons = parseEach(items, LeverArchiveReason, 'archiveReasons', skipped);
          this.hiredReasons = new Set(reasons.filter((r) => r.type === 'hired').map((r) => r.id));
          return { batch: { archiveReasons: reasons.map(archiveReasonRecord) }, skipped };
        },
      },
      {
        spec: spec('sources', 'Sources', ['sources'], false),
        path: '/sources',
        confidential: false,
        query: () => [['limit', '100']],
        map: async (items) => {
          const skipped: SkippedRecord[] = [];
          return {
            batch: { sources: parseEach(items, LeverSource, 'sources', skipped).map(sourceRecord) },
            skipped,
          };
        },
      },
      {
        spec: spec('postings', 'Jobs (postings)', ['jobs'], true),
        path: '/postings',
        deleted: { path: '/postings/deleted', entity: 'jobs' },
        confidential: true,
        // With updated_at_* Lever allows no filter but confidentiality; a full read covers every
        // state and both distribution channels (postings.ts).
        query: (cursor) => [
          ...(cursor.since !== null ? ([['updated_at_start', String(cursor.since)]] as const) : []),
          ['confidentiality', cursor.confidentiality ?? 'all'],
          ['limit', '100'],
        ],
        list: (query, offset, signal) =>
          listPostingsOfEveryState(this.options.api, query, offset, signal),
        map: async (items) => {
          const skipped: SkippedRecord[] = [];
          return {
            batch: { jobs: parseEach(items, LeverPosting, 'jobs', skipped).map(jobFromPosting) },
            skipped,
          };
        },
      },
      {
        spec: spec(
          'opportunities',
          'Candidates and applications',
          ['candidates', 'applications'],
          true,
        ),
        path: '/opportunities',
        deleted: { path: '/opportunities/deleted', entity: 'applications' },
        confidential: true,
        query: (cursor) => [
          ...(cursor.since !== null ? ([['updated_at_start', String(cursor.since)]] as const) : []),
          ...createdBounds(cursor.window ?? null),
          ['expand', 'applications'],
          ['confidentiality', cursor.confidentiality ?? 'all'],
          ['limit', '100'],
        ],
        map: async (items, signal) => {
          const skipped: SkippedRecord[] = [];
          const opportunities = parseEach(items, LeverOpportunity, 'applications', skipped);
          const { sections, hired } = await this.reference(signal);
          const candidates = new Map<string, ReturnType<typeof candidateFromOpportunity>>();
          for (const opportunity of opportunities) {
            const candidate = candidateFromOpportunity(opportunity);
            candidates.set(candidate.remoteId, candidate);
          }
          return {
            batch: {
              candidates: [...candidates.values()],
              applications: opportunities.map((opportunity) =>
                applicationFromOpportunity(opportunity, { sections, hiredReasons: hired }),
              ),
            },
            skipped,
          };
        },
      },
    ];
  }
}

function withOffset(query: LeverQuery, offset: string | null): LeverQuery {
  return offset === null ? query : [...query, ['offset', offset]];
}

function deletedQuery(cursor: LeverCursor): LeverQuery {
  return [
    ['deleted_at_start', String(cursor.since ?? 0)],
    ['limit', '100'],
  ];
}

function parseCommitted(value: unknown): LeverCommitted | null {
  if (!value || typeof value !== 'object') return null;
  const { watermark, lastFullAt } = value as Partial<LeverCommitted>;
  if (typeof watermark !== 'number') return null;
  return { watermark, lastFullAt: typeof lastFullAt === 'number' ? lastFullAt : null };
}

function fullPassHours(config: Record<string, unknown>): number {
  const value = config.fullPassEveryHours;
  return typeof value === 'number' && value > 0 && value <= 24 * 30
    ? value
    : DEFAULT_FULL_PASS_HOURS;
}
