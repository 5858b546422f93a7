import type { LeverTenant } from './model';

/**
 * What the console's cache should hold after importing this tenant, computed from the
 * simulator's own records (not through the API), for "the cache equals the simulator" checks.
 * Confidential postings and the opportunities on them count only for a credential with
 * confidential access.
 */
export interface ExpectedLeverCache {
  jobs: Map<string, { title: string; status: string; isOpen: boolean }>;
  stages: string[];
  users: Set<string>;
  archiveReasons: Set<string>;
  sources: Set<string>;
  candidates: Map<string, { name: string; primaryEmail: string | null }>;
  applications: Map<
    string,
    {
      candidateId: string;
      jobId: string | null;
      stageId: string;
      archived: boolean;
      archiveReasonId: string | null;
    }
  >;
}

export function expectedLeverCache(
  tenant: LeverTenant,
  access: { confidential: boolean },
): ExpectedLeverCache {
  const visible = (confidentiality: string) =>
    access.confidential || confidentiality === 'non-confidential';
  const jobs = new Map(
    tenant.postings
      .filter((posting) => visible(posting.confidentiality))
      .map((posting) => [
        posting.id,
        { title: posting.text, status: posting.state, isOpen: posting.state === 'published' },
      ]),
  );
  const candidates: ExpectedLeverCache['candidates'] = new Map();
  const applications: ExpectedLeverCache['applications'] = new Map();
  const sources = new Set<string>();
  for (const opportunity of tenant.opportunities) {
    for (const source of opportunity.sources) sources.add(source);
    if (!visible(opportunity.confidentiality)) continue;
    const contact = tenant.contacts.get(opportunity.contact);
    candidates.set(opportunity.contact, {
      name: contact?.name ?? '',
      primaryEmail: contact?.emails[0] ?? null,
    });
    applications.set(opportunity.id, {
      candidateId: opportunity.contact,
      jobId: opportunity.application?.posting ?? null,
      stageId: opportunity.stage,
      archived: opportunity.archived !== null,
      archiveReasonId: opportunity.archived?.reason ?? null,
    });
  }
  return {
    jobs,
    stages: tenant.stages.map((stage) => stage.id),
    users: new Set(tenant.users.map((user) => user.id)),
    archiveReasons: new Set(tenant.archiveReasons.map((reason) => reason.id)),
    sources,
    candidates,
    applications,
  };
}
