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
  /** A GET that answers 403 without the permission; null when only a write could tell. */
  probe: { path: string; query: Array<[string, string]> } | null;
}

export const LEVER_PERMISSIONS: readonly LeverPermission[] = [
  {
    scope: 'offline_access',
    label: 'Stay connected (refresh token)',
    features: ['Syncing without signing in to Lever every hour'],
    probe: null,
  },
  {
    scope: 'opportunities:write:admin',
    label: 'Opportunities: read and write',
    features: [
      'Import candidates and applications',
      'Create leads from flows and referrals',
      'Move stages in Lever',
    ],
    probe: { path: '/opportunities', query: [['limit', '1']] },
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
    probe: null,
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
    probe: null,
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

/** The scopes the OAuth authorize request asks for (12; Lever allows 20 per app). */
export const LEVER_OAUTH_SCOPES: readonly string[] = LEVER_PERMISSIONS.map((p) => p.scope);

/** Whether `granted` covers `scope`, a write scope counting for its read scope. */
export function scopeGranted(granted: ReadonlySet<string>, scope: string): boolean {
  if (granted.has(scope)) return true;
  return scope.endsWith(':read:admin') && granted.has(scope.replace(':read:', ':write:'));
}
