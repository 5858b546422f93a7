import { z } from 'zod';
import { CandidateInputSchema } from './candidates';
import { Id } from './common';
import { JobLink } from './flows';

export const referralsSchemas = {
  'referrals:create': z
    .object({
      candidate: z.union([Id, CandidateInputSchema]),
      referrerName: z.string().max(200),
      referrerEmail: z.string().max(320).nullable().optional(),
      job: JobLink,
    })
    .strict(),
} as const;

export interface ReferralsOutputs {
  'referrals:create': { referralId: string; candidateId: string };
}
