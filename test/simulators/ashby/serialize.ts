import type { SimArchiveReason, SimJob, SimPlan, SimSource, SimStage, SimUser } from './catalog';
import type { AshbyTenant, SimApplication, SimCandidate, SimNote } from './tenant';
import { ASHBY_API_VERSION, ASHBY_NEXT_VERSION, type AshbyQuirks } from './quirks';

/**
 * Ashby's JSON shapes, including the key-presence rules of real Ashby answers: unset
 * `primaryEmailAddress`, `primaryPhoneNumber`, `position`, `company`, `school`, `resumeFileHandle`,
 * `location` are omitted; unset `source`, `creditedToUser`, `timezone`, `fraudStatus` are null;
 * lists are `[]` (see docs/ashby.md).
 */

export const PROFILE_URL_BASE =
  'https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/';

export function sourceJson(source: SimSource) {
  return {
    id: source.id,
    title: source.title,
    isArchived: source.isArchived,
    sourceType: {
      id: source.type.id,
      title: source.type.title,
      isArchived: source.type.isArchived,
    },
  };
}

export function userJson(user: SimUser) {
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    globalRole: user.globalRole,
    isEnabled: user.isEnabled,
    updatedAt: user.updatedAt,
  };
}

export function archiveReasonJson(reason: SimArchiveReason) {
  return {
    id: reason.id,
    text: reason.text,
    reasonType: reason.reasonType,
    isArchived: reason.isArchived,
    customFields: [],
  };
}

