import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SkippedRecord } from '../../../../src/main/core/providers/provider';
import * as ashby from '../../../../src/main/core/providers/ashby/mappers';
import * as lever from '../../../../src/main/core/providers/lever/mappers';
import {
  LeverArchiveReason,
  LeverOpportunity,
  LeverPosting,
  LeverSource,
  LeverStage,
  LeverUser,
  parseEach,
} from '../../../../src/main/core/providers/lever/payloads';
import type { EntityKind } from '../../../../src/main/core/providers/records';
import { fuzzParams } from '../../../support/fuzz/config';
import { mutatedPayload } from '../../../support/fuzz/json-mutation';

/**
 * API payloads into the provider mappers: valid samples (shaped as the ATSs' recorded examples) with
 * fields missing, of the wrong type, huge, odd unicode or out of range. Every record either maps
 * to a well-formed cache record or is reported as a skipped record with a reason; nothing throws
 * (a throw would fail the whole page, and with it the sync).
 */

const ASHBY_SAMPLES: Array<{
  entity: EntityKind;
  map: (item: Record<string, unknown>) => unknown;
  sample: Record<string, unknown>;
}> = [
  {
    entity: 'candidates',
    map: ashby.mapCandidate,
    sample: {
      id: 'c-1',
      name: 'Ada Lovelace',
      primaryEmailAddress: { value: 'ada@example.org', type: 'Work', isPrimary: true },
      emailAddresses: [{ value: 'ada@example.org', type: 'Work', isPrimary: true }],
      phoneNumbers: [{ value: '+44 20 7946 0000', type: 'Mobile' }],
      socialLinks: [{ url: 'https://linkedin.com/in/ada', type: 'LinkedIn' }],
      profileUrl: 'https://app.ashbyhq.com/candidates/c-1',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-03T03:04:05.000Z',
    },
  },
  {
    entity: 'applications',
    map: ashby.mapApplication,
    sample: {
      id: 'a-1',
      status: 'Active',
      candidate: { id: 'c-1', name: 'Ada Lovelace' },
      job: { id: 'j-1', title: 'Engineer' },
      currentInterviewStage: { id: 's-1', title: 'Onsite', type: 'Active' },
      source: { id: 'src-1', title: 'Kula' },
      archiveReason: null,
      archivedAt: null,
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-03T03:04:05.000Z',
    },
  },
  {
    entity: 'jobs',
    map: ashby.mapJob,
    sample: {
      id: 'j-1',
      title: 'Engineer',
      status: 'Open',
      confidential: false,
      interviewPlanIds: ['p-1'],
      defaultInterviewPlanId: 'p-1',
      location: { id: 'l-1', name: 'Remote' },
      department: { id: 'd-1', name: 'R&D' },
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-03T03:04:05.000Z',
    },
  },
  { entity: 'plans', map: ashby.mapPlan, sample: { id: 'p-1', title: 'Eng', isArchived: false } },
  {
    entity: 'stages',
    map: ashby.mapStage('p-1'),
    sample: {
      id: 's-1',
      title: 'Onsite',
      type: 'Active',
      orderInInterviewPlan: 3,
      interviewPlanId: 'p-1',
    },
  },
  {
    entity: 'users',
    map: ashby.mapUser,
    sample: {
      id: 'u-1',
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'g@example.org',
      globalRole: 'Admin',
      isEnabled: true,
    },
  },
  {
    entity: 'sources',
    map: ashby.mapSource,
    sample: {
      id: 'src-1',
      title: 'Kula',
      isArchived: false,
      sourceType: { id: 't-1', title: 'Integration' },
    },
  },
  {
    entity: 'archiveReasons',
    map: ashby.mapArchiveReason,
    sample: { id: 'r-1', text: 'Withdrew', reasonType: 'RejectedByCandidate', isArchived: false },
  },
];

const LEVER_OPPORTUNITY = {
  id: 'o-1',
  name: 'Ada Lovelace',
  contact: 'p-1',
  stage: 'lead-new',
  emails: ['ada@example.org'],
  phones: [{ type: 'mobile', value: '+1 555 0100' }],
  links: ['https://github.com/ada'],
  archived: { reason: 'r-hired', archivedAt: 1767225600000 },
  sources: ['Kula'],
  origin: 'sourced',
  applications: [{ id: 'ap-1', posting: 'po-1', type: 'user' }],
  createdAt: 1767225600000,
  updatedAt: 1767312000000,
  urls: { show: 'https://hire.lever.co/candidates/p-1' },
};

