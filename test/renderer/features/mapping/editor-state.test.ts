import { describe, expect, it } from 'vitest';
import type { MappingTables, MappingView } from '../../../../src/shared/domain/mapping';
import { ApiError } from '../../../../src/renderer/src/lib/api';
import {
  failureNotice,
  importedNotice,
  isStaleRevision,
  savedNotice,
  takeLatest,
  withAtsToKula,
  withKulaToAts,
} from '../../../../src/renderer/src/features/mapping/editor-state';

const SCREEN = 'stage:screen';
const ONSITE = 'stage:onsite';

/** A Lever-like mapping: two ATS stages, two Kula stages, one rule per Kula stage. */
const IN_FORCE: MappingTables = {
  atsToKula: [
    { atsRef: SCREEN, target: { kind: 'stage', kulaStageId: 'interested' } },
    { atsRef: ONSITE, target: { kind: 'stage', kulaStageId: 'interviewing' } },
  ],
  kulaToAts: [
    { kulaStageId: 'interested', planId: null, target: { kind: 'none' } },
    {
      kulaStageId: 'interviewing',
      planId: null,
      target: { kind: 'move', atsRef: ONSITE, archiveReasonId: null },
    },
  ],
};

function view(inForce: MappingTables, revision: number): MappingView {
  return {
    connection: { id: 'c1', provider: 'lever', label: 'Lever' },
    kulaStages: [
      { id: 'interested', name: 'Interested', role: null, position: 0, inUse: 0 },
      { id: 'interviewing', name: 'Interviewing', role: null, position: 1, inUse: 0 },
    ],
    catalog: {
      provider: 'lever',
      sources: [
        {
          ref: SCREEN,
          label: 'Screen',
          kind: 'stage',
          group: 'Active',
          detail: null,
          exists: true,
        },
        {
          ref: ONSITE,
          label: 'On-site',
          kind: 'stage',
          group: 'Active',
          detail: null,
          exists: true,
        },
      ],
      targets: [],
      plans: [{ key: '', title: 'Pipeline', archived: false, jobs: [] }],
      perPlanOverrides: false,
      archivedUsesStageRow: false,
      archiveReasons: [],
      formerLabels: {},
      refreshedAt: null,
    },
    inForce,
    defaults: inForce,
    rowMeta: {},
    revision,
    status: {
      reviewedAt: null,
      reviewedBy: null,
      requiresConfirmation: true,
      confirmedAt: null,
      confirmedBy: null,
      writeBackAllowed: false,
      writeBackHeldReason: 'writes wait for a confirmed mapping.',
    },
  };
}

const atsTarget = (tables: MappingTables, ref: string) =>
  tables.atsToKula.find((row) => row.atsRef === ref)?.target;

describe('withAtsToKula', () => {
  it('changes the row of the ATS stage and leaves the others', () => {
    const next = withAtsToKula(IN_FORCE, SCREEN, { kind: 'unchanged' });
    expect(atsTarget(next, SCREEN)).toEqual({ kind: 'unchanged' });
    expect(atsTarget(next, ONSITE)).toEqual(atsTarget(IN_FORCE, ONSITE));
    expect(next.atsToKula).toHaveLength(2);
  });

  it('adds a row for an ATS stage the draft has none for', () => {
    const next = withAtsToKula(IN_FORCE, 'stage:new', null);
    expect(next.atsToKula.at(-1)).toEqual({ atsRef: 'stage:new', target: null });
  });

  it('leaves the draft it was given as it was', () => {
    const before = structuredClone(IN_FORCE);
    withAtsToKula(IN_FORCE, SCREEN, { kind: 'unchanged' });
    expect(IN_FORCE).toEqual(before);
  });
});

describe('withKulaToAts', () => {
  it('replaces the rule of a Kula stage for every plan', () => {
    const next = withKulaToAts(IN_FORCE, 'interested', null, {
      kind: 'move',
      atsRef: SCREEN,
      archiveReasonId: null,
    });
    const rules = next.kulaToAts.filter((row) => row.kulaStageId === 'interested');
    expect(rules).toEqual([
      {
        kulaStageId: 'interested',
        planId: null,
        target: { kind: 'move', atsRef: SCREEN, archiveReasonId: null },
      },
    ]);
  });

  it('adds an override for one plan next to the rule', () => {
    const next = withKulaToAts(IN_FORCE, 'interested', 'plan-2', { kind: 'none' });
    expect(next.kulaToAts.filter((row) => row.kulaStageId === 'interested')).toHaveLength(2);
  });

  it('removes an override set back to "use the rule"', () => {
    const withOverride = withKulaToAts(IN_FORCE, 'interested', 'plan-2', { kind: 'none' });
    const next = withKulaToAts(withOverride, 'interested', 'plan-2', null);
    expect(next.kulaToAts).toEqual(IN_FORCE.kulaToAts);
  });

  it('keeps a rule set to "not mapped" as a row', () => {
    const next = withKulaToAts(IN_FORCE, 'interested', null, null);
    expect(next.kulaToAts).toContainEqual({
      kulaStageId: 'interested',
      planId: null,
      target: null,
    });
  });
});

