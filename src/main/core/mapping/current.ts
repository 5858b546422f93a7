import { PROVIDER_LABELS } from '../../../shared/domain/connections';
import type {
  AtsCatalog,
  AtsSource,
  KulaStage,
  MappingTables,
} from '../../../shared/domain/mapping';
import {
  atsToKulaKey,
  indexAtsToKula,
  indexKulaToAts,
  kulaToAtsKey,
  sameAtsToKulaTarget,
  sameKulaToAtsTarget,
} from '../../../shared/mapping/tables';
import { inTransaction, type DB } from '../db/database';
import { getConnectionRow, type ConnectionRow } from '../db/repos/connections';
import { bumpRevision, setAtsToKulaLabel } from '../db/repos/stage-mapping';
import { ConsoleError } from '../errors';
import { buildCatalog, hasStages } from './catalog';
import { listKulaStages, rolesOf } from './kula-stages';
import { mappingProfile, type MappingProfile } from './profiles';
import { readSnapshot, type CacheSnapshot } from './snapshot';
import { loadMapping, writeAtsToKula, writeKulaToAts, type StoredMapping } from './store';

/** A connection's mapping as it stands, with everything needed to read, check or change it. */
export interface CurrentMapping {
  connection: ConnectionRow;
  profile: MappingProfile;
  snapshot: CacheSnapshot;
  catalog: AtsCatalog;
  kulaStages: KulaStage[];
  stored: StoredMapping;
  /** The defaults for the ATS's current stages ("Reset to defaults"). */
  defaults: MappingTables;
  /** Whether the cache holds any ATS stage yet. */
  ready: boolean;
}

export function requireConnection(db: DB, connectionId: string): ConnectionRow {
  const connection = getConnectionRow(db, connectionId);
  if (!connection) {
    throw new ConsoleError(
      'NOT_FOUND',
      `There is no connection "${connectionId}".`,
      'List the connections with `connections list` (or open Connections) and use one of their ids.',
    );
  }
  return connection;
}

/**
 * Reads a connection's mapping after bringing it up to date with the cache and Kula's pipeline,
 * in one transaction:
 * - every ATS stage and archive reason, and every Kula stage, gets a row (new rows get defaults);
 * - until a person has reviewed the mapping, rows the console set are recomputed to the current
 *   defaults (stages arrive page by page during the first import);
 * - afterwards new rows, and console-set rows whose target disappeared, get defaults and are
 *   flagged "needs review"; rows a person chose are never touched.
 * The revision changes only when a row did.
 */
export function loadCurrentMapping(db: DB, connectionId: string, now: string): CurrentMapping {
  return inTransaction(db, () => {
    const connection = requireConnection(db, connectionId);
    const profile = mappingProfile(connection.provider);
    const snapshot = readSnapshot(db, connectionId);
    const kulaStages = listKulaStages(db);
    const base = buildCatalog(profile, snapshot);
    const ready = hasStages(snapshot);
    const defaults: MappingTables = ready
      ? profile.defaults({ snapshot, catalog: base, kulaStages, roles: rolesOf(kulaStages) })
      : { atsToKula: [], kulaToAts: [] };
    let stored = loadMapping(db, connectionId);
    if (ready && fillRows(db, connectionId, now, base, kulaStages, defaults, stored)) {
      bumpRevision(db, connectionId, now);
      stored = loadMapping(db, connectionId);
    }
    return {
      connection,
      profile,
      snapshot,
      catalog: withFormerStages(base, stored),
      kulaStages,
      stored,
      defaults,
      ready,
    };
  });
}

function fillRows(
  db: DB,
  connectionId: string,
  now: string,
  catalog: AtsCatalog,
  kulaStages: KulaStage[],
  defaults: MappingTables,
  stored: StoredMapping,
): boolean {
  const reviewed = Boolean(stored.state?.reviewed_at);
  const kulaIds = new Set(kulaStages.map((stage) => stage.id));
  const targets = new Map(catalog.targets.map((target) => [target.ref, target]));
  const reasonIds = new Set(catalog.archiveReasons.map((reason) => reason.id));
  const current = { a: indexAtsToKula(stored.tables), k: indexKulaToAts(stored.tables) };
  const wanted = { a: indexAtsToKula(defaults), k: indexKulaToAts(defaults) };
  const write = { origin: 'default' as const, needsReview: reviewed, now };
  let changed = false;

  for (const source of catalog.sources) {
    const row = current.a.get(source.ref);
    const fallback = wanted.a.get(source.ref) ?? { atsRef: source.ref, target: null };
    const meta = stored.rowMeta[atsToKulaKey(source.ref)];
    const vanished = row?.target?.kind === 'stage' && !kulaIds.has(row.target.kulaStageId);
    const stale = meta?.origin === 'default' && (vanished || !reviewed);
    if (!row || (stale && !sameAtsToKulaTarget(row.target, fallback.target))) {
      writeAtsToKula(db, connectionId, fallback, source.label, write);
      changed = true;
    } else if (stored.atsLabels.get(source.ref) !== source.label) {
      // The ATS renamed the stage: keep the name current, the decision stays.
      setAtsToKulaLabel(db, connectionId, source.ref, source.label);
    }
  }

  for (const stage of kulaStages) {
    const key = kulaToAtsKey(stage.id, null);
    const row = current.k.get(key);
    const fallback = wanted.k.get(key) ?? { kulaStageId: stage.id, planId: null, target: null };
    const meta = stored.rowMeta[key];
    const move = row?.target?.kind === 'move' ? row.target : null;
    const vanished =
      move !== null &&
      (!targets.has(move.atsRef) ||
        (move.archiveReasonId !== null && !reasonIds.has(move.archiveReasonId)));
    const stale = meta?.origin === 'default' && (vanished || !reviewed);
    if (!row || (stale && !sameKulaToAtsTarget(row.target, fallback.target))) {
      const target = fallback.target?.kind === 'move' ? targets.get(fallback.target.atsRef) : null;
      writeKulaToAts(db, connectionId, fallback, target?.label ?? null, write);
      changed = true;
    }
  }
  return changed;
}

/** Adds the rows whose ATS stage is gone, so the editor and lint can show them. */
function withFormerStages(catalog: AtsCatalog, stored: StoredMapping): AtsCatalog {
  const known = new Set(catalog.sources.map((source) => source.ref));
  const former: AtsSource[] = [];
  const formerLabels: Record<string, string> = {};
  const ats = PROVIDER_LABELS[catalog.provider];
  for (const row of stored.tables.atsToKula) {
    if (known.has(row.atsRef)) continue;
    const label = stored.atsLabels.get(row.atsRef) ?? row.atsRef;
    formerLabels[row.atsRef] = label;
    former.push({
      ref: row.atsRef,
      label,
      kind: row.atsRef.startsWith('reason:') ? 'reason' : 'stage',
      group: `No longer in ${ats}`,
      detail: null,
      exists: false,
    });
  }
  const targets = new Set(catalog.targets.map((target) => target.ref));
  for (const row of stored.tables.kulaToAts) {
    if (row.target?.kind !== 'move' || targets.has(row.target.atsRef)) continue;
    const label = storedTargetLabel(stored, row.kulaStageId, row.planId);
    if (label) formerLabels[row.target.atsRef] = label;
  }
  return { ...catalog, sources: [...catalog.sources, ...former], formerLabels };
}

function storedTargetLabel(
  stored: StoredMapping,
  kulaStageId: string,
  planId: string | null,
): string | null {
  return stored.targetLabels.get(kulaToAtsKey(kulaStageId, planId)) ?? null;
}