const sections = lever.pipelineSections(['lead-new', 'applicant-new', 'stage-1']);
const LEVER_SAMPLES: Array<{
  entity: EntityKind;
  read: (items: unknown[], skipped: SkippedRecord[]) => unknown[];
  sample: Record<string, unknown>;
}> = [
  {
    entity: 'applications',
    read: (items, skipped) =>
      parseEach(items, LeverOpportunity, 'applications', skipped).flatMap((opportunity) => [
        lever.candidateFromOpportunity(opportunity),
        lever.applicationFromOpportunity(opportunity, {
          sections,
          hiredReasons: new Set(['r-hired']),
        }),
      ]),
    sample: LEVER_OPPORTUNITY,
  },
  {
    entity: 'jobs',
    read: (items, skipped) =>
      parseEach(items, LeverPosting, 'jobs', skipped).map(lever.jobFromPosting),
    sample: {
      id: 'po-1',
      text: 'Engineer',
      state: 'published',
      confidentiality: 'non-confidential',
      createdAt: 1767225600000,
      updatedAt: 1767312000000,
      categories: { location: 'Remote', department: 'R&D', team: 'Platform' },
      urls: { show: 'https://jobs.lever.co/acme/po-1' },
    },
  },
  {
    entity: 'users',
    read: (items, skipped) => parseEach(items, LeverUser, 'users', skipped).map(lever.userRecord),
    sample: {
      id: 'u-1',
      name: 'Grace Hopper',
      email: 'g@example.org',
      accessRole: 'super admin',
      deactivatedAt: null,
    },
  },
  {
    entity: 'stages',
    read: (items, skipped) => {
      const stages = parseEach(items, LeverStage, 'stages', skipped);
      return lever.stageRecords(stages, lever.pipelineSections(stages.map((s) => s.id)), 0);
    },
    sample: { id: 'lead-new', text: 'New lead' },
  },
  {
    entity: 'archiveReasons',
    read: (items, skipped) =>
      parseEach(items, LeverArchiveReason, 'archiveReasons', skipped).map(
        lever.archiveReasonRecord,
      ),
    sample: { id: 'r-1', text: 'Hired', status: 'active', type: 'hired' },
  },
  {
    entity: 'sources',
    read: (items, skipped) =>
      parseEach(items, LeverSource, 'sources', skipped).map(lever.sourceRecord),
    sample: { text: 'Kula', count: 3 },
  },
];

/** Every text field of a mapped record is text or null; every date is a valid ISO string or null. */
function expectWellFormed(record: unknown): void {
  expect(record).toBeTypeOf('object');
  for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
    if (key === 'remoteId') expect(typeof value === 'string' && value.length > 0, key).toBe(true);
    if (key.endsWith('At') && value !== null) {
      expect(typeof value, key).toBe('string');
    }
    if (typeof value === 'number') expect(Number.isFinite(value), key).toBe(true);
  }
}

function expectSkipsExplained(skipped: SkippedRecord[], entity: EntityKind): void {
  for (const skip of skipped) {
    expect(skip.entity).toBe(entity);
    expect(skip.reason.length).toBeGreaterThan(10);
    expect(skip.reason.length).toBeLessThan(1000);
  }
}

describe('Ashby payloads into the mappers', () => {
  for (const { entity, map, sample } of ASHBY_SAMPLES) {
    it(`${entity}: each record maps or is skipped with a reason`, () => {
      expect(() => map(sample)).not.toThrow();
      fc.assert(
        fc.property(fc.array(mutatedPayload(sample), { maxLength: 6 }), (items) => {
          const skipped: SkippedRecord[] = [];
          const records = ashby.mapAll(entity, items, map, skipped);
          expect(records.length + skipped.length).toBe(items.length);
          records.forEach(expectWellFormed);
          expectSkipsExplained(skipped, entity);
        }),
        fuzzParams(150),
      );
    });
  }

  it('a page whose results are not a list is refused with a clear reason', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((value) => !Array.isArray(value)),
        (results) => {
          expect(() => ashby.mapAll('candidates', results, ashby.mapCandidate, [])).toThrow(
            ashby.Skip,
          );
        },
      ),
      fuzzParams(50),
    );
  });
});

describe('Lever payloads into the mappers', () => {
  for (const { entity, read, sample } of LEVER_SAMPLES) {
    it(`${entity}: each record maps or is skipped with a reason`, () => {
      expect(read([sample], []).length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.array(mutatedPayload(sample), { maxLength: 6 }), (items) => {
          const skipped: SkippedRecord[] = [];
          const records = read(items, skipped);
          records.forEach(expectWellFormed);
          expectSkipsExplained(skipped, entity);
          expect(skipped.length).toBeLessThanOrEqual(items.length);
        }),
        fuzzParams(150),
      );
    });
  }
});
