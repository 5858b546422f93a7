import { z } from 'zod';
import type { SkippedRecord } from '../provider';
import type { EntityKind } from '../records';

/**
 * Lever's JSON, read leniently: only the fields the console uses are required, unknown fields are
 * ignored, and each record of a list is checked on its own so one malformed record is skipped and
 * logged while the rest of the page imports (see docs/lever.md).
 */

/** Epoch milliseconds a JavaScript date can hold (±8.64e15); outside that the record is skipped. */
const Millis = z
  .number()
  .finite()
  .min(-8.64e15, 'not a date Lever could mean')
  .max(8.64e15, 'not a date Lever could mean');
const Id = z.string().min(1);

/** `{data:[…], hasNext, next?}`; `next` is absent on the last page. */
export const ListEnvelope = z.object({
  data: z.array(z.unknown()),
  hasNext: z.boolean().optional(),
  next: z.string().min(1).optional(),
});
export type ListEnvelope = z.infer<typeof ListEnvelope>;

export const SingleEnvelope = z.object({ data: z.unknown() });

export const LeverErrorBody = z.object({ code: z.string(), message: z.string() });

export const LeverUser = z.object({
  id: Id,
  name: z.string().nullish(),
  email: z.string().nullish(),
  accessRole: z.string().nullish(),
  deactivatedAt: Millis.nullish(),
});
export type LeverUser = z.infer<typeof LeverUser>;

export const LeverStage = z.object({ id: Id, text: z.string() });
export type LeverStage = z.infer<typeof LeverStage>;

export const LeverArchiveReason = z.object({
  id: Id,
  text: z.string(),
  status: z.string().nullish(),
  type: z.string().nullish(),
});
export type LeverArchiveReason = z.infer<typeof LeverArchiveReason>;

export const LeverSource = z.object({ text: z.string().min(1), count: z.number().nullish() });
export type LeverSource = z.infer<typeof LeverSource>;

export const LeverPosting = z.object({
  id: Id,
  text: z.string(),
  state: z.string(),
  confidentiality: z.string().nullish(),
  createdAt: Millis.nullish(),
  updatedAt: Millis.nullish(),
  categories: z
    .object({
      location: z.string().nullish(),
      department: z.string().nullish(),
      team: z.string().nullish(),
    })
    .nullish(),
  urls: z.object({ show: z.string().nullish() }).nullish(),
});
export type LeverPosting = z.infer<typeof LeverPosting>;

/** An application as `expand=applications` inlines it; without expand it is just an id. */
const LeverApplication = z.union([
  Id,
  z.object({ id: Id, posting: z.string().nullish(), type: z.string().nullish() }),
]);

export const LeverOpportunity = z.object({
  id: Id,
  name: z.string().nullish(),
  /** The person; an object when `expand=contact`. */
  contact: z.union([Id, z.object({ id: Id })]),
  /** A stage id; an object when `expand=stage`. */
  stage: z.union([z.string(), z.object({ id: Id })]).nullish(),
  emails: z.array(z.string()).nullish(),
  phones: z.array(z.object({ value: z.string() })).nullish(),
  links: z.array(z.string()).nullish(),
  archived: z.object({ reason: z.string().nullish(), archivedAt: Millis.nullish() }).nullish(),
  sources: z.array(z.string()).nullish(),
  origin: z.string().nullish(),
  applications: z.array(LeverApplication).nullish(),
  createdAt: Millis.nullish(),
  /** Null for opportunities not updated since Lever introduced the field. */
  updatedAt: Millis.nullish(),
  urls: z.object({ show: z.string().nullish() }).nullish(),
});
export type LeverOpportunity = z.infer<typeof LeverOpportunity>;

export const LeverDeletion = z.object({ id: Id, deletedAt: Millis.nullish() });
export type LeverDeletion = z.infer<typeof LeverDeletion>;

/** Each record checked on its own: a malformed one is skipped (and reported), never fatal. */
export function parseEach<T>(
  items: unknown[],
  schema: z.ZodType<T>,
  entity: EntityKind,
  skipped: SkippedRecord[],
): T[] {
  const out: T[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      out.push(parsed.data);
    } else {
      const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
      const issue = parsed.error.issues[0];
      skipped.push({
        entity,
        remoteId: typeof id === 'string' ? id : null,
        reason: `Lever sent a record the console cannot read (${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}).`,
      });
    }
  }
  return out;
}
