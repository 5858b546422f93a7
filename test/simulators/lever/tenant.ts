import { DEPARTMENTS, JOB_TITLES, person } from '../common/people';
import { SeededRandom } from '../common/random';
import {
  canonicalEmail,
  type AccessRole,
  type LeverArchiveReason,
  type LeverContact,
  type LeverFile,
  type LeverOpportunity,
  type LeverPosting,
  type LeverStage,
  type LeverTenant,
  type LeverUser,
  type PostingState,
} from './model';

export interface LeverTenantOptions {
  seed?: number;
  opportunities?: number;
  postings?: number;
  users?: number;
  /** Share of opportunities whose `updatedAt` is null (964 of 1004 in the recorded sandbox). */
  nullUpdatedAtShare?: number;
  /** Share of opportunities that belong to a person who already has one. */
  repeatPersonShare?: number;
  archivedShare?: number;
  confidentialPostingShare?: number;
  /** Opportunities already in the deleted list when the simulator starts. */
  deletedOpportunities?: number;
  webBase?: string;
  /** Generated timestamps end here (fixed, so the tenant is the same on every run). */
  baseTime?: number;
}

/** 2025-07-01T00:00:00Z: generated history ends here; live changes are stamped with real time. */
export const DEFAULT_BASE_TIME = 1_751_328_000_000;
const DAY = 86_400_000;

/** The account-specific stages (UUIDs) sit between the fixed ids, as in the recorded account. */
const STAGE_LAYOUT: Array<{ fixed?: string; text: string }> = [
  { fixed: 'lead-new', text: 'New lead' },
  { fixed: 'lead-reached-out', text: 'Reached out' },
  { fixed: 'lead-responded', text: 'Responded' },
  { fixed: 'applicant-new', text: 'New applicant' },
  { text: 'Recruiter screen' },
  { text: 'Hiring manager review' },
  { text: 'Phone interview' },
  { text: 'On-site interview' },
  { text: 'Reference check' },
  { fixed: 'offer', text: 'Offer' },
  { text: 'Background check' },
];

const ARCHIVE_REASONS: Array<Omit<LeverArchiveReason, 'id'>> = [
  { text: 'Hired', status: 'active', type: 'hired' },
  { text: 'Underqualified', status: 'active', type: 'non-hired' },
  { text: 'Timing', status: 'active', type: 'non-hired' },
  { text: 'Withdrew', status: 'active', type: 'non-hired' },
  { text: 'Position filled', status: 'active', type: 'non-hired' },
  { text: 'Went with another offer', status: 'active', type: 'non-hired' },
  { text: 'No Response - OLD', status: 'inactive', type: 'non-hired' },
  { text: 'Hired - internal move (retired)', status: 'inactive', type: 'hired' },
];

const ROLES: AccessRole[] = [
  'super admin',
  'admin',
  'team member',
  'team member',
  'limited team member',
  'interviewer',
];
const COMMITMENTS = ['Full-time', 'Full-time', 'Part-time', 'Contract', 'Intern'];
const LOCATIONS = ['San Francisco, CA', 'New York, NY', 'London', 'Berlin', 'Remote', 'Toronto'];
const TEAMS: Record<string, string[]> = {
  Engineering: ['Platform', 'Product Engineering', 'Infrastructure'],
  Product: ['Core Product', 'Growth'],
  Design: ['Product Design', 'Brand'],
  Sales: ['Enterprise', 'Mid-Market'],
  Marketing: ['Demand Generation', 'Content'],
  Operations: ['Business Operations', 'IT'],
  People: ['Recruiting', 'People Partners'],
};
const STATE_WEIGHTS: Array<[PostingState, number]> = [
  ['published', 0.45],
  ['internal', 0.12],
  ['closed', 0.2],
  ['draft', 0.1],
  ['pending', 0.08],
  ['rejected', 0.05],
];

/** The bytes the simulator serves for seeded resumes (one buffer shared by all). */
export const SEEDED_RESUME = Buffer.from(
  '%PDF-1.4\n% Seeded resume of the Lever simulator\n%%EOF\n',
);

/**
 * Lists that many opportunities hold alike (a posting's tags, one source, one follower) are one
 * shared array, which keeps a 100k tenant small. The simulator never edits a list in place: a
 * change replaces the opportunity's list (see mutations.ts).
 */
