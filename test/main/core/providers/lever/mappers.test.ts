import { describe, expect, it } from 'vitest';
import {
  applicationFromOpportunity,
  archiveReasonRecord,
  candidateFromOpportunity,
  jobFromPosting,
  pipelineSections,
  sourceRecord,
  stageRecords,
  userRecord,
} from '../../../../../src/main/core/providers/lever/mappers';
import {
  LeverOpportunity,
  LeverPosting,
} from '../../../../../src/main/core/providers/lever/payloads';

// Lever's recorded stage list: the five fixed stages and custom ones (see docs/lever.md).
const STAGES = [
  { id: 'lead-new', text: 'New lead' },
  { id: 'lead-reached-out', text: 'Reached out' },
  { id: 'lead-responded', text: 'Responded' },
  { id: 'applicant-new', text: 'New applicant' },
  { id: '49422c7e-5b86-4a06-9386-d432f6e98d57', text: 'HM Review' },
  { id: '2ca03d97-d4f2-4a97-89de-96c8b0d07924', text: 'Recruiter screen' },
  { id: 'offer', text: 'Offer' },
  { id: 'c78a59b9-0f6c-42a1-8cac-c7911d3e450d', text: 'Background Check' },
];
const sections = pipelineSections(STAGES.map((stage) => stage.id));

// Contract Example E, trimmed (updatedAt null, archived, one application id).
const RECORDED = {
  id: '36b6b616-f687-4910-9616-5f1f21d3e360',
  name: 'Ashley Murray',
  contact: '24f22be3-333b-48dd-87aa-a7d6e399966d',
  stage: 'lead-new',
  phones: [],
  emails: [],
  links: ['http://www.linkedin.com/in/ashleyglidden'],
  archived: { reason: '6039b390-1ce0-4edf-901c-b71dcf7894e1', archivedAt: 1564684105418 },
  sources: ['Added manually'],
  origin: 'sourced',
  applications: ['60a7b1f0-0c61-4e97-aaa3-12d58d8ef3e5'],
  createdAt: 1564614369803,
  updatedAt: null,
  urls: {
    list: 'https://hire.lever.co/candidates',
    show: 'https://hire.lever.co/candidates/36b6b616-f687-4910-9616-5f1f21d3e360',
  },
};

