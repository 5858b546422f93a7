/**
 * The checkpoint of a resource's pass in progress (`sync_state.cursor`). A pass read as one stream
 * keeps the provider's own cursor there, as it always did; once a stream is split, the checkpoint
 * holds every stream of the pass: each one's cursor (the provider's state for its next page), or
 * that it is done, with the records it brought. What a split root stream leaves for the next pass
 * is kept until the whole pass completes.
 */

export interface StreamCheckpoint {
  /** The provider's state for the stream's next page; null once the stream is done. */
  cursor: unknown;
  done: boolean;
  /** Records the stream saved in this pass. */
  records: number;
}

export interface PassCheckpoint {
  streams: Map<string, StreamCheckpoint>;
  /** What the root stream left for the next pass when it ended before the pass completed. */
  committed: unknown;
}

/** The key of the stream every pass starts with. */
export const ROOT_STREAM = '';

const ENVELOPE = '$streams';

interface Envelope {
  [ENVELOPE]: Record<string, StreamCheckpoint>;
  committed?: unknown;
}

function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    ENVELOPE in value &&
    typeof (value as Envelope)[ENVELOPE] === 'object'
  );
}

/** The pass as the stored cursor describes it; null when no pass is in progress. */
export function readPassCheckpoint(stored: unknown, passRecords: number): PassCheckpoint | null {
  if (stored === null || stored === undefined) return null;
  if (!isEnvelope(stored)) {
    return {
      streams: new Map([[ROOT_STREAM, { cursor: stored, done: false, records: passRecords }]]),
      committed: null,
    };
  }
  const streams = new Map<string, StreamCheckpoint>();
  for (const [key, value] of Object.entries(stored[ENVELOPE])) {
    streams.set(key, {
      cursor: value.cursor ?? null,
      done: value.done === true,
      records: typeof value.records === 'number' ? value.records : 0,
    });
  }
  return { streams, committed: stored.committed ?? null };
}

/**
 * What to store for a pass in progress: the root's own cursor while it is the only stream (the
 * format every earlier version wrote and reads), else every stream.
 */
export function writePassCheckpoint(pass: PassCheckpoint): unknown {
  const root = pass.streams.get(ROOT_STREAM);
  if (pass.streams.size === 1 && root && !root.done) return root.cursor;
  const envelope: Envelope = { [ENVELOPE]: Object.fromEntries(pass.streams) };
  if (pass.committed !== null && pass.committed !== undefined) envelope.committed = pass.committed;
  return envelope;
}
