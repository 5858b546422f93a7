import { z } from 'zod';

/** Schemas every part of the contract uses. */

/** Channels with no input take `undefined` (the renderer calls them without an argument). */
export const NoInput = z.undefined();

/** A record's id in the console's own tables (flows, candidates, notes, resumes). */
export const Id = z.string().min(1).max(200);

/** Text the admin typed: trimmed, not empty (`empty` says what to type), at most `max`. */
export const Text = (max: number, empty: string) => z.string().trim().min(1, empty).max(max);
