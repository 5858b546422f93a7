import { z } from 'zod';
import {
  CANDIDATE_SORTS,
  type CandidateDetail,
  type CandidatePage,
  type JobList,
  type StageRow,
} from '../../domain/ats';
import { ConnectionId } from './connections';

const Search = z.string().trim().max(200, 'Search for at most 200 characters.').optional();

/** Reads of the local ATS cache (works offline). Without `connectionId`, the first connection. */
export const atsSchemas = {
  'ats:list-jobs': z
    .object({
      connectionId: ConnectionId.optional(),
      status: z.enum(['all', 'open', 'closed']).default('all'),
      search: Search,
    })
    .strict(),
  'ats:list-candidates': z
    .object({
      connectionId: ConnectionId.optional(),
      search: Search,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
      sort: z.enum(CANDIDATE_SORTS).default('name'),
    })
    .strict(),
  'ats:get-candidate': z
    .object({ connectionId: ConnectionId, candidateId: z.string().min(1).max(200) })
    .strict(),
  'ats:list-stages': z.object({ connectionId: ConnectionId.optional() }).strict(),
} as const;

export interface AtsOutputs {
  'ats:list-jobs': JobList;
  'ats:list-candidates': CandidatePage;
  'ats:get-candidate': CandidateDetail;
  'ats:list-stages': { connectionId: string | null; stages: StageRow[] };
}
