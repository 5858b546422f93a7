/**
 * What a simulated Greenhouse organisation holds, in the shapes Harvest v3 answers with (see
 * docs/greenhouse.md). Ids are integers, timestamps ISO 8601 with milliseconds, empty values null.
 */

export interface GhUser {
  id: number;
  first_name: string;
  last_name: string;
  name: string;
  /** Null for service users (the credential's "Integration Service User"). */
  primary_email: string | null;
  emails: string[];
  deactivated: boolean;
  site_admin: boolean;
  /** Hidden from `/v3/users` unless `show_service_accounts=true`. */
  service_account: boolean;
  created_at: string;
  updated_at: string;
}

export interface GhJob {
  id: number;
  name: string;
  status: 'open' | 'closed' | 'draft';
  confidential: boolean;
  is_template: boolean;
  requisition_id: string | null;
  department_id: number | null;
  office_ids: number[];
  opened_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface GhJobStage {
  id: number;
  job_id: number;
  name: string;
  sort_order: number;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface GhCandidate {
  id: number;
  first_name: string;
  last_name: string;
  company: string | null;
  title: string | null;
  email_addresses: Array<{ value: string; type: string }>;
  phone_numbers: Array<{ value: string; type: string }>;
  social_media_addresses: Array<{ value: string }>;
  tags: string[];
  private: boolean;
  last_activity_at: string;
  created_at: string;
  updated_at: string;
}

export interface GhApplication {
  id: number;
  candidate_id: number;
  job_id: number | null;
  prospect: boolean;
  prospective_job_ids: number[];
  status: 'in_process' | 'rejected' | 'hired' | 'converted';
  /** The current application-stage row; null for prospects and closed applications. */
  stage_id: number | null;
  job_interview_stage_id: number | null;
  stage_name: string | null;
  source_id: number | null;
  referrer_id: number | null;
  recruiter_id: number | null;
  coordinator_id: number | null;
  rejected_at: string | null;
  rejection_reason_id: number | null;
  last_activity_at: string;
  created_at: string;
  updated_at: string;
}

export interface GhApplicationStage {
  id: number;
  application_id: number;
  job_interview_stage_id: number;
  entered_at: string | null;
  exited_at: string | null;
  current: boolean;
  created_at: string;
  updated_at: string;
}

export interface GhSource {
  id: number;
  name: string;
  type: { id: number; name: string };
  created_at: string;
  updated_at: string;
}

export interface GhRejectionReason {
  id: number;
  name: string;
  type: { id: number; key: string; name: string };
  /** One of Greenhouse's built-in reasons: listed only with `include_defaults=true`. */
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

export interface GhRejectionDetail {
  id: number;
  application_id: number;
  rejection_reason_id: number;
  rejected_at: string;
  rejected_by_id: number | null;
  rejection_note_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface GhNote {
  id: number;
  candidate_id: number;
  application_id: number | null;
  user_id: number | null;
  type: string;
  visibility: 'publicly_visible' | 'privately_visible' | 'admin_only_visible';
  body: string;
  subject: string | null;
  email_from: string | null;
  email_to: string[] | null;
  email_cc: string[] | null;
  created_at: string;
  updated_at: string;
}

export interface GhAttachment {
  id: number;
  application_id: number;
  candidate_id: number;
  type: string;
  filename: string;
  url: string;
  /** Decoded size of the uploaded content (not part of Greenhouse's answer). */
  size: number;
  created_at: string;
  updated_at: string;
}

export interface GhReferrer {
  id: number;
  name: string;
  user_id: number | null;
  created_at: string;
  updated_at: string;
}

/** Every collection `/v3/<name>` lists, by its path segment. */
export interface GreenhouseTenant {
  users: Map<number, GhUser>;
  jobs: Map<number, GhJob>;
  jobInterviewStages: Map<number, GhJobStage>;
  candidates: Map<number, GhCandidate>;
  applications: Map<number, GhApplication>;
  applicationStages: Map<number, GhApplicationStage>;
  sources: Map<number, GhSource>;
  rejectionReasons: Map<number, GhRejectionReason>;
  rejectionDetails: Map<number, GhRejectionDetail>;
  notes: Map<number, GhNote>;
  attachments: Map<number, GhAttachment>;
  referrers: Map<number, GhReferrer>;
  /** The next id of any record (one sequence, so ids never collide across collections). */
  nextId: number;
  /** The user a credential acts as when no `sub` is sent. */
  serviceUserId: number;
}

export function newId(tenant: GreenhouseTenant): number {
  return tenant.nextId++;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
