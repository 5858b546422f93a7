import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { getMappingView } from '../../../../src/main/core/mapping/service';
import type { MappingView } from '../../../../src/shared/domain/mapping';
import { lintMapping } from '../../../../src/shared/mapping/lint';
import { addConnection, ashbyTenant, leverTenant, writeTenant } from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

let core: ConsoleCore;
let cleanup: () => Promise<void>;

beforeEach(() => {
  ({ core, cleanup } = openTestCore());
});
afterEach(() => cleanup());

function lint(view: MappingView) {
  return lintMapping({ ...view, draft: view.inForce });
}

function a2k(view: MappingView, label: string) {
  const source = view.catalog.sources.find((candidate) => candidate.label === label);
  return view.inForce.atsToKula.find((row) => row.atsRef === source?.ref)?.target;
}

function k2a(view: MappingView, kulaStageId: string) {
  return view.inForce.kulaToAts.find((row) => row.kulaStageId === kulaStageId && !row.planId)
    ?.target;
}

describe('default mapping for an Ashby tenant without custom stage types', () => {
  it('maps every stage group and archive reason, and every Kula stage, with a clean lint', () => {
    const id = addConnection(core.context.db, 'ashby');
    writeTenant(core.context.db, id, ashbyTenant());
    const view = getMappingView(core.context, id);
    expect(view.inForce.atsToKula.every((row) => row.target !== null)).toBe(true);
    expect(view.inForce.kulaToAts.every((row) => row.target !== null)).toBe(true);
    expect(view.inForce.atsToKula).toHaveLength(view.catalog.sources.length);
    expect(lint(view)).toEqual([]);

    expect(a2k(view, 'New Lead')).toEqual({ kind: 'stage', kulaStageId: 'new' });
    expect(a2k(view, 'Reached Out')).toEqual({ kind: 'stage', kulaStageId: 'contacted' });
    expect(a2k(view, 'Replied')).toEqual({ kind: 'stage', kulaStageId: 'replied' });
    expect(a2k(view, 'CV Review')).toEqual({ kind: 'stage', kulaStageId: 'interested' });
    expect(a2k(view, 'Founder Chat')).toEqual({ kind: 'stage', kulaStageId: 'interviewing' });
    expect(a2k(view, 'Withdrew')).toEqual({ kind: 'stage', kulaStageId: 'not_interested' });
    expect(a2k(view, 'Position filled')).toEqual({ kind: 'stage', kulaStageId: 'rejected' });

    expect(k2a(view, 'contacted')).toEqual({
      kind: 'move',
      atsRef: 'group:Lead/reached out',
      archiveReasonId: null,
    });
    expect(k2a(view, 'interested')).toMatchObject({ atsRef: 'first:PreInterviewScreen' });
    expect(k2a(view, 'interviewing')).toMatchObject({ atsRef: 'first:Active' });
    expect(k2a(view, 'not_interested')).toEqual({
      kind: 'move',
      atsRef: 'first:Archived',
      archiveReasonId: 'ar-withdrew',
    });
    expect(k2a(view, 'rejected')).toEqual({
      kind: 'move',
      atsRef: 'first:Archived',
      archiveReasonId: 'ar-not-fit',
    });
  });

  it('groups same-named stages across plans into one row and says how many plans have each', () => {
    const id = addConnection(core.context.db, 'ashby');
    writeTenant(core.context.db, id, ashbyTenant());
    const view = getMappingView(core.context, id);
    const offer = view.catalog.sources.find((source) => source.label === 'Offer');
    expect(offer?.detail).toBeNull();
    const phone = view.catalog.sources.find((source) => source.label === 'Phone Screen');
    expect(phone?.detail).toBe('in 1 of 3 plans');
    const first = view.catalog.targets.find((target) => target.ref === 'first:Active');
    expect(
      Object.values(first?.resolution ?? {})
        .map((landing) => landing.stageTitle)
        .sort(),
    ).toEqual(['Founder Chat', 'Phone Screen', 'Recruiter Screen']);
  });

  it('leaves "Interested" unmoved when a plan has no pre-interview screen, so no round trip disagrees', () => {
    const id = addConnection(core.context.db, 'ashby');
    const tenant = ashbyTenant();
    tenant.stages = tenant.stages.filter((stage) => stage.title !== 'CV Review');
    writeTenant(core.context.db, id, tenant);
    const view = getMappingView(core.context, id);
    expect(k2a(view, 'interested')).toEqual({ kind: 'none' });
    expect(lint(view).filter((issue) => issue.kind === 'round-trip')).toEqual([]);
  });

  it('keeps a custom sourcing (Lead) stage where it is and flags a stage of unknown type as unmapped', () => {
    const id = addConnection(core.context.db, 'ashby');
    const tenant = ashbyTenant();
    tenant.stages.push(
      { id: 'eng-warm', plan: 'plan-eng', title: 'Warm intro', type: 'Lead', position: 3 },
      { id: 'eng-odd', plan: 'plan-eng', title: 'Mystery', type: 'Custom', position: 40 },
    );
    writeTenant(core.context.db, id, tenant);
    const view = getMappingView(core.context, id);
    expect(a2k(view, 'Warm intro')).toEqual({ kind: 'unchanged' });
    expect(a2k(view, 'Mystery')).toBeNull();
    expect(lint(view).map((issue) => issue.kind)).toEqual(['unmapped']);
  });
});