describe('Lever mapping', () => {
  it('gives stages their list position and pipeline section', () => {
    const records = stageRecords(STAGES, sections, 0);
    expect(records.map((stage) => [stage.title, stage.position, stage.type])).toEqual([
      ['New lead', 0, 'lead'],
      ['Reached out', 1, 'lead'],
      ['Responded', 2, 'lead'],
      ['New applicant', 3, 'applicant'],
      ['HM Review', 4, 'interview'],
      ['Recruiter screen', 5, 'interview'],
      ['Offer', 6, 'offer'],
      ['Background Check', 7, 'offer'],
    ]);
    expect(records.every((stage) => stage.planId === null)).toBe(true);
  });

  it('splits an opportunity into the person (its contact) and the application (the opportunity)', () => {
    const opportunity = LeverOpportunity.parse({
      ...RECORDED,
      emails: ['Ashley@Example.com'],
      phones: [{ type: 'mobile', value: '+1 555 0100' }],
      archived: null,
      stage: '2ca03d97-d4f2-4a97-89de-96c8b0d07924',
      applications: [{ id: 'app-1', posting: 'posting-1', type: 'posting' }],
      updatedAt: 1700000000000,
    });
    expect(candidateFromOpportunity(opportunity)).toEqual({
      remoteId: RECORDED.contact,
      name: 'Ashley Murray',
      primaryEmail: 'Ashley@Example.com',
      emails: ['Ashley@Example.com'],
      phones: ['+1 555 0100'],
      links: ['http://www.linkedin.com/in/ashleyglidden'],
      profileUrl: RECORDED.urls.show,
      createdAt: '2019-07-31T23:06:09.803Z',
      updatedAt: '2023-11-14T22:13:20.000Z',
    });
    expect(applicationFromOpportunity(opportunity, { sections, hiredReasons: new Set() })).toEqual({
      remoteId: RECORDED.id,
      candidateRemoteId: RECORDED.contact,
      jobRemoteId: 'posting-1',
      stageRemoteId: '2ca03d97-d4f2-4a97-89de-96c8b0d07924',
      status: 'active',
      archived: false,
      archiveReasonId: null,
      sourceTitle: 'Added manually',
      profileUrl: RECORDED.urls.show,
      createdAt: '2019-07-31T23:06:09.803Z',
      updatedAt: '2023-11-14T22:13:20.000Z',
    });
  });

  it('reads the recorded opportunity with updatedAt null and an unexpanded application', () => {
    const opportunity = LeverOpportunity.parse(RECORDED);
    const application = applicationFromOpportunity(opportunity, {
      sections,
      hiredReasons: new Set(),
    });
    expect(application).toMatchObject({
      status: 'archived',
      archived: true,
      jobRemoteId: null,
      updatedAt: null,
    });
    expect(candidateFromOpportunity(opportunity)).toMatchObject({
      primaryEmail: null,
      updatedAt: null,
    });
  });

  it('calls an opportunity archived with a hired-type reason hired, and a lead-section one a lead', () => {
    const hired = LeverOpportunity.parse(RECORDED);
    expect(
      applicationFromOpportunity(hired, {
        sections,
        hiredReasons: new Set([RECORDED.archived.reason]),
      }).status,
    ).toBe('hired');
    const lead = LeverOpportunity.parse({ ...RECORDED, archived: null });
    expect(applicationFromOpportunity(lead, { sections, hiredReasons: new Set() }).status).toBe(
      'lead',
    );
  });

  it('treats only published postings as open jobs', () => {
    const base = {
      id: 'p1',
      text: 'Data Scientist',
      createdAt: 1,
      updatedAt: 2,
      confidentiality: 'confidential',
    };
    for (const state of ['published', 'internal', 'closed', 'draft', 'pending', 'rejected']) {
      expect(jobFromPosting(LeverPosting.parse({ ...base, state })).isOpen).toBe(
        state === 'published',
      );
    }
    const job = jobFromPosting(
      LeverPosting.parse({
        ...base,
        state: 'published',
        categories: { location: 'Berlin', department: 'Engineering' },
        urls: { show: 'https://jobs.lever.co/acme/p1' },
      }),
    );
    expect(job).toMatchObject({
      status: 'published',
      confidential: true,
      location: 'Berlin',
      department: 'Engineering',
      planIds: [],
    });
  });

  it('maps users, sources (text as id) and archive reasons (inactive = archived)', () => {
    expect(
      userRecord({
        id: 'u1',
        name: 'Helena Wong',
        email: 'h@x',
        accessRole: 'super admin',
        deactivatedAt: null,
      }),
    ).toEqual({
      remoteId: 'u1',
      name: 'Helena Wong',
      email: 'h@x',
      role: 'super admin',
      active: true,
    });
    expect(
      userRecord({
        id: 'u2',
        name: '',
        email: 'gone@x',
        accessRole: 'interviewer',
        deactivatedAt: 5,
      }).active,
    ).toBe(false);
    expect(sourceRecord({ text: 'LinkedIn', count: 43 })).toEqual({
      remoteId: 'LinkedIn',
      title: 'LinkedIn',
      typeTitle: null,
      archived: false,
    });
    expect(
      archiveReasonRecord({
        id: 'r',
        text: 'No Response - OLD',
        status: 'inactive',
        type: 'non-hired',
      }),
    ).toEqual({
      remoteId: 'r',
      title: 'No Response - OLD',
      reasonType: 'non-hired',
      archived: true,
    });
  });
});