export function planJson(plan: SimPlan) {
  return {
    id: plan.id,
    title: plan.title,
    isArchived: plan.isArchived,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
}

export function stageJson(stage: SimStage) {
  return {
    id: stage.id,
    title: stage.title,
    type: stage.type,
    orderInInterviewPlan: stage.order,
    interviewStageGroupId: null,
    interviewPlanId: stage.planId,
  };
}

export function jobJson(
  tenant: AshbyTenant,
  job: SimJob,
  options: { version: string; quirks: Pick<AshbyQuirks, 'jobPlaceObjects'> } = {
    version: ASHBY_API_VERSION,
    quirks: { jobPlaceObjects: false },
  },
) {
  const author = tenant.users[job.authorIndex];
  // The made-up later version names the title `name`.
  const title = options.version === ASHBY_NEXT_VERSION ? { name: job.title } : { title: job.title };
  const places = options.quirks.jobPlaceObjects
    ? {
        location: { id: job.locationId, name: job.location },
        department: { id: job.departmentId, name: job.department },
      }
    : {};
  return {
    id: job.id,
    ...title,
    confidential: job.confidential,
    status: job.status,
    employmentType: job.employmentType,
    locationId: job.locationId,
    departmentId: job.departmentId,
    ...places,
    defaultInterviewPlanId: tenant.plans[job.defaultPlanIndex]?.id,
    interviewPlanIds: job.interviewPlanIds,
    jobPostingIds: [],
    customFields: [],
    hiringTeam: job.hiringTeam.flatMap((index, i) => {
      const user = tenant.users[index];
      return user
        ? [
            {
              email: user.email,
              firstName: user.firstName,
              lastName: user.lastName,
              role: i === 0 ? 'Hiring Manager' : 'Recruiter',
              userId: user.id,
            },
          ]
        : [];
    }),
    customRequisitionId: null,
    brandId: null,
    author: author ? userJson(author) : null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    openedAt: job.openedAt,
    closedAt: job.closedAt,
  };
}

const contact = (value: string) => ({ value, type: 'Personal', isPrimary: true });

export function candidateJson(tenant: AshbyTenant, candidate: SimCandidate): unknown {
  if (candidate.malformed) {
    // What a damaged record looks like: the id survives, the rest does not parse.
    return { id: candidate.id, name: null, emailAddresses: 'n/a', profileUrl: 42 };
  }
  const source = candidate.sourceIndex === null ? null : tenant.sources[candidate.sourceIndex];
  const emails = [candidate.email, candidate.alternateEmail].filter(
    (email): email is string => email !== null,
  );
  const json: Record<string, unknown> = {
    id: candidate.id,
    createdAt: candidate.createdAt,
    updatedAt: candidate.updatedAt,
    name: candidate.name,
  };
  if (candidate.email) json.primaryEmailAddress = contact(candidate.email);
  json.emailAddresses = emails.map((email, i) => ({ ...contact(email), isPrimary: i === 0 }));
  if (candidate.phone) json.primaryPhoneNumber = contact(candidate.phone);
  json.phoneNumbers = candidate.phone ? [contact(candidate.phone)] : [];
  json.socialLinks = candidate.linkedIn ? [{ type: 'LinkedIn', url: candidate.linkedIn }] : [];
  json.tags = [];
  if (candidate.position) json.position = candidate.position;
  if (candidate.company) json.company = candidate.company;
  if (candidate.school) json.school = candidate.school;
  json.applicationIds = tenant.applicationIdsOf(candidate);
  if (candidate.resume) json.resumeFileHandle = candidate.resume;
  json.fileHandles = candidate.files;
  json.customFields = [];
  json.profileUrl = `${PROFILE_URL_BASE}${candidate.id}`;
  json.source = source ? sourceJson(source) : null;
  json.creditedToUser = null;
  json.timezone = candidate.timezone;
  if (candidate.city) {
    json.location = {
      id: `${candidate.id.slice(0, 24)}${'0'.repeat(12)}`,
      locationSummary: candidate.city,
      locationComponents: [{ type: 'City', name: candidate.city }],
    };
  }
  json.fraudStatus = null;
  return json;
}

export function applicationJson(
  tenant: AshbyTenant,
  application: SimApplication,
  options: { withHistory?: boolean } = {},
): unknown {
  if (application.malformed) {
    return { id: application.id, status: 'Active', candidate: null, currentInterviewStage: 'x' };
  }
  const candidate = tenant.candidate(application.candidateIndex);
  const job = tenant.jobs[application.jobIndex]!;
  const stage = tenant.stageById(application.stageId);
  const source = application.sourceIndex === null ? null : tenant.sources[application.sourceIndex];
  const credited =
    application.creditedToUserIndex === null ? null : tenant.users[application.creditedToUserIndex];
  const reason =
    application.archiveReasonIndex === null
      ? null
      : tenant.archiveReasons[application.archiveReasonIndex];
  const json: Record<string, unknown> = {
    id: application.id,
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
  };
  if (application.archivedAt) json.archivedAt = application.archivedAt;
  const embedded: Record<string, unknown> = {
    id: candidate?.id ?? null,
    name: candidate?.name ?? null,
  };
  if (candidate?.email) embedded.primaryEmailAddress = contact(candidate.email);
  if (candidate?.phone) embedded.primaryPhoneNumber = contact(candidate.phone);
  Object.assign(json, {
    candidate: embedded,
    status: application.status,
    customFields: [],
    currentInterviewStage: stage ? stageJson(stage) : null,
    source: source ? sourceJson(source) : null,
    creditedToUser: credited ? userJson(credited) : null,
    archiveReason: reason ? archiveReasonJson(reason) : null,
    job: {
      id: job.id,
      title: job.title,
      locationId: job.locationId,
      departmentId: job.departmentId,
      brandId: null,
    },
    hiringTeam: [],
    appliedViaJobPostingId: null,
    submitterClientIp: null,
    submitterUserAgent: null,
  });
  if (options.withHistory) {
    json.applicationHistory = application.history.map((entry, i) => ({
      id: `${application.id.slice(0, 24)}${i.toString(16).padStart(12, '0')}`,
      stageId: entry.stageId,
      title: tenant.stageById(entry.stageId)?.title ?? null,
      stageNumber: i,
      enteredStageAt: entry.enteredAt,
      allowedActions: ['set_entered_at'],
      actorId: tenant.users[0]?.id ?? null,
    }));
  }
  return json;
}

export function noteJson(tenant: AshbyTenant, note: SimNote) {
  const author = tenant.users[note.authorIndex];
  return {
    id: note.id,
    createdAt: note.createdAt,
    isPrivate: note.isPrivate,
    content: note.content,
    author: author
      ? {
          id: author.id,
          firstName: author.firstName,
          lastName: author.lastName,
          email: author.email,
        }
      : null,
  };
}
