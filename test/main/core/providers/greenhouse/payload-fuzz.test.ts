import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gh from '../../../../../src/main/core/providers/greenhouse/mappers';
import type { SkippedRecord } from '../../../../../src/main/core/providers/provider';
import type { EntityKind } from '../../../../../src/main/core/providers/records';
import { fuzzParams } from '../../../../support/fuzz/config';
import { mutatedPayload } from '../../../../support/fuzz/json-mutation';

/**
 * Harvest v3 payloads (shaped as Greenhouse's documented examples) into the Greenhouse mappers,
 * with fields missing, of the wrong type, huge, odd unicode or out of range: every record maps to
 * a well-formed cache record or is skipped with a reason; nothing throws.
 */
const WEB = 'https://app.greenhouse.io';
const AT = '2026-11-20T09:30:00.000Z';

const SAMPLES: Array<{
  entity: EntityKind;
  map: (item: Record<string, unknown>) => unknown;
  sample: Record<string, unknown>;
}> = [
  {
    entity: 'candidates',
    map: gh.mapCandidate(WEB),
    sample: {
      id: 53883394,
      first_name: 'Jane',
      last_name: 'Doe',
      email_addresses: [{ value: 'jane@example.com', type: 'personal' }],
      phone_numbers: [{ value: '+1 555 0100', type: 'mobile' }],
      social_media_addresses: [{ value: 'https://linkedin.com/in/janedoe' }],
      website_addresses: [],
      created_at: AT,
      updated_at: AT,
    },
  },
  {
    entity: 'applications',
    map: gh.mapApplication(WEB, new Map([['632', 'Kula']])),
    sample: {
      id: 1,
      candidate_id: 53883394,
      job_id: 4063668007,
      prospect: false,
      status: 'rejected',
      stage_id: null,
      job_interview_stage_id: null,
      stage_name: 'Phone Screen',
      source_id: 632,
      rejection_reason_id: 262,
      created_at: AT,
      updated_at: AT,
    },
  },
  {
    entity: 'jobs',
    map: gh.mapJob,
    sample: {
      id: 4063668007,
      name: 'Senior Backend Engineer',
      status: 'open',
      confidential: false,
      is_template: false,
      created_at: AT,
      updated_at: AT,
    },
  },
  {
    entity: 'stages',
    map: gh.mapStage,
    sample: {
      id: 9002,
      job_id: 4063668007,
      name: 'Recruiter Phone Screen',
      sort_order: 1,
      active: true,
    },
  },
  {
    entity: 'users',
    map: gh.mapUser,
    sample: {
      id: 1,
      first_name: 'Admin',
      last_name: 'User',
      name: 'Admin User',
      primary_email: 'bob@example.com',
      site_admin: true,
      deactivated: false,
    },
  },
  {
    entity: 'sources',
    map: gh.mapSource,
    sample: { id: 632, name: 'Kula', type: { id: 5, name: 'Prospecting' } },
  },
  {
    entity: 'archiveReasons',
    map: gh.mapRejectionReason,
    sample: {
      id: 262,
      name: 'Lacking skill(s)/qualification(s)',
      type: { id: 1, key: 'WE_REJECTED_THEM', name: 'We rejected them' },
    },
  },
];

function expectWellFormed(record: unknown): void {
  expect(record).toBeTypeOf('object');
  for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
    if (key === 'remoteId') expect(typeof value === 'string' && value.length > 0, key).toBe(true);
    if (key.endsWith('At') && value !== null) expect(typeof value, key).toBe('string');
    if (typeof value === 'number') expect(Number.isFinite(value), key).toBe(true);
  }
}

describe('Greenhouse payloads into the mappers', () => {
  for (const { entity, map, sample } of SAMPLES) {
    it(`${entity}: each record maps or is skipped with a reason`, () => {
      expect(() => map(sample)).not.toThrow();
      fc.assert(
        fc.property(fc.array(mutatedPayload(sample), { maxLength: 6 }), (items) => {
          const skipped: SkippedRecord[] = [];
          const records = gh.mapAll(entity, items, map, skipped);
          expect(records.length + skipped.length).toBe(items.length);
          records.forEach(expectWellFormed);
          for (const skip of skipped) {
            expect(skip.entity).toBe(entity);
            expect(skip.reason.length).toBeGreaterThan(5);
          }
        }),
        fuzzParams(150),
      );
    });
  }
});