const sharedLists = new Map<string, string[]>();
function shared(key: string, make: (key: string) => string[]): string[] {
  let list = sharedLists.get(key);
  if (!list) sharedLists.set(key, (list = Object.freeze(make(key)) as string[]));
  return list;
}
const NO_TAGS = Object.freeze([]) as unknown as string[];
const NONE = Object.freeze([]) as unknown as never[];

/**
 * A UUID v4-shaped id from four draws of the seeded stream. Written into a buffer and decoded
 * once, so each id is one flat string rather than a tree of concatenated pieces (that tree costs
 * more memory than the rest of a 100k tenant).
 */
const HEX_DIGITS = Buffer.from('0123456789abcdef');
const idBuffer = Buffer.alloc(36);
function uuid(rng: SeededRandom): string {
  let at = 0;
  for (let word = 0; word < 4; word += 1) {
    let bits = Math.floor(rng.next() * 0x1_0000_0000);
    for (let nibble = 0; nibble < 8; nibble += 1) {
      if (at === 8 || at === 13 || at === 18 || at === 23) idBuffer[at++] = 0x2d;
      let digit = bits & 0xf;
      if (at === 14) digit = 4;
      if (at === 19) digit = 0x8 | (digit & 0x3);
      idBuffer[at++] = HEX_DIGITS[digit] as number;
      bits >>>= 4;
    }
  }
  return idBuffer.toString('latin1');
}

/** The same text as one flat string (see `uuid`). */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Builds a deterministic Lever account: the same options always give the same ids, people and
 * history. 100k opportunities take well under a second.
 */
