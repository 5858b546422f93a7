import { z } from 'zod';
import { Id, Text } from './common';

export const notesSchemas = {
  'notes:add': z
    .object({
      candidateId: Id,
      body: Text(20_000, 'Type the note.'),
      private: z.boolean(),
    })
    .strict(),
} as const;

export interface NotesOutputs {
  'notes:add': { id: string; queued: number };
}
