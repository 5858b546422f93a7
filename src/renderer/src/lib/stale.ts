import { readsOf, type ReadChannel, type TableName } from '../../../shared/ipc/tables';

/**
 * Whether answers read from these channels may be out of date once main reports that these tables
 * changed: each read channel declares the tables its answer is made of (`CHANNEL_READS`), so a
 * view names the channels it shows and never keeps its own list of tables.
 */
export function isStale(reads: readonly ReadChannel[], changed: readonly TableName[]): boolean {
  const behind = new Set<TableName>(readsOf(...reads));
  return changed.some((table) => behind.has(table));
}