describe('default mapping for a Lever pipeline (its fixed stages plus custom ones)', () => {
  it('maps the fixed stages, the custom stages by section and order, and the archive reasons', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const view = getMappingView(core.context, id);
    expect(view.inForce.atsToKula.every((row) => row.target !== null)).toBe(true);
    expect(view.inForce.kulaToAts.every((row) => row.target !== null)).toBe(true);
    expect(lint(view)).toEqual([]);

    expect(a2k(view, 'New lead')).toEqual({ kind: 'stage', kulaStageId: 'new' });
    expect(a2k(view, 'Responded')).toEqual({ kind: 'stage', kulaStageId: 'replied' });
    expect(a2k(view, 'New applicant')).toEqual({ kind: 'stage', kulaStageId: 'interested' });
    expect(a2k(view, 'HM Screen')).toEqual({ kind: 'stage', kulaStageId: 'interviewing' });
    expect(a2k(view, 'Background Check')).toEqual({ kind: 'stage', kulaStageId: 'offer' });
    expect(a2k(view, 'Hired')).toEqual({ kind: 'stage', kulaStageId: 'hired' });
    expect(a2k(view, 'Withdrew')).toEqual({ kind: 'stage', kulaStageId: 'not_interested' });
    expect(a2k(view, 'Timing')).toEqual({ kind: 'stage', kulaStageId: 'rejected' });

    expect(k2a(view, 'new')).toMatchObject({ atsRef: 'stage:lead-new' });
    expect(k2a(view, 'interviewing')).toMatchObject({
      atsRef: 'stage:49422c7e-5b86-4a06-9386-d432f6e98d57',
    });
    expect(k2a(view, 'offer')).toMatchObject({ atsRef: 'stage:offer' });
    expect(k2a(view, 'hired')).toEqual({
      kind: 'move',
      atsRef: 'archive:hired',
      archiveReasonId: '0092d31b-502b-4f0d-b4da-3827e1a2991f',
    });
    expect(k2a(view, 'not_interested')).toMatchObject({
      atsRef: 'archive:non-hired',
      archiveReasonId: 'd7c1c8a4-4c1e-4a55-9a51-5f1d6c2b8e11',
    });
    expect(k2a(view, 'rejected')).toMatchObject({
      atsRef: 'archive:non-hired',
      archiveReasonId: 'c97322d4-a7f3-4008-948c-4f8e9c58d372',
    });
    expect(view.status).toMatchObject({ requiresConfirmation: true, writeBackAllowed: false });
  });

  it('infers the section of stages the provider did not type, from the fixed stages around them', () => {
    const id = addConnection(core.context.db, 'lever');
    const tenant = leverTenant();
    tenant.stages = tenant.stages.map((stage) => ({ ...stage, type: null }));
    writeTenant(core.context.db, id, tenant);
    const view = getMappingView(core.context, id);
    expect(a2k(view, 'Recruiter screen')).toEqual({ kind: 'stage', kulaStageId: 'interviewing' });
    expect(a2k(view, 'Background Check')).toEqual({ kind: 'stage', kulaStageId: 'offer' });
    expect(lint(view)).toEqual([]);
  });

  it('leaves "Not interested" unmoved when no archive reason says the candidate ended it', () => {
    const id = addConnection(core.context.db, 'lever');
    const tenant = leverTenant();
    tenant.reasons = tenant.reasons.filter((reason) => reason.title !== 'Withdrew');
    writeTenant(core.context.db, id, tenant);
    const view = getMappingView(core.context, id);
    expect(k2a(view, 'not_interested')).toEqual({ kind: 'none' });
    expect(lint(view)).toEqual([]);
  });
});
