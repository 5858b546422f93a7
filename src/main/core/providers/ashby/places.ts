import { isAtsApiError } from '../../http';
import type { AtsJobRecord } from '../records';
import type { AshbyApi } from './api';

/**
 * Where a job is and which department it belongs to, by name. Ashby's `job.list` gives only
 * `locationId` and `departmentId` (an expanded `location` only when asked, and no department at
 * all); the names come from `location.list` and `department.list` (Organization: Read), read once
 * per provider instance, archived ones included. A key without that permission leaves the cells
 * empty and the import goes on (see docs/ashby.md).
 */
export class JobPlaces {
  /** The ids each job of the page being mapped carries. */
  private readonly ids = new Map<
    string,
    { locationId: string | null; departmentId: string | null }
  >();
  private names: { locations: Map<string, string>; departments: Map<string, string> } | null = null;

  constructor(private readonly api: AshbyApi) {}

  /** Keeps the ids from a `job.list` page's raw results, before they are mapped. */
  noteIds(results: unknown): void {
    if (!Array.isArray(results)) return;
    for (const item of results) {
      if (!item || typeof item !== 'object') continue;
      const { id, locationId, departmentId } = item as Record<string, unknown>;
      if (typeof id !== 'string') continue;
      this.ids.set(id, {
        locationId: typeof locationId === 'string' ? locationId : null,
        departmentId: typeof departmentId === 'string' ? departmentId : null,
      });
    }
  }

  /** Gives each job without a location or department name the one its id points to. */
  async name(jobs: AtsJobRecord[], signal: AbortSignal): Promise<void> {
    const unnamed = jobs.filter((job) => job.location === null || job.department === null);
    if (unnamed.length > 0) {
      const names = await this.lookups(signal);
      for (const job of unnamed) {
        const ids = this.ids.get(job.remoteId);
        if (!ids) continue;
        if (job.location === null && ids.locationId) {
          job.location = names.locations.get(ids.locationId) ?? null;
        }
        if (job.department === null && ids.departmentId) {
          job.department = names.departments.get(ids.departmentId) ?? null;
        }
      }
    }
    this.ids.clear();
  }

  private async lookups(signal: AbortSignal) {
    this.names ??= {
      locations: await this.readNames('/location.list', signal),
      departments: await this.readNames('/department.list', signal),
    };
    return this.names;
  }

  /** Every page of a lookup list as id → name; empty when the key may not read it. */
  private async readNames(endpoint: string, signal: AbortSignal): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    let cursor: string | null = null;
    try {
      for (let page = 0; page < 50; page++) {
        const response: Awaited<ReturnType<AshbyApi['call']>> = await this.api.call<unknown>(
          endpoint,
          { includeArchived: true, limit: 100, ...(cursor ? { cursor } : {}) },
          { safety: 'read', signal },
        );
        for (const item of Array.isArray(response.results) ? response.results : []) {
          const { id, name } = (item ?? {}) as { id?: unknown; name?: unknown };
          if (typeof id === 'string' && typeof name === 'string') names.set(id, name);
        }
        if (response.moreDataAvailable !== true || !response.nextCursor) break;
        cursor = response.nextCursor;
      }
    } catch (error) {
      if (!isAtsApiError(error) || error.kind !== 'permission') throw error;
    }
    return names;
  }
}
