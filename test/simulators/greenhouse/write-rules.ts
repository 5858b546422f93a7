/**
 * What Harvest v3 accepts in a write, as the simulator enforces it (see docs/greenhouse.md): the
 * switches for the unconfirmed points, the permitted keys, the create-side spellings.
 */

export class GreenhouseApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: unknown[] = [],
  ) {
    super(message);
  }
}

export interface WriteOptions {
  /**
   * What `from_stage_id` of a move must be: the current application-stage row (what production
   * clients send), the current job interview stage, or either.
   */
  moveFromStage: 'application_stage' | 'job_interview_stage' | 'either';
  /** How `POST /v3/candidates` answers: the object, wrapped in `{candidate}`, or `{message}` only. */
  candidateCreateAnswer: 'object' | 'wrapped' | 'async';
  /** With `async`: the new candidate is listed only after this long. */
  asyncCandidateDelayMs: number;
  /** A second application of a candidate to the same job: allowed, or refused with 422. */
  duplicateApplications: 'allow' | 'reject';
  /** A rejected application keeps its last `stage_name` (unconfirmed). */
  rejectedKeepsStageName: boolean;
}

export interface Mutation {
  seq: number;
  at: number;
  kind: string;
  /** The user the write was made as (the token's `sub`, or the note's `user_id`). */
  actingUserId: number;
  ids: Record<string, number>;
  body: unknown;
}

export const APPLICATION_KEYS = new Set([
  'candidate_id',
  'job_id',
  'initial_stage_id',
  'source_id',
  'referrer_id',
  'recruiter_id',
  'coordinator_id',
  'created_at',
  'custom_fields',
  'prospect',
  'job_ids',
  'prospect_pool_id',
  'prospect_pool_stage_id',
  'prospect_owner_id',
  'prospective_department_id',
  'prospective_office_id',
]);
export const PATCH_KEYS = new Set([
  'source_id',
  'referrer_id',
  'recruiter_id',
  'coordinator_id',
  'prospect_pool_id',
  'prospect_stage_id',
  'rejected_at',
  'created_at',
  'custom_fields',
]);
export const VISIBILITY: Record<
  string,
  'publicly_visible' | 'privately_visible' | 'admin_only_visible'
> = {
  public: 'publicly_visible',
  private: 'privately_visible',
  admin_only: 'admin_only_visible',
};
export const EMAIL_FIELDS = ['subject', 'email_from', 'email_to', 'email_cc'];
export const ATTACHMENT_TYPES = new Set([
  'resume',
  'cover_letter',
  'take_home_test',
  'offer_packet',
  'offer_letter',
  'signed_offer_letter',
  'other',
  'form_attachment',
  'midfunnel_agreement',
  'automated_agreement',
]);

export function listOf<T>(value: unknown, map: (item: Record<string, unknown>) => T): T[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => !!item && typeof item === 'object')
    .filter((item) => item.value !== undefined)
    .map(map);
}
