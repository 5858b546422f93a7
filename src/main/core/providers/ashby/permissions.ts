/**
 * Ashby API key permissions: the reference name, the `apiKey.info` scope string, the name on
 * Ashby's key screen, the console features that need it, and a cheap call that proves it when
 * `apiKey.info` itself is not allowed (see docs/ashby.md).
 */

export interface AshbyPermission {
  /** Reference name ("Requires the `X` permission"). */
  name: string;
  /** As listed by `apiKey.info` (`candidates:write` follows the documented pattern; unconfirmed). */
  scope: string;
  /** As Ashby's API key screen shows the module and access. */
  label: string;
  features: string[];
  /** A read that needs exactly this permission, for keys that cannot call `apiKey.info`. */
  probe: { endpoint: string; body: Record<string, unknown> } | null;
}

export const ASHBY_PERMISSIONS: readonly AshbyPermission[] = [
  {
    name: 'jobsRead',
    scope: 'jobs:read',
    label: 'Jobs: Read',
    features: ['Import jobs', 'Link flows to open jobs'],
    probe: { endpoint: '/job.list', body: { limit: 1 } },
  },
  {
    name: 'candidatesRead',
    scope: 'candidates:read',
    label: 'Candidates: Read',
    features: [
      'Import candidates and applications',
      'Find an existing Ashby candidate before creating one',
    ],
    probe: { endpoint: '/candidate.list', body: { limit: 1 } },
  },
  {
    name: 'candidatesWrite',
    scope: 'candidates:write',
    label: 'Candidates: Write',
    features: [
      'Create candidates and applications from flows and referrals',
      'Move applications between stages',
      'Send notes and conversations',
      'Upload resumes',
    ],
    probe: null,
  },
  {
    name: 'interviewsRead',
    scope: 'interviews:read',
    label: 'Interviews: Read',
    features: ['Import interview plans and stages', 'Stage mapping'],
    probe: { endpoint: '/interviewPlan.list', body: { limit: 1 } },
  },
  {
    name: 'hiringProcessMetadataRead',
    scope: 'hiringProcessMetadata:read',
    label: 'Hiring Process Metadata: Read',
    features: [
      'Import sources and archive reasons',
      'Check for the “Kula” source',
      'Archive applications with a reason',
    ],
    probe: { endpoint: '/source.list', body: {} },
  },
  {
    name: 'organizationRead',
    scope: 'organization:read',
    label: 'Organization: Read',
    features: ['Import users (recruiters and hiring managers)'],
    probe: { endpoint: '/user.list', body: { limit: 1 } },
  },
  {
    name: 'apiKeysRead',
    scope: 'apiKeys:read',
    label: 'API Keys: Read',
    features: [
      'Show this key’s permissions at once (without it the console tests them one by one)',
    ],
    probe: null,
  },
];

/**
 * Offers: Read, which Ashby's reference does not tie to `application.list` but two integrators
 * (Merge, Unified.to) say reading applications needs. Listed by the check only when the key lacks
 * it and Ashby refuses `application.list` for a key that may read candidates (see docs/ashby.md).
 */
export const OFFERS_READ: AshbyPermission = {
  name: 'offersRead',
  scope: 'offers:read',
  label: 'Offers: Read',
  features: ['Import applications (some Ashby accounts ask for it on application.list)'],
  probe: { endpoint: '/application.list', body: { limit: 1 } },
};

/** Which permission each endpoint the console calls needs, as Ashby's reference states it. */
const ENDPOINT_PERMISSION: Record<string, string> = {
  '/apiKey.info': 'apiKeysRead',
  '/job.list': 'jobsRead',
  '/job.info': 'jobsRead',
  '/jobPosting.list': 'jobsRead',
  '/jobInterviewPlan.info': 'jobsRead',
  '/interviewPlan.list': 'interviewsRead',
  '/interviewStage.list': 'interviewsRead',
  '/interviewStage.info': 'interviewsRead',
  '/candidate.list': 'candidatesRead',
  '/candidate.search': 'candidatesRead',
  '/candidate.info': 'candidatesRead',
  '/candidate.listNotes': 'candidatesRead',
  '/application.list': 'candidatesRead',
  '/application.info': 'candidatesRead',
  '/candidate.create': 'candidatesWrite',
  '/candidate.createNote': 'candidatesWrite',
  '/candidate.uploadResume': 'candidatesWrite',
  '/file.createFileUploadHandle': 'candidatesWrite',
  '/application.create': 'candidatesWrite',
  '/application.changeStage': 'candidatesWrite',
  '/source.list': 'hiringProcessMetadataRead',
  '/archiveReason.list': 'hiringProcessMetadataRead',
  '/user.list': 'organizationRead',
  '/location.list': 'organizationRead',
  '/department.list': 'organizationRead',
};

/** What an endpoint may need besides what the reference says (see `OFFERS_READ`). */
const ALSO_NEEDED: Record<string, AshbyPermission> = { '/application.list': OFFERS_READ };

/** The permissions a `missing_endpoint_permission` on `path` may be about, the documented first. */
export function permissionsForEndpoint(path: string): AshbyPermission[] {
  const name = ENDPOINT_PERMISSION[path];
  const documented = ASHBY_PERMISSIONS.find((permission) => permission.name === name);
  const also = ALSO_NEEDED[path];
  return [...(documented ? [documented] : []), ...(also ? [also] : [])];
}
