import { z } from 'zod';
import type { FlowDetail, FlowSummary, JobOption } from '../../domain/kula';
import { Id, NoInput } from './common';
import { ConnectionId } from './connections';

export const JobLink = z.object({ connectionId: ConnectionId, jobId: Id }).strict();

export interface MemberOutcomeDto {
  candidateId: string;
  name: string;
  result: 'added' | 'already' | 'refused';
  message: string;
}

export const flowsSchemas = {
  'flows:list': NoInput,
  'flows:get': z.object({ id: Id }).strict(),
  'flows:create': z
    .object({ name: z.string().max(400), link: JobLink.nullable().optional() })
    .strict(),
  'flows:link': z.object({ id: Id, link: JobLink.nullable() }).strict(),
  'flows:add-candidates': z.object({ id: Id, candidateIds: z.array(Id).min(1).max(1000) }).strict(),
  /** Jobs a flow or a referral can use: open jobs (Ashby), published postings (Lever). */
  'flows:open-jobs': z.object({ connectionId: ConnectionId.optional() }).strict(),
} as const;

export interface FlowsOutputs {
  'flows:list': FlowSummary[];
  'flows:get': FlowDetail;
  'flows:create': FlowDetail;
  'flows:link': { flow: FlowDetail; applicationsQueued: number };
  'flows:add-candidates': MemberOutcomeDto[];
  'flows:open-jobs': JobOption[];
}
