import type {
  AtsApplicationRecord,
  AtsArchiveReasonRecord,
  AtsCandidateRecord,
  AtsJobRecord,
  AtsSourceRecord,
  AtsStageRecord,
  AtsUserRecord,
} from '../records';
import type {
  LeverArchiveReason,
  LeverOpportunity,
  LeverPosting,
  LeverSource,
  LeverStage,
  LeverUser,
} from './payloads';

/**
 * Lever → the console's provider-neutral records:
 * - a posting is a job; it is open (offered when linking a flow) only when `published`;
 * - an opportunity is split in two: its `contact` (the person, stable across opportunities) is the
 *   candidate, and the opportunity itself is the application, whose job is its application's
 *   posting (read through `expand=applications`);
 * - stages form one pipeline: position is the list order, type is the pipeline section.
 */

export function iso(ms: number | null | undefined): string | null {
  return typeof ms === 'number' ? new Date(ms).toISOString() : null;
}

export function jobFromPosting(posting: LeverPosting): AtsJobRecord {
  return {
    remoteId: posting.id,
    title: posting.text,
    status: posting.state,
    isOpen: posting.state === 'published',
    confidential: posting.confidentiality === 'confidential',
    planIds: [],
    defaultPlanId: null,
    location: posting.categories?.location ?? null,
    department: posting.categories?.department ?? null,
    url: posting.urls?.show ?? null,
    createdAt: iso(posting.createdAt),
    updatedAt: iso(posting.updatedAt),
  };
}

/** Lever's pipeline sections; "Hired" is not a stage (hiring is archiving as hired). */
export type PipelineSection = 'lead' | 'applicant' | 'interview' | 'offer';

/**
 * The section of each stage, from the fixed ids: stages before `applicant-new` are the lead
 * section, `applicant-new` is the applicant section, stages up to `offer` are interviews, and
 * `offer` and what follows it (e.g. a background check) are the offer section. Lever's API does
 * not say a stage's section; sections cannot be reordered, which makes the order reliable.
 */
export function pipelineSections(stageIds: readonly string[]): Map<string, PipelineSection> {
  const applicant = stageIds.indexOf('applicant-new');
  const offer = stageIds.indexOf('offer');
  const sections = new Map<string, PipelineSection>();
  stageIds.forEach((id, index) => {
    let section: PipelineSection;
    if (id.startsWith('lead-') || (applicant >= 0 && index < applicant)) section = 'lead';
    else if (id === 'applicant-new') section = 'applicant';
    else if (offer >= 0 && index >= offer) section = 'offer';
    else section = 'interview';
    sections.set(id, section);
  });
  return sections;
}

export function stageRecords(
  stages: readonly LeverStage[],
  sections: Map<string, PipelineSection>,
  firstPosition: number,
): AtsStageRecord[] {
  return stages.map((stage, index) => ({
    remoteId: stage.id,
    planId: null,
    title: stage.text,
    type: sections.get(stage.id) ?? 'interview',
    position: firstPosition + index,
  }));
}

export function userRecord(user: LeverUser): AtsUserRecord {
  return {
    remoteId: user.id,
    name: user.name?.trim() || user.email || user.id,
    email: user.email ?? null,
    role: user.accessRole ?? null,
    active: user.deactivatedAt === null || user.deactivatedAt === undefined,
  };
}

/** Lever sources are free strings with no id: the text is the id. */
export function sourceRecord(source: LeverSource): AtsSourceRecord {
  return { remoteId: source.text, title: source.text, typeTitle: null, archived: false };
}

export function archiveReasonRecord(reason: LeverArchiveReason): AtsArchiveReasonRecord {
  return {
    remoteId: reason.id,
    title: reason.text,
    reasonType: reason.type ?? null,
    archived: reason.status === 'inactive',
  };
}

export function contactId(opportunity: LeverOpportunity): string {
  return typeof opportunity.contact === 'string' ? opportunity.contact : opportunity.contact.id;
}

export function candidateFromOpportunity(opportunity: LeverOpportunity): AtsCandidateRecord {
  const emails = (opportunity.emails ?? []).filter(Boolean);
  return {
    remoteId: contactId(opportunity),
    name: opportunity.name?.trim() || emails[0] || '(no name in Lever)',
    primaryEmail: emails[0] ?? null,
    emails,
    phones: (opportunity.phones ?? []).map((phone) => phone.value).filter(Boolean),
    links: (opportunity.links ?? []).filter(Boolean),
    profileUrl: opportunity.urls?.show ?? null,
    createdAt: iso(opportunity.createdAt),
    updatedAt: iso(opportunity.updatedAt),
  };
}

export interface ApplicationContext {
  sections: Map<string, PipelineSection>;
  /** Archive reasons of type `hired`. */
  hiredReasons: ReadonlySet<string>;
}

/**
 * The opportunity as an application. Its status word: `hired` or `archived` when archived (by the
 * reason's type), otherwise `lead` in the lead section and `active` from New applicant on.
 */
export function applicationFromOpportunity(
  opportunity: LeverOpportunity,
  context: ApplicationContext,
): AtsApplicationRecord {
  const stageId =
    typeof opportunity.stage === 'string' ? opportunity.stage : (opportunity.stage?.id ?? null);
  const application = (opportunity.applications ?? [])[0];
  const postingId =
    application && typeof application === 'object' ? (application.posting ?? null) : null;
  const archived = Boolean(opportunity.archived);
  const reason = opportunity.archived?.reason ?? null;
  let status: string;
  if (archived) status = reason && context.hiredReasons.has(reason) ? 'hired' : 'archived';
  else status = stageId && context.sections.get(stageId) === 'lead' ? 'lead' : 'active';
  return {
    remoteId: opportunity.id,
    candidateRemoteId: contactId(opportunity),
    jobRemoteId: postingId,
    stageRemoteId: stageId || null,
    status,
    archived,
    archiveReasonId: reason,
    sourceTitle: opportunity.sources?.[0] ?? null,
    profileUrl: opportunity.urls?.show ?? null,
    createdAt: iso(opportunity.createdAt),
    updatedAt: iso(opportunity.updatedAt),
  };
}
