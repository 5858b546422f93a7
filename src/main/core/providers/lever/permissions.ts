/**
 * The Lever permissions the console asks for, and what each one enables. OAuth apps request them
 * as scopes (a write scope includes its read scope); API keys are granted the same endpoints in
 * Lever's settings. Least privilege: no webhooks (a desktop app has no public HTTPS endpoint to
 * receive them) and no tags.
 */
export interface LeverPermission {
  scope: string;
  label: string;
  features: string[];
  /**
   * A GET that answers 403 without the permission; null when only a write could tell.
   * `{opportunity}` in the path stands for the id of any opportunity the key can read.
   */
  probe: { path: string; query: Array<[string, string]> } | null;
  /** Checked and shown, but not asked for: a scope already asked for includes it. */
  impliedBy?: string;
}

export const LEVER_PERMISSIONS: readonly LeverPermission[] = [
  {
    scope: 'offline_access',
    label: 'Stay connected (refresh token)',
    features: ['Syncing without signing in to Lever every hour'],
    probe: null,
  },
  {
    scope: 'opportunities:read:admin',
    label: 'Opportunities: read',
    features: ['Import candidates and applications'],
    probe: { path: '/opportunities', query: [['limit', '1']] },
    impliedBy: 'opportunities:write:admin',
  },
  {
    scope: 'opportunities:write:admin',
    label: 'Opportunities: write',
    features: ['Create leads from flows and referrals', 'Move stages in Lever'],
    probe: null,
  },
  {
    scope: 'postings:read:admin',
    label: 'Postings: read',
    features: ['Import jobs (postings)', 'Link flows to published postings'],
    probe: { path: '/postings', query: [['limit', '1']] },
  },
  {
    scope: 'stages:read:admin',
    label: 'Stages: read',
    features: ['Import stages', 'Stage mapping'],
    probe: { path: '/stages', query: [] },
  },
  {
    scope: 'users:read:admin',
    label: 'Users: read',
    features: ['Choose the Lever user that writes are attributed to'],
    probe: { path: '/users', query: [['limit', '1']] },
  },
  {
    scope: 'sources:read:admin',
    label: 'Sources: read',
    features: ['Import sources'],
    probe: { path: '/sources', query: [['limit', '1']] },
  },
  {
    scope: 'archive_reasons:read:admin',
    label: 'Archive reasons: read',
    features: ['Import archive reasons', 'Tell hired from archived applications'],
    probe: { path: '/archive_reasons', query: [['limit', '1']] },
  },
  {
    scope: 'applications:read:admin',
    label: 'Applications: read',
    features: ['Know which posting each application is for'],
    probe: { path: '/opportunities/{opportunity}/applications', query: [] },
  },
  {
    scope: 'notes:write:admin',
    label: 'Notes: read and write',
    features: ['Send notes and conversations to Lever'],
    probe: null,
  },
  {
    scope: 'files:write:admin',
    label: 'Files: read and write',
    features: ['Attach resumes to Lever candidates (as files)'],
    probe: null,
  },
  {
    scope: 'resumes:read:admin',
    label: 'Resumes: read',
    features: ['Skip attaching a resume when the candidate already has one'],
    probe: { path: '/opportunities/{opportunity}/resumes', query: [] },
  },
  {
    scope: 'confidential:access:admin',
    label: 'Confidential data',
    features: ['Import confidential postings and the candidates on them'],
    probe: {
      path: '/opportunities',
      query: [
        ['limit', '1'],
        ['confidentiality', 'all'],
      ],
    },
  },
];

/** The permissions the OAuth authorize request asks for (12; Lever allows 20 scopes per app). */
export const LEVER_REQUESTED_PERMISSIONS: readonly LeverPermission[] = LEVER_PERMISSIONS.filter(
  (permission) => !permission.impliedBy,
);

/** Whether `granted` covers `scope`, a write scope counting for its read scope. */
export function scopeGranted(granted: ReadonlySet<string>, scope: string): boolean {
  if (granted.has(scope)) return true;
  return scope.endsWith(':read:admin') && granted.has(scope.replace(':read:', ':write:'));
}