export function buildLeverTenant(options: LeverTenantOptions = {}): LeverTenant {
  const rng = new SeededRandom(options.seed ?? 4);
  const baseTime = options.baseTime ?? DEFAULT_BASE_TIME;
  const webBase = options.webBase ?? 'https://hire.lever.co';
  const opportunityCount = options.opportunities ?? 200;
  const historyStart = baseTime - 3 * 365 * DAY;

  const users = buildUsers(rng, options.users ?? 12, historyStart);
  const activeUsers = users.filter((user) => user.deactivatedAt === null);
  const stages: LeverStage[] = STAGE_LAYOUT.map((stage) => ({
    id: stage.fixed ?? uuid(rng),
    text: stage.text,
  }));
  const archiveReasons = ARCHIVE_REASONS.map((reason) => ({ id: uuid(rng), ...reason }));
  const postings = buildPostings(
    rng,
    options.postings ?? 24,
    activeUsers,
    historyStart,
    baseTime,
    options.confidentialPostingShare ?? 0.1,
  );

  const tenant: LeverTenant = {
    accountId: uuid(rng),
    accountName: 'Acme Robotics',
    webBase,
    users,
    stages,
    archiveReasons,
    postings,
    contacts: new Map(),
    opportunities: [],
    opportunityById: new Map(),
    contactByEmail: new Map(),
    deletedOpportunities: [],
    deletedPostings: [],
  };

  const hired = archiveReasons.filter(
    (reason) => reason.type === 'hired' && reason.status === 'active',
  );
  const notHired = archiveReasons.filter(
    (reason) => reason.type === 'non-hired' && reason.status === 'active',
  );
  const offerIndex = stages.findIndex((stage) => stage.id === 'offer');
  const applicantIndex = stages.findIndex((stage) => stage.id === 'applicant-new');
  const nullShare = options.nullUpdatedAtShare ?? 0.6;
  const repeatShare = options.repeatPersonShare ?? 0.08;
  const archivedShare = options.archivedShare ?? 0.3;
  const contactIds: string[] = [];

  for (let index = 0; index < opportunityCount; index += 1) {
    let contact: LeverContact;
    if (contactIds.length > 0 && rng.chance(repeatShare)) {
      contact = tenant.contacts.get(rng.pick(contactIds)) as LeverContact;
    } else {
      const someone = person(rng, index);
      contact = {
        id: uuid(rng),
        name: flat(someone.name),
        headline: someone.company,
        location: someone.city,
        emails: rng.chance(0.9) ? [flat(someone.email)] : [],
        phones: rng.chance(0.6) ? [{ type: 'mobile', value: flat(someone.phone) }] : [],
        links: rng.chance(0.7) ? [flat(someone.linkedIn)] : [],
      };
      tenant.contacts.set(contact.id, contact);
      contactIds.push(contact.id);
      for (const email of contact.emails)
        tenant.contactByEmail.set(canonicalEmail(email), contact.id);
    }

    const createdAt = rng.int(historyStart, baseTime - DAY);
    const posting = rng.chance(0.9) ? rng.pick(postings) : null;
    const stageIndex = rng.int(0, stages.length - 1);
    const stage = stages[stageIndex] as LeverStage;
    const origin =
      stageIndex < applicantIndex
        ? 'sourced'
        : rng.pick([
            'applied',
            'applied',
            'referred',
            'sourced',
            'agency',
            'university',
            'internal',
          ] as const);
    const actor = rng.pick(activeUsers).id;
    const path = [stageIndex < applicantIndex ? 0 : applicantIndex, stageIndex];
    const stageChanges = [...new Set(path)].map((toStageIndex, step) => ({
      toStageId: (stages[toStageIndex] as LeverStage).id,
      toStageIndex,
      updatedAt: createdAt + step * rng.int(DAY, 20 * DAY),
      userId: actor,
    }));
    const lastAdvancedAt = (stageChanges[stageChanges.length - 1] as { updatedAt: number })
      .updatedAt;
    const archived = rng.chance(archivedShare)
      ? {
          reason: (stageIndex >= offerIndex && rng.chance(0.6)
            ? rng.pick(hired)
            : rng.pick(notHired)
          ).id,
          archivedAt: lastAdvancedAt + rng.int(DAY, 10 * DAY),
        }
      : null;
    const touched = Math.max(lastAdvancedAt, archived?.archivedAt ?? 0);
    const opportunity: LeverOpportunity = {
      id: uuid(rng),
      contact: contact.id,
      stage: stage.id,
      confidentiality: posting?.confidentiality ?? 'non-confidential',
      archived,
      tags: posting ? shared(`tags:${posting.id}`, () => postingTags(posting)) : NO_TAGS,
      sources: shared(`source:${sourceFor(origin, rng)}`, (key) => [key.slice(7)]),
      stageChanges,
      origin,
      sourcedBy: origin === 'sourced' ? actor : null,
      owner: actor,
      followers: shared(`user:${actor}`, () => [actor]),
      application: posting
        ? {
            id: uuid(rng),
            type: origin === 'referred' ? 'referral' : origin === 'applied' ? 'posting' : 'user',
            posting: posting.id,
            user: origin === 'applied' ? null : actor,
            createdAt,
          }
        : null,
      createdAt,
      updatedAt: rng.chance(nullShare) ? null : Math.min(baseTime, touched + rng.int(0, 30 * DAY)),
      lastInteractionAt: touched,
      lastAdvancedAt,
      snoozedUntil: null,
      opportunityLocation: posting && rng.chance(0.3) ? posting.categories.location : null,
      notes: NONE,
      files: NONE,
      resumes: NONE,
    };
    if (rng.chance(0.1)) {
      opportunity.notes = [
        {
          id: uuid(rng),
          value: `Spoke with ${contact.name.split(' ')[0] ?? 'them'}: interested, follow up next week.`,
          user: actor,
          secret: false,
          score: null,
          stage: stage.id,
          createdAt: createdAt + DAY,
          createdByApi: false,
        },
      ];
    }
    if (rng.chance(0.2)) opportunity.resumes = [seededResume(rng, contact.name, createdAt)];
    tenant.opportunities.push(opportunity);
    tenant.opportunityById.set(opportunity.id, opportunity);
  }
  tenant.opportunities.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));

  for (let index = 0; index < (options.deletedOpportunities ?? 3); index += 1) {
    tenant.deletedOpportunities.push({
      id: uuid(rng),
      deletedAt: baseTime - rng.int(DAY, 200 * DAY),
      deletedBy: rng.pick(activeUsers).id,
    });
  }
  tenant.deletedOpportunities.sort((a, b) => a.deletedAt - b.deletedAt);
  return tenant;
}

function buildUsers(rng: SeededRandom, count: number, historyStart: number): LeverUser[] {
  const users: LeverUser[] = [];
  for (let index = 0; index < Math.max(2, count); index += 1) {
    const someone = person(rng, index);
    const username = someone.email.split('@')[0]?.replace(/\.\d+$/, '') ?? `user${index}`;
    users.push({
      id: uuid(rng),
      name: someone.name,
      username,
      email: `${username}@acme-robotics.example`,
      // The first user is the Super Admin who authorizes integrations.
      accessRole: index === 0 ? 'super admin' : (ROLES[index % ROLES.length] as AccessRole),
      photo: null,
      createdAt: historyStart + index * DAY,
      // Every seventh user has left the company.
      deactivatedAt: index > 0 && index % 7 === 0 ? historyStart + 400 * DAY : null,
      externalDirectoryId: null,
      linkedContactIds: null,
      jobTitle: index === 0 ? 'Head of Talent' : index % 3 === 0 ? 'Hiring Manager' : 'Recruiter',
      managerId: index === 0 ? null : (users[0] as LeverUser).id,
    });
  }
  return users;
}

