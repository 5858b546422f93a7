import { z } from 'zod';
import {
  MESSAGE_CHANNELS,
  MESSAGE_DIRECTIONS,
  RESUME_MAX_BYTES,
  type CandidateDetail,
  type CandidatePage,
  type CandidateRow,
  type CsvImportPreview,
  type CsvImportResult,
  type FlowDetail,
  type FlowSummary,
  type JobOption,
} from '../../domain/workspace';
import { NoInput } from './app';
import { ConnectionId } from './connections';

/** The Kula workspace: flows, candidates, notes, messages, resumes, referrals. */

const Id = z.string().min(1).max(200);
const Text = (max: number, empty: string) => z.string().trim().min(1, empty).max(max);

const JobLink = z.object({ connectionId: ConnectionId, jobId: Id }).strict();

export const CandidateInputSchema = z
  .object({
    name: z.string().max(400),
    emails: z.array(z.string().max(320)).max(20),
    phone: z.string().max(80).nullable().optional(),
    links: z.array(z.string().max(2000)).max(20).optional(),
    kulaStageId: Id.nullable().optional(),
  })
  .strict();

/** Base64 of a file's bytes: ~4/3 of the size cap, plus padding. */
const MAX_BASE64 = Math.ceil((RESUME_MAX_BYTES * 4) / 3) + 8;

export const workspaceSchemas = {
  'flows:list': NoInput,
  'flows:get': z.object({ id: Id }).strict(),
  'flows:create': z
    .object({ name: z.string().max(400), link: JobLink.nullable().optional() })
    .strict(),
  'flows:link': z.object({ id: Id, link: JobLink.nullable() }).strict(),
  'flows:add-candidates': z.object({ id: Id, candidateIds: z.array(Id).min(1).max(1000) }).strict(),
  /** Jobs a flow or a referral can use: open jobs (Ashby), published postings (Lever). */
  'workspace:open-jobs': z.object({ connectionId: ConnectionId.optional() }).strict(),
  'candidates:list': z
    .object({
      search: z.string().trim().max(200).optional(),
      flowId: Id.optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  'candidates:get': z.object({ id: Id }).strict(),
  'candidates:add': z
    .object({ candidate: CandidateInputSchema, flowIds: z.array(Id).max(50).default([]) })
    .strict(),
  'candidates:move': z.object({ id: Id, kulaStageId: Id }).strict(),
  /** The renderer reads the file the admin picked and sends its text; nothing is saved. */
  'candidates:preview-csv': z
    .object({ text: z.string().max(5_000_000), flowId: Id.nullable().optional() })
    .strict(),
  'candidates:import-csv': z
    .object({ text: z.string().max(5_000_000), flowId: Id.nullable().optional() })
    .strict(),
  'notes:add': z
    .object({
      candidateId: Id,
      body: Text(20_000, 'Type the note.'),
      private: z.boolean(),
    })
    .strict(),
  'messages:log': z
    .object({
      candidateId: Id,
      body: Text(20_000, 'Type or paste the message.'),
      direction: z.enum(MESSAGE_DIRECTIONS),
      channel: z.enum(MESSAGE_CHANNELS).default('email'),
      sender: z.string().trim().max(200).optional(),
      sentAt: z.string().max(40).optional(),
    })
    .strict(),
  /** The renderer cannot touch the disk: the file comes as bytes (base64), capped in size. */
  'resumes:upload': z
    .object({
      candidateId: Id,
      fileName: z.string().min(1).max(300),
      base64: z
        .string()
        .min(1, 'The file is empty.')
        .max(MAX_BASE64, `Resumes can be at most ${RESUME_MAX_BYTES / 1024 / 1024} MB.`)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file did not arrive intact; choose it again.'),
    })
    .strict(),
  'referrals:create': z
    .object({
      candidate: z.union([Id, CandidateInputSchema]),
      referrerName: z.string().max(200),
      referrerEmail: z.string().max(320).nullable().optional(),
      job: JobLink,
    })
    .strict(),
} as const;

export interface MemberOutcomeDto {
  candidateId: string;
  name: string;
  result: 'added' | 'already' | 'refused';
  message: string;
}

export interface WorkspaceOutputs {
  'flows:list': FlowSummary[];
  'flows:get': FlowDetail;
  'flows:create': FlowDetail;
  'flows:link': { flow: FlowDetail; applicationsQueued: number };
  'flows:add-candidates': MemberOutcomeDto[];
  'workspace:open-jobs': JobOption[];
  'candidates:list': CandidatePage;
  'candidates:get': CandidateDetail;
  'candidates:add': CandidateRow;
  'candidates:move': { candidate: CandidateRow; movesQueued: number };
  'candidates:preview-csv': CsvImportPreview;
  'candidates:import-csv': CsvImportResult;
  'notes:add': { id: string; queued: number };
  'messages:log': { id: string; queued: number };
  'resumes:upload': { id: string; queued: number };
  'referrals:create': { referralId: string; candidateId: string };
}
