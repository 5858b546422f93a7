/**
 * The Harvest v3 scopes the console uses, how Greenhouse's credential screen names them, what
 * each turns on, and (for reads) the cheapest request that proves it. Write scopes cannot be
 * tested without writing. See docs/greenhouse.md.
 */
export interface GreenhousePermission {
  scope: string;
  label: string;
  features: string[];
  /** A one-record read that succeeds only with the scope. */
  probe?: string;
  /** Import cannot run without it. */
  required?: boolean;
}

const read = (resource: string, label: string, features: string[], required = true) => ({
  scope: `harvest:${resource}:list`,
  label,
  features,
  probe: `/v3/${resource}`,
  required,
});

export const GREENHOUSE_PERMISSIONS: readonly GreenhousePermission[] = [
  read('users', 'Users: List', ['Import users', 'Choose the user the console acts as']),
  read('jobs', 'Jobs: List', ['Import jobs', 'Link flows to open jobs']),
  read('job_interview_stages', 'Job Interview Stages: List', [
    'Import each job’s stages',
    'Stage mapping',
  ]),
  read('candidates', 'Candidates: List', ['Import candidates', 'Find a candidate by email']),
  read('applications', 'Applications: List', ['Import applications', 'Follow stage moves']),
  read('sources', 'Sources: List', ['Find the “Kula” source']),
  read('rejection_reasons', 'Rejection Reasons: List', ['Rejection reasons in the mapping']),
  read('notes', 'Notes: List', ['Avoid duplicate notes after a failed send'], false),
  read('attachments', 'Attachments: List', ['Check for an existing resume'], false),
  read('referrers', 'Referrers: List', ['Credit referrals to their referrer'], false),
  {
    scope: 'harvest:candidates:create',
    label: 'Candidates: Create',
    features: ['Create candidates from Kula flows and referrals'],
  },
  {
    scope: 'harvest:applications:create',
    label: 'Applications: Create',
    features: ['Create applications with the “Kula” source'],
  },
  {
    scope: 'harvest:applications:update',
    label: 'Applications: Update',
    features: ['Set the “Kula” source on an existing application'],
  },
  {
    scope: 'harvest:applications:move',
    label: 'Applications: Move',
    features: ['Move applications when a Kula stage changes'],
  },
  {
    scope: 'harvest:applications:reject',
    label: 'Applications: Reject',
    features: ['Reject applications for “Rejected” and “Not interested”'],
  },
  {
    scope: 'harvest:applications:unreject',
    label: 'Applications: Unreject',
    features: ['Reopen a rejected application when Kula moves the candidate on'],
  },
  {
    scope: 'harvest:notes:create',
    label: 'Notes: Create',
    features: ['Copy Kula notes and messages to Greenhouse'],
  },
  {
    scope: 'harvest:attachments:create',
    label: 'Attachments: Create',
    features: ['Attach resumes to applications the console created'],
  },
];
