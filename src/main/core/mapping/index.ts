/**
 * Stage mapping: Kula's pipeline and the two mapping tables per connection.
 *
 * For the write-back engine: `openStageResolver(db, connectionId, now)` once per run, then
 * `resolver.kulaToAts(...)` / `resolver.atsToKula(...)`, and `resolver.writeBack.allowed` (or
 * `isWriteBackAllowed`) before any write. Tables that hold a Kula stage id register in
 * `KULA_STAGE_REFERENCES` so a stage in use cannot be removed.
 */
export { openStageResolver } from './resolver';
export type {
  AtsToKulaDecision,
  AtsToKulaQuery,
  KulaToAtsDecision,
  KulaToAtsQuery,
  StageResolver,
} from './resolver';
export { isWriteBackAllowed } from './status';
export { KULA_STAGE_REFERENCES, listKulaStages } from './kula-stages';