function buildPostings(
  rng: SeededRandom,
  count: number,
  users: LeverUser[],
  historyStart: number,
  baseTime: number,
  confidentialShare: number,
): LeverPosting[] {
  const postings: LeverPosting[] = [];
  for (let index = 0; index < Math.max(1, count); index += 1) {
    const department = rng.pick(DEPARTMENTS);
    const location = rng.pick(LOCATIONS);
    // The first postings cover every state (and a published one on the internal site only), so
    // even a tiny tenant has each case.
    const state =
      index < STATE_WEIGHTS.length
        ? (STATE_WEIGHTS[index] as [PostingState, number])[0]
        : index === STATE_WEIGHTS.length
          ? 'published'
          : weighted(rng);
    const createdAt = rng.int(historyStart, baseTime - 30 * DAY);
    const owner = rng.pick(users).id;
    postings.push({
      id: uuid(rng),
      text: rng.pick(JOB_TITLES),
      createdAt,
      updatedAt: rng.int(createdAt, baseTime - DAY),
      user: owner,
      owner,
      hiringManager: rng.chance(0.8) ? rng.pick(users).id : null,
      confidentiality:
        index > STATE_WEIGHTS.length && rng.chance(confidentialShare)
          ? 'confidential'
          : 'non-confidential',
      categories: {
        team: rng.pick(TEAMS[department] ?? ['General']),
        department,
        location,
        allLocations: [location],
        commitment: rng.pick(COMMITMENTS),
        level: null,
      },
      country:
        location === 'London'
          ? 'GB'
          : location === 'Berlin'
            ? 'DE'
            : location === 'Toronto'
              ? 'CA'
              : 'US',
      tags: [],
      state,
      distributionChannels: channelsFor(state, index, rng),
      requisitionCodes: rng.chance(0.5) ? [`REQ-${1000 + index}`] : [],
      workplaceType:
        location === 'Remote' ? 'remote' : rng.pick(['onsite', 'hybrid', 'unspecified'] as const),
      followers: [owner],
    });
  }
  // Keyset pagination walks lists in key order: oldest posting first.
  return postings.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** Published postings are usually on both sites; the second published one is internal-only. */
function channelsFor(
  state: PostingState,
  index: number,
  rng: SeededRandom,
): Array<'public' | 'internal'> | null {
  if (state === 'published') {
    if (index === STATE_WEIGHTS.length) return ['internal'];
    return rng.chance(0.8) ? ['public', 'internal'] : ['public'];
  }
  if (state === 'internal') return rng.chance(0.5) ? ['internal'] : null;
  return [];
}

function weighted(rng: SeededRandom): PostingState {
  let roll = rng.next();
  for (const [state, weight] of STATE_WEIGHTS) {
    if (roll < weight) return state;
    roll -= weight;
  }
  return 'published';
}

/** Lever adds the posting's title, department, team, location and commitment as tags. */
export function postingTags(posting: LeverPosting): string[] {
  const { department, team, location, commitment } = posting.categories;
  return [posting.text, department, team, location, commitment];
}

function sourceFor(origin: LeverOpportunity['origin'], rng: SeededRandom): string {
  switch (origin) {
    case 'applied':
      return rng.pick(['Job site', 'Company careers page']);
    case 'referred':
      return 'Referral';
    case 'agency':
      return 'Agency';
    case 'university':
      return 'University';
    case 'internal':
      return 'Internal';
    default:
      return rng.pick(['LinkedIn', 'LinkedIn', 'Added manually', 'GitHub']);
  }
}

function seededResume(rng: SeededRandom, name: string, createdAt: number): LeverFile {
  return {
    id: uuid(rng),
    name: `${name.replace(/[^A-Za-z]+/g, '_')}_resume.pdf`,
    ext: 'pdf',
    size: SEEDED_RESUME.length,
    uploadedAt: createdAt,
    content: SEEDED_RESUME,
  };
}
