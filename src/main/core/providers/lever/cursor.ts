/** The state the Lever provider checkpoints: a pass in progress, and what a finished one leaves. */

export type Confidentiality = 'all' | 'non-confidential';

/** A pass in progress (checkpointed by the engine after every page). */
export interface LeverCursor {
  mode: 'full' | 'incremental';
  /** Incremental resources read their changes, then their deleted list. */
  phase: 'list' | 'deleted';
  offset: string | null;
  /** `updated_at_start` / `deleted_at_start` of an incremental pass. */
  since: number | null;
  /** When the pass started, by Lever's clock when known: the next pass's watermark. */
  startedAt: number | null;
  confidentiality: Confidentiality | null;
  /**
   * A part of a full read of opportunities: those created within these bounds (inclusive, epoch
   * ms; `to: null` is open). Absent for a whole list.
   */
  window?: CreatedWindow | null;
  /** What this stream's pages showed of the list's order so far (for `splitStream`). */
  seen?: SeenOrder | null;
}

/** What a finished pass leaves for the next one. */
export interface LeverCommitted {
  watermark: number;
  lastFullAt: number | null;
}

export interface CreatedWindow {
  from: number;
  to: number | null;
}

/**
 * The creation times a stream's pages brought, in the order Lever sent them. Lever does not
 * document the order of its lists; its offset tokens carry a creation time, and its answers come
 * newest first. Only while every page agrees can the part not yet read be told, and split off.
 */
export interface SeenOrder {
  records: number;
  oldest: number;
  newest: number;
  /** Every page so far came newest first, each page older than the one before. */
  newestFirst: boolean;
}
