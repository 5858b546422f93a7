import { z } from 'zod';
import { RESUME_MAX_BYTES } from '../../domain/kula';
import { Id } from './common';

/** Base64 of a file's bytes: ~4/3 of the size cap, plus padding. */
const MAX_BASE64 = Math.ceil((RESUME_MAX_BYTES * 4) / 3) + 8;

export const resumesSchemas = {
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
} as const;

export interface ResumesOutputs {
  'resumes:upload': { id: string; queued: number };
}
