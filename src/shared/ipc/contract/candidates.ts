import { z } from 'zod';
import type {
  CandidateDetail,
  CandidatePage,
  CandidateRow,
  CsvImportPreview,
  CsvImportResult,
} from '../../domain/kula';
import { Id } from './common';

/** Kula's own candidates (the ATS's are read through `ats:*`). */
export const CandidateInputSchema = z
  .object({
    name: z.string().max(400),
    emails: z.array(z.string().max(320)).max(20),
    phone: z.string().max(80).nullable().optional(),
    links: z.array(z.string().max(2000)).max(20).optional(),
    kulaStageId: Id.nullable().optional(),
  })
  .strict();

export const candidatesSchemas = {
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
} as const;

export interface CandidatesOutputs {
  'candidates:list': CandidatePage;
  'candidates:get': CandidateDetail;
  'candidates:add': CandidateRow;
  'candidates:move': { candidate: CandidateRow; movesQueued: number };
  'candidates:preview-csv': CsvImportPreview;
  'candidates:import-csv': CsvImportResult;
}
