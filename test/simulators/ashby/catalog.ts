import { DEPARTMENTS, JOB_TITLES, person } from '../common/people';
import { SeededRandom } from '../common/random';
import { idFor, mix, unit } from './ids';

/**
 * The small, fully materialized part of a simulated Ashby tenant: interview plans with their
 * stages (standard sections plus custom stages), sources with source types, archive reasons, users
 * and jobs. Candidates and applications are generated lazily (tenant.ts).
 */

export type StageType = 'Lead' | 'PreInterviewScreen' | 'Active' | 'Offer' | 'Hired' | 'Archived';

export interface SimStage {
  id: string;
  title: string;
  type: StageType;
  order: number;
  planId: string;
}

export interface SimPlan {
  index: number;
  id: string;
  title: string;
  isArchived: boolean;
  createdAt: string;
  updatedAt: string;
  stages: SimStage[];
  seq: number;
}

export interface SimSource {
  id: string;
  title: string;
  isArchived: boolean;
  type: { id: string; title: string; isArchived: boolean };
}

export interface SimArchiveReason {
  id: string;
  text: string;
  reasonType: 'RejectedByCandidate' | 'RejectedByOrg' | 'Other';
  isArchived: boolean;
}

export interface SimUser {
  index: number;
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  globalRole: 'Organization Admin' | 'Elevated Access' | 'Limited Access' | 'External Recruiter';
  isEnabled: boolean;
  updatedAt: string;
  seq: number;
}

export type JobStatus = 'Draft' | 'Open' | 'Closed' | 'Archived';

export interface SimJob {
  index: number;
  id: string;
  title: string;
  status: JobStatus;
  confidential: boolean;
  employmentType: 'FullTime' | 'PartTime' | 'Intern' | 'Contract' | 'Temporary';
  department: string;
  departmentId: string;
  location: string;
  locationId: string;
  defaultPlanIndex: number;
  /** As in real Ashby answers: for some jobs the default plan is not among these. */
  interviewPlanIds: string[];
  authorIndex: number;
  hiringTeam: number[];
  createdAt: string;
  updatedAt: string;
  openedAt: string | null;
  closedAt: string | null;
  seq: number;
}

/** Fixed "now" of generated data, so a seed always yields the same tenant. */
export const BASE_TIME = Date.UTC(2026, 0, 15, 9, 0, 0);
const DAY = 86_400_000;
/**
 * `new Date(ms).toISOString()` without the Date: V8's takes ~2 µs, and a 100k tenant formats
 * half a million timestamps per pass. Civil-from-days after Howard Hinnant's algorithm.
 */
