import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { getMappingView } from '../../../../src/main/core/mapping/service';
import { setMappingRow, type SetRowInput } from '../../../../src/main/core/mapping/set-row';
import { addConnection, ashbyTenant, leverTenant, writeTenant } from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

/**
 * `mappings set` names ATS stages as an admin sees them in the ATS: by title, by the mapping's
 * ref, or by the ATS's own stage id. Ashby's rows are stage groups (one title and type across the
 * interview plans), so a stage id resolves to its group, or to an override of its plan when no
 * other plan has that stage.
 */

let core: ConsoleCore;
let cleanup: () => Promise<void>;

beforeEach(() => {
  ({ core, cleanup } = openTestCore());
});
afterEach(() => cleanup());

function connection(provider: 'ashby' | 'lever'): string {
  const id = addConnection(core.context.db, provider);
  writeTenant(core.context.db, id, provider === 'ashby' ? ashbyTenant() : leverTenant());
  return id;
}

const set = (connectionId: string, input: Omit<SetRowInput, 'connectionId'>) =>
  setMappingRow(core.context, { connectionId, ...input });

function rule(connectionId: string, kulaStageId: string, planId: string | null) {
  return getMappingView(core.context, connectionId).inForce.kulaToAts.find(
    (row) => row.kulaStageId === kulaStageId && row.planId === planId,
  )?.target;
}

describe('mappings set with an Ashby stage id', () => {
  it('ATS → Kula: a stage id sets the row of its stage group', () => {
    const id = connection('ashby');
    const result = set(id, {
      direction: 'ats-to-kula',
      from: 'plan-eng-technical-interview',
      to: 'Offer',
    });
    expect(result.changes).toMatchObject([{ subject: 'Technical Interview', after: 'Offer' }]);
    const row = getMappingView(core.context, id).inForce.atsToKula.find(
      (candidate) => candidate.atsRef === 'group:Active/technical interview',
    );
    expect(row?.target).toEqual({ kind: 'stage', kulaStageId: 'offer' });
  });

  it('Kula → ATS: a stage every plan has sets the rule for every plan, through its group', () => {
    const id = connection('ashby');
    set(id, { direction: 'kula-to-ats', from: 'Offer', to: 'plan-sales-offer' });
    expect(rule(id, 'offer', null)).toEqual({
      kind: 'move',
      atsRef: 'group:Offer/offer',
      archiveReasonId: null,
    });
  });

  it('Kula → ATS: a stage only one plan has becomes an override of that plan', () => {
    const id = connection('ashby');
    const before = rule(id, 'interviewing', null);
    const result = set(id, {
      direction: 'kula-to-ats',
      from: 'Interviewing',
      to: 'plan-eng-onsite',
    });
    expect(result.changes).toMatchObject([{ subject: 'Interviewing (plan Engineering)' }]);
    expect(rule(id, 'interviewing', 'plan-eng')).toEqual({
      kind: 'move',
      atsRef: 'stage:plan-eng-onsite',
      archiveReasonId: null,
    });
    // The rule every other plan follows is left as it was.
    expect(rule(id, 'interviewing', null)).toEqual(before);
  });

  it('refuses a stage id of another plan than --plan names, and changes nothing', () => {
    const id = connection('ashby');
    const before = getMappingView(core.context, id).revision;
    expect(() =>
      set(id, {
        direction: 'kula-to-ats',
        from: 'Interviewing',
        to: 'plan-eng-onsite',
        plan: 'Sales',
      }),
    ).toThrow(
      'Ashby stage "Onsite" (plan-eng-onsite) belongs to interview plan "Engineering", not "Sales".',
    );
    expect(getMappingView(core.context, id).revision).toBe(before);
  });

  it('still takes titles, and a stage id of the named plan as its override', () => {
    const id = connection('ashby');
    set(id, {
      direction: 'kula-to-ats',
      from: 'Interviewing',
      to: 'Panel Interview',
      plan: 'Sales',
    });
    expect(rule(id, 'interviewing', 'plan-sales')).toMatchObject({
      atsRef: 'stage:plan-sales-panel-interview',
    });
    set(id, {
      direction: 'kula-to-ats',
      from: 'Offer',
      to: 'plan-exec-founder-chat',
      plan: 'Executive',
    });
    expect(rule(id, 'offer', 'plan-exec')).toMatchObject({
      atsRef: 'stage:plan-exec-founder-chat',
    });
  });
});

describe('mappings set with a Lever stage id', () => {
  it('sets the row of that stage in both directions', () => {
    const id = connection('lever');
    set(id, {
      direction: 'kula-to-ats',
      from: 'Interviewing',
      to: '68f08350-a035-4d89-83c2-79164dbf2cf8',
    });
    expect(rule(id, 'interviewing', null)).toMatchObject({
      atsRef: 'stage:68f08350-a035-4d89-83c2-79164dbf2cf8',
    });
    const result = set(id, {
      direction: 'ats-to-kula',
      from: '68f08350-a035-4d89-83c2-79164dbf2cf8',
      to: 'Offer',
    });
    expect(result.changes).toMatchObject([{ subject: 'HM Screen', after: 'Offer' }]);
  });
});