describe('takeLatest', () => {
  const elsewhere = withAtsToKula(IN_FORCE, ONSITE, { kind: 'unchanged' });
  const edited = withAtsToKula(IN_FORCE, SCREEN, { kind: 'unchanged' });

  it('replace: starts over from the mapping in force, dropping edits', () => {
    const shown = { view: view(IN_FORCE, 1), draft: edited, startedFrom: IN_FORCE };
    const next = takeLatest(shown, view(elsewhere, 2), 'replace');
    expect(next).toEqual({ draft: elsewhere, keptEdits: false, updatedElsewhere: false });
  });

  it('keep-edits: keeps unsaved edits on top of a change made elsewhere, and says so', () => {
    const shown = { view: view(IN_FORCE, 1), draft: edited, startedFrom: IN_FORCE };
    const next = takeLatest(shown, view(elsewhere, 2), 'keep-edits');
    expect(next.keptEdits).toBe(true);
    expect(next.updatedElsewhere).toBe(true);
    expect(atsTarget(next.draft, SCREEN)).toEqual({ kind: 'unchanged' });
    expect(atsTarget(next.draft, ONSITE)).toEqual({ kind: 'unchanged' });
  });

  it('keep-edits: keeps edits quietly when the mapping itself did not change', () => {
    const shown = { view: view(IN_FORCE, 1), draft: edited, startedFrom: IN_FORCE };
    const next = takeLatest(shown, view(IN_FORCE, 1), 'keep-edits');
    expect(next).toEqual({ draft: edited, keptEdits: true, updatedElsewhere: false });
  });

  it('keep-edits: without edits simply shows the latest mapping', () => {
    const shown = { view: view(IN_FORCE, 1), draft: IN_FORCE, startedFrom: IN_FORCE };
    const next = takeLatest(shown, view(elsewhere, 2), 'keep-edits');
    expect(next).toEqual({ draft: elsewhere, keptEdits: false, updatedElsewhere: false });
  });

  it('keep-edits: before anything was shown, shows the latest mapping', () => {
    const next = takeLatest(
      { view: null, draft: null, startedFrom: null },
      view(IN_FORCE, 1),
      'keep-edits',
    );
    expect(next.draft).toEqual(IN_FORCE);
    expect(next.keptEdits).toBe(false);
  });
});

describe('notices', () => {
  it('a save says how many rows changed and why writes are still held', () => {
    const status = view(IN_FORCE, 2).status;
    expect(savedNotice({ revision: 2, changes: 1, status }, false)).toEqual({
      tone: 'success',
      title: 'Mapping saved',
      text: '1 row changed. It applies from the next sync; writes wait for a confirmed mapping.',
    });
    expect(
      savedNotice({ revision: 3, changes: 2, status: { ...status, writeBackAllowed: true } }, true),
    ).toEqual({
      tone: 'success',
      title: 'Mapping saved and confirmed',
      text: '2 rows changed. It applies from the next sync.',
    });
  });

  it('an import says how many rows differ, then what main noted', () => {
    const notice = importedNotice('mapping.csv', {
      tables: IN_FORCE,
      notes: ['2 rows matched by name.'],
      changes: 3,
      baseRevision: 1,
      needsReview: [],
    });
    expect(notice.title).toBe('Loaded mapping.csv');
    expect(notice.text).toBe(
      '3 rows differ from the mapping in force. Review the changes below, then save to apply them. 2 rows matched by name.',
    );
  });

  it('a failure shows the message and what to do, and lists refused rows only when asked', () => {
    const error = new ApiError({
      code: 'BAD_INPUT',
      message: 'The mapping has problems.',
      action: 'Fix the rows below.',
      issues: [{ path: 'atsToKula.0', message: 'Unknown stage.' }],
    });
    expect(failureNotice('Not saved', error, { issues: true })).toEqual({
      tone: 'danger',
      title: 'Not saved',
      text: 'The mapping has problems. Fix the rows below.',
      issues: [{ path: 'atsToKula.0', message: 'Unknown stage.' }],
    });
    expect(failureNotice('Export failed', error)).not.toHaveProperty('issues');
  });

  it('recognises the refusal of a save based on an outdated mapping', () => {
    const stale = new ApiError({
      code: 'CONFLICT',
      message: 'The mapping changed while you edited it.',
    });
    const other = new ApiError({ code: 'CONFLICT', message: 'A sync is writing the mapping.' });
    expect(isStaleRevision(stale)).toBe(true);
    expect(isStaleRevision(other)).toBe(false);
    expect(isStaleRevision(new Error('changed while'))).toBe(false);
  });
});
