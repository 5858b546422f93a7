import { z } from 'zod';
import { MESSAGE_CHANNELS, MESSAGE_DIRECTIONS } from '../../domain/kula';
import { Id, Text } from './common';

export const messagesSchemas = {
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
} as const;

export interface MessagesOutputs {
  'messages:log': { id: string; queued: number };
}
