import type { ResourceStatus, SyncStatus } from '../../../shared/domain/ats';
import type { CoreBasics } from '../basics';
import type { ConnectionService } from '../connections/service';
import { countRecords } from '../db/repos/ats-cache';
import { getConnectionRow } from '../db/repos/connections';
import { listResourceStates } from '../db/repos/sync-state';
import { ConsoleError } from '../errors';
import type { ResourceSpec } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import type { RunningSyncs } from './running-syncs';

export type SyncStatusDeps = Pick<CoreBasics, 'db'> & {
  providers: ProviderRegistry;
  connections: Pick<ConnectionService, 'openProvider'>;
  runs: Pick<RunningSyncs, 'isRunning' | 'runId'>;
};

/** A connection's sync as the Connections page shows it: each resource's state and cached rows. */
export class SyncStatusReader {
  private readonly resourceLists = new Map<string, readonly ResourceSpec[]>();

  constructor(private readonly deps: SyncStatusDeps) {}

  /** Each resource's sync state and cached rows, and whether a run is going. */
  status(connectionId: string): SyncStatus {
    const { db, runs } = this.deps;
    const row = getConnectionRow(db, connectionId);
    if (!row) {
      throw new ConsoleError('NOT_FOUND', `There is no connection “${connectionId}”.`);
    }
    const states = new Map(
      listResourceStates(db, connectionId).map((state) => [state.resource, state]),
    );
    const resources = this.resourcesOf(connectionId, row.provider);
    return {
      connectionId,
      running: runs.isRunning(connectionId),
      runId: runs.runId(connectionId),
      resources: resources.map((spec): ResourceStatus => {
        const state = states.get(spec.name);
        const counts = Object.fromEntries(
          spec.entities.map((entity) => [entity, countRecords(db, connectionId, entity)]),
        );
        return {
          name: spec.name,
          label: spec.label,
          cached: counts[spec.entities[0] ?? ''] ?? 0,
          counts,
          lastCompleteAt: state?.lastCompleteAt ?? null,
          lastFullAt: state?.lastFullAt ?? null,
          inProgress: state?.cursor !== null && state?.cursor !== undefined,
          inProgressMode: state?.cursor ? state.passMode : null,
          lastNotice: state?.lastNotice ?? null,
        };
      }),
    };
  }

  /** The resources a provider pulls: from its definition, else from an instance (kept). */
  private resourcesOf(connectionId: string, provider: string): readonly ResourceSpec[] {
    const { providers, connections } = this.deps;
    if (!providers.has(provider)) return [];
    const definition = providers.get(provider);
    if (definition.resources) return definition.resources;
    let list = this.resourceLists.get(provider);
    if (!list) {
      const { provider: instance } = connections.openProvider(connectionId);
      list = instance.resources;
      instance.close?.();
      this.resourceLists.set(provider, list);
    }
    return list;
  }
}