export function iso(ms: number): string {
  const days = Math.floor(ms / DAY);
  let rest = ms - days * DAY;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

const pad2 = (value: number) => (value < 10 ? `0${value}` : String(value));

const STANDARD_HEAD: Array<[string, StageType, number]> = [
  ['New Lead', 'Lead', 0],
  ['Reached Out', 'Lead', 1],
  ['Replied', 'Lead', 2],
  ['Application Review', 'PreInterviewScreen', 3],
  ['1st Screen', 'Active', 4],
];
const STANDARD_TAIL: Array<[string, StageType, number]> = [
  ['Offer', 'Offer', 20],
  ['Hired', 'Hired', 21],
  ['Archived', 'Archived', 22],
];

const PLAN_DEFINITIONS: Array<{ title: string; custom: string[]; archived?: boolean }> = [
  { title: 'Default Interview Plan', custom: ['2nd Screen'] },
  {
    title: 'Engineering Interview Plan',
    custom: ['Technical Screen', 'Take-home Assignment', 'Onsite Loop'],
  },
  { title: 'Sales Interview Plan', custom: ['Role Play', 'Reference Check'] },
  { title: 'Design Interview Plan', custom: ['Portfolio Review', 'Design Exercise'] },
  { title: 'Legacy Plan (2023)', custom: ['Phone Interview'], archived: true },
];

/** Which plan a department uses by default. */
function planForDepartment(department: string): number {
  if (department === 'Engineering') return 1;
  if (department === 'Sales') return 2;
  if (department === 'Design' || department === 'Product') return 3;
  return 0;
}

export function buildPlans(seed: number): SimPlan[] {
  return PLAN_DEFINITIONS.map((definition, planIndex) => {
    const id = idFor(seed, 'plan', planIndex);
    const rows: Array<[string, StageType, number]> = [
      ...STANDARD_HEAD,
      ...definition.custom.map((title, i): [string, StageType, number] => [title, 'Active', 5 + i]),
      ...STANDARD_TAIL,
    ];
    const created = BASE_TIME - (800 - planIndex * 40) * DAY;
    return {
      index: planIndex,
      id,
      title: definition.title,
      isArchived: definition.archived ?? false,
      createdAt: iso(created),
      updatedAt: iso(created + 30 * DAY),
      seq: 0,
      stages: rows.map(([title, type, order], stageIndex) => ({
        id: idFor(seed, 'stage', planIndex * 100 + stageIndex),
        title,
        type,
        order,
        planId: id,
      })),
    };
  });
}

export type KulaSourceSetup = 'present' | 'missing' | 'wrong-type' | 'archived';

export function buildSources(seed: number, kula: KulaSourceSetup): SimSource[] {
  const types = ['Inbound', 'Referral', 'Sourced', 'Internal', 'Integration'].map((title, i) => ({
    id: idFor(seed, 'sourceType', i),
    title,
    isArchived: false,
  }));
  const type = (title: string) => types.find((t) => t.title === title) ?? types[0]!;
  const rows: Array<[string, string, boolean]> = [
    ['Applied', 'Inbound', false],
    ['LinkedIn', 'Inbound', false],
    ['Indeed Listings', 'Inbound', false],
    ['Referral', 'Referral', false],
    ['Referral Link', 'Referral', false],
    ['Ashby Chrome Extension', 'Sourced', false],
    ['Recruiting Event', 'Sourced', false],
    ['Internal Transfer', 'Internal', false],
    ['Job Fair 2022', 'Sourced', true],
  ];
  if (kula === 'present') rows.push(['Kula', 'Integration', false]);
  if (kula === 'wrong-type') rows.push(['Kula', 'Sourced', false]);
  if (kula === 'archived') rows.push(['Kula', 'Integration', true]);
  return rows.map(([title, typeTitle, isArchived], i) => ({
    id: idFor(seed, 'source', i),
    title,
    isArchived,
    type: type(typeTitle),
  }));
}

export function buildArchiveReasons(seed: number): SimArchiveReason[] {
  const rows: Array<[string, SimArchiveReason['reasonType'], boolean]> = [
    ['Lacks Skills/Qualifications', 'RejectedByOrg', false],
    ['Not a culture add', 'RejectedByOrg', false],
    ['Position filled', 'RejectedByOrg', false],
    ['Accepted another offer', 'RejectedByCandidate', false],
    ['Compensation expectations', 'RejectedByCandidate', false],
    ['Unresponsive', 'Other', false],
    ['Duplicate', 'Other', false],
    ['Hiring freeze (2023)', 'Other', true],
  ];
  return rows.map(([text, reasonType, isArchived], i) => ({
    id: idFor(seed, 'archiveReason', i),
    text,
    reasonType,
    isArchived,
  }));
}

const ROLES: SimUser['globalRole'][] = [
  'Organization Admin',
  'Elevated Access',
  'Limited Access',
  'Limited Access',
  'External Recruiter',
];

export function buildUsers(seed: number, count: number): SimUser[] {
  return Array.from({ length: count }, (_, index) => {
    const rng = new SeededRandom(mix(seed, 601, index));
    const p = person(rng, index);
    const [firstName = 'Alex', ...rest] = p.name.split(' ');
    return {
      index,
      id: idFor(seed, 'user', index),
      firstName,
      lastName: rest.join(' ') || 'Doe',
      email: p.email.replace('@example.com', '@hiring.example.com'),
      globalRole: index === 0 ? 'Organization Admin' : rng.pick(ROLES),
      // One deactivated user in every ten, so `includeDeactivated` matters.
      isEnabled: index % 10 !== 9,
      updatedAt: iso(BASE_TIME - rng.int(1, 300) * DAY),
      seq: 0,
    };
  });
}

const JOB_SUFFIXES = ['', ' - Remote', ' (Berlin)', ' (New York)', ' - EMEA', ' (London)'];
export const LOCATIONS = ['Remote', 'Berlin', 'New York', 'London', 'Lisbon', 'Toronto'];

export function buildJobs(seed: number, count: number, users: number): SimJob[] {
  return Array.from({ length: count }, (_, index) => {
    const rng = new SeededRandom(mix(seed, 301, index));
    const title = JOB_TITLES[index % JOB_TITLES.length]!;
    const department = departmentFor(title, index);
    const location = rng.pick(LOCATIONS);
    const statusRoll = unit(seed, 302, index);
    const status: JobStatus =
      statusRoll < 0.55
        ? 'Open'
        : statusRoll < 0.85
          ? 'Closed'
          : statusRoll < 0.95
            ? 'Archived'
            : 'Draft';
    const created = BASE_TIME - rng.int(30, 700) * DAY;
    const defaultPlanIndex = planForDepartment(department);
    const otherPlan = idFor(seed, 'plan', (defaultPlanIndex + 1) % 4);
    return {
      index,
      id: idFor(seed, 'job', index),
      title: `${title}${JOB_SUFFIXES[Math.floor(index / JOB_TITLES.length) % JOB_SUFFIXES.length]}`,
      status,
      // One job in twelve is confidential; index 5 always is, so small tenants have one too.
      confidential: index % 12 === 5,
      employmentType: index % 17 === 3 ? 'Contract' : 'FullTime',
      department,
      departmentId: idFor(seed, 'department', DEPARTMENTS.indexOf(department)),
      location,
      locationId: idFor(seed, 'location', LOCATIONS.indexOf(location)),
      defaultPlanIndex,
      interviewPlanIds: index % 3 === 0 ? [otherPlan] : [idFor(seed, 'plan', defaultPlanIndex)],
      authorIndex: users > 0 ? index % users : 0,
      hiringTeam: users > 1 ? [index % users, (index + 1) % users] : [],
      createdAt: iso(created),
      updatedAt: iso(created + rng.int(1, 25) * DAY),
      openedAt: status === 'Draft' ? null : iso(created + DAY),
      closedAt: status === 'Closed' || status === 'Archived' ? iso(created + 20 * DAY) : null,
      seq: 0,
    };
  });
}

function departmentFor(title: string, index: number): string {
  if (/Engineer|Scientist|Reliability|Security/.test(title)) return 'Engineering';
  if (/Account|Sales|Customer/.test(title)) return 'Sales';
  if (/Designer/.test(title)) return 'Design';
  if (/Product Manager/.test(title)) return 'Product';
  return DEPARTMENTS[index % DEPARTMENTS.length]!;
}

/** Application status for a stage type, as Ashby pairs them (see docs/ashby.md). */
export function statusForStageType(type: StageType): 'Lead' | 'Active' | 'Hired' | 'Archived' {
  if (type === 'Lead') return 'Lead';
  if (type === 'Hired') return 'Hired';
  if (type === 'Archived') return 'Archived';
  return 'Active';
}
