import type { LeverApi, LeverListPage, LeverQuery } from './api';

/**
 * A full read of Lever's postings, every state included, whichever way Lever reads
 * `distributionChannel`. Lever documents that a list of published postings holds only those on
 * the public job site unless both channels are asked for; whether the channel filter also leaves
 * out closed, draft or other postings on no channel is not stated (see docs/lever.md). So a full
 * read is two sweeps, paged one after the other as one list:
 *
 * 1. `state=published` with both channels: every published posting, wherever it is listed;
 * 2. no state and no channel filter: every posting of the other states (published ones on the
 *    public site come again, and are stored once).
 *
 * The second sweep's page positions carry a prefix, so a saved position says which sweep it
 * belongs to. An incremental read (`updated_at_*`, which Lever allows with no filter but
 * `confidentiality`) is one plain list.
 */
export async function listPostingsOfEveryState(
  api: LeverApi,
  query: LeverQuery,
  offset: string | null,
  signal?: AbortSignal,
): Promise<LeverListPage> {
  if (query.some(([key]) => key.startsWith('updated_at_'))) {
    return api.list('/postings', withOffset(query, offset), signal);
  }
  const second = offset !== null && offset.startsWith(SECOND_SWEEP);
  const token = second ? offset.slice(SECOND_SWEEP.length) || null : offset;
  const sweep: LeverQuery = second
    ? query
    : [
        ...query,
        ['state', 'published'],
        ['distributionChannel', 'public'],
        ['distributionChannel', 'internal'],
      ];
  const page = await api.list('/postings', withOffset(sweep, token), signal);
  const { envelope } = page;
  if (envelope.hasNext && envelope.next) {
    return second
      ? { ...page, envelope: { ...envelope, next: SECOND_SWEEP + envelope.next } }
      : page;
  }
  if (second) return page;
  return { ...page, envelope: { ...envelope, hasNext: true, next: SECOND_SWEEP } };
}

/** Marks a page position of the second sweep (and, alone, its start). */
const SECOND_SWEEP = 'every-state:';

function withOffset(query: LeverQuery, offset: string | null): LeverQuery {
  return offset === null ? query : [...query, ['offset', offset]];
}
