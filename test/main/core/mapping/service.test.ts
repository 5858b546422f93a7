import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { listAudit } from '../../../../src/main/core/db/repos/audit';
import { KULA_STAGE_REFERENCES } from '../../../../src/main/core/mapping/kula-stages';
import {
  addKulaStage,
  moveKulaStage,
  removeKulaStage,
  renameKulaStage,
} from '../../../../src/main/core/mapping/pipeline';
import {
  confirmMapping,
  getMappingView,
  resetMapping,
  saveMapping,
} from '../../../../src/main/core/mapping/service';
import { setMappingRow } from '../../../../src/main/core/mapping/set-row';
import { isWriteBackAllowed } from '../../../../src/main/core/mapping/status';
import type { MappingTables, MappingView } from '../../../../src/shared/domain/mapping';
import { lintMapping } from '../../../../src/shared/mapping/lint';
import { atsToKulaKey, kulaToAtsKey } from '../../../../src/shared/mapping/tables';
import {
  addConnection,
  ashbyTenant,
  deleteStage,
  leverTenant,
  writeStage,
  writeTenant,
} from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

let core: ConsoleCore;
let cleanup: () => Promise<void>;

beforeEach(() => {
  ({ core, cleanup } = openTestCore());
});
afterEach(() => cleanup());

function withAtsToKula(view: MappingView, label: string, kulaStageId: string): MappingTables {
  const ref = view.catalog.sources.find((source) => source.label === label)?.ref;
  return {
    ...view.inForce,
    atsToKula: view.inForce.atsToKula.map((row) =>
      row.atsRef === ref ? { atsRef: row.atsRef, target: { kind: 'stage', kulaStageId } } : row,
    ),
  };
}

function save(view: MappingView, tables: MappingTables, confirm = false) {
  return saveMapping(core.context, {
    connectionId: view.connection.id,
    tables,
    baseRevision: view.revision,
    source: 'editor',
    confirm,
  });
}

describe('keeping the mapping current with the ATS stages', () => {
  it('gives no mapping before any stage is imported, and defaults once they are', () => {
    const id = addConnection(core.context.db, 'ashby');
    const empty = getMappingView(core.context, id);
    expect(empty.inForce).toEqual({ atsToKula: [], kulaToAts: [] });
    expect(() => resetMapping(core.context, id)).toThrow(/nothing to map/);
    writeTenant(core.context.db, id, ashbyTenant());
    expect(getMappingView(core.context, id).inForce.atsToKula.length).toBeGreaterThan(10);
  });

  it('changes the revision only when a row changes', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const first = getMappingView(core.context, id).revision;
    expect(getMappingView(core.context, id).revision).toBe(first);
  });

  it('after a review, shows a new ATS stage as "needs review" with a default and keeps the admin\'s choices', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const view = getMappingView(core.context, id);
    save(view, withAtsToKula(view, 'HM Review', 'interested'));

    writeStage(core.context.db, id, {
      id: 'new-custom-stage',
      plan: null,
      title: 'Take-home exercise',
      type: 'interview',
      position: 8,
    });
    const after = getMappingView(core.context, id);
    const ref = 'stage:new-custom-stage';
    expect(after.rowMeta[atsToKulaKey(ref)]).toMatchObject({
      needsReview: true,
      origin: 'default',
    });
    expect(after.inForce.atsToKula.find((row) => row.atsRef === ref)?.target).toEqual({
      kind: 'stage',
      kulaStageId: 'interviewing',
    });
    const hmReview = after.inForce.atsToKula.find(
      (row) => row.atsRef === 'stage:49422c7e-5b86-4a06-9386-d432f6e98d57',
    );
    expect(hmReview?.target).toEqual({ kind: 'stage', kulaStageId: 'interested' });
    expect(after.rowMeta[atsToKulaKey(hmReview?.atsRef ?? '')]?.origin).toBe('admin');
    const issues = lintMapping({ ...after, draft: after.inForce, inForce: after.inForce });
    expect(
      issues.filter((issue) => issue.kind === 'needs-review').map((issue) => issue.message),
    ).toEqual(['New in Lever since your last review: "Take-home exercise" (now: Interviewing).']);

    // Saving is the review: the flag clears.
    save(after, after.inForce);
    expect(getMappingView(core.context, id).rowMeta[atsToKulaKey(ref)]?.needsReview).toBe(false);
  });

  it('before any review, recomputes console defaults as stages arrive without flagging them', () => {
    const id = addConnection(core.context.db, 'lever');
    const tenant = leverTenant();
    writeTenant(core.context.db, id, { ...tenant, stages: tenant.stages.slice(0, 4) });
    expect(
      getMappingView(core.context, id).inForce.kulaToAts.find(
        (row) => row.kulaStageId === 'interviewing',
      )?.target,
    ).toEqual({ kind: 'none' });
    writeTenant(core.context.db, id, tenant);
    const view = getMappingView(core.context, id);
    expect(
      view.inForce.kulaToAts.find((row) => row.kulaStageId === 'interviewing')?.target,
    ).toMatchObject({
      kind: 'move',
    });
    expect(Object.values(view.rowMeta).some((meta) => meta.needsReview)).toBe(false);
  });

  it('replaces a console default whose ATS stage disappeared, but keeps an admin choice and lints it', () => {
    const id = addConnection(core.context.db, 'ashby');
    writeTenant(core.context.db, id, ashbyTenant());
    const view = getMappingView(core.context, id);
    const offerRule = view.inForce.kulaToAts.find((row) => row.kulaStageId === 'offer');
    expect(offerRule?.target).toMatchObject({ atsRef: 'first:Offer' });
    const tables: MappingTables = {
      ...view.inForce,
      kulaToAts: view.inForce.kulaToAts.map((row) =>
        row.kulaStageId === 'interviewing'
          ? {
              ...row,
              target: { kind: 'move', atsRef: 'group:Active/onsite', archiveReasonId: null },
            }
          : row,
      ),
    };
    save(view, tables);
    for (const stage of ashbyTenant().stages.filter(
      (s) => s.type === 'Offer' || s.title === 'Onsite',
    ))
      deleteStage(core.context.db, id, stage.id);

    const after = getMappingView(core.context, id);
    expect(after.inForce.kulaToAts.find((row) => row.kulaStageId === 'offer')?.target).toEqual({
      kind: 'none',
    });
    expect(after.rowMeta[kulaToAtsKey('offer', null)]?.needsReview).toBe(true);
    expect(
      after.inForce.kulaToAts.find((row) => row.kulaStageId === 'interviewing')?.target,
    ).toMatchObject({
      atsRef: 'group:Active/onsite',
    });
    const issues = lintMapping({ ...after, draft: after.inForce });
    expect(issues.find((issue) => issue.kind === 'missing-target')?.message).toBe(
      '"Interviewing" moves to Ashby stage "Onsite", which no longer exists.',
    );
    expect(after.catalog.sources.find((source) => source.label === 'Onsite')?.exists).toBe(false);
  });
});

describe('saving, confirming and resetting', () => {
  it('refuses a save based on an older revision and changes nothing', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const view = getMappingView(core.context, id);
    save(view, withAtsToKula(view, 'HM Review', 'interested'));
    expect(() => save(view, withAtsToKula(view, 'HM Screen', 'offer'))).toThrow(
      /changed while you were editing/,
    );
    const after = getMappingView(core.context, id);
    expect(
      after.inForce.atsToKula.find(
        (row) => row.atsRef === 'stage:68f08350-a035-4d89-83c2-79164dbf2cf8',
      )?.target,
    ).toEqual({ kind: 'stage', kulaStageId: 'interviewing' });
  });

  it('refuses rows that refer to stages that do not exist, with row-level issues', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const view = getMappingView(core.context, id);
    try {
      save(view, {
        atsToKula: [{ atsRef: 'stage:nope', target: { kind: 'stage', kulaStageId: 'ghost' } }],
        kulaToAts: [],
      });
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('BAD_INPUT');
      expect((error as { issues: unknown[] }).issues).toEqual([
        { path: 'atsToKula.0', message: '"stage:nope" is not an ATS stage of this connection.' },
        { path: 'atsToKula.0', message: 'There is no Kula stage "ghost".' },
      ]);
    }
  });

  it('holds Lever writes until an admin confirms, records who and when, and audits it', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    expect(isWriteBackAllowed(core.context.db, id)).toEqual({
      allowed: false,
      reason: expect.stringMatching(/on hold until an admin confirms/),
    });
    const status = confirmMapping(core.context, id);
    expect(status).toMatchObject({ writeBackAllowed: true, confirmedBy: 'test-admin' });
    expect(status.confirmedAt).toMatch(/^\d{4}-/);
    expect(isWriteBackAllowed(core.context.db, id).allowed).toBe(true);
    const actions = listAudit(core.context.db, { limit: 10 }).map((entry) => entry.action);
    expect(actions).toContain('mapping.confirm');
  });

  it('refuses to confirm a mapping with lint errors, and writes stay held', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const view = getMappingView(core.context, id);
    const broken: MappingTables = {
      ...view.inForce,
      kulaToAts: view.inForce.kulaToAts.map((row) =>
        row.kulaStageId === 'hired'
          ? { ...row, target: { kind: 'move', atsRef: 'archive:hired', archiveReasonId: null } }
          : row,
      ),
    };
    expect(() => save(view, broken, true)).toThrow(/cannot be confirmed/);
    expect(isWriteBackAllowed(core.context.db, id).allowed).toBe(false);
    save(view, broken);
    expect(() => confirmMapping(core.context, id)).toThrow(/no archive reason/);
  });

  it('does not hold Ashby writes (its defaults apply without a confirmation)', () => {
    const id = addConnection(core.context.db, 'ashby');
    writeTenant(core.context.db, id, ashbyTenant());
    expect(isWriteBackAllowed(core.context.db, id)).toEqual({ allowed: true, reason: null });
  });

  it('audits a save with what changed, and a reset back to the defaults', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const view = getMappingView(core.context, id);
    save(view, withAtsToKula(view, 'HM Review', 'interested'));
    resetMapping(core.context, id);
    const [reset, saved] = listAudit(core.context.db, { limit: 2 });
    expect(saved).toMatchObject({
      action: 'mapping.save',
      actor: 'test-admin',
      target: id,
      summary: 'Acme Lever: 1 change: ATS→Kula "HM Review": Interviewing → Interested',
    });
    expect(reset?.action).toBe('mapping.reset');
    expect(reset?.summary).toContain('"HM Review": Interested → Interviewing');
    const after = getMappingView(core.context, id);
    expect(after.inForce.atsToKula.find((row) => row.atsRef.includes('49422c7e'))?.target).toEqual({
      kind: 'stage',
      kulaStageId: 'interviewing',
    });
  });

  it('sets one row from names (the CLI path) and keeps per-plan overrides separate', () => {
    const id = addConnection(core.context.db, 'ashby');
    writeTenant(core.context.db, id, ashbyTenant());
    setMappingRow(core.context, {
      connectionId: id,
      direction: 'kula-to-ats',
      from: 'Interviewing',
      to: 'Panel Interview',
      plan: 'Sales',
    });
    const result = setMappingRow(core.context, {
      connectionId: id,
      direction: 'ats-to-kula',
      from: 'Phone Screen',
      to: 'unchanged',
    });
    expect(
      result.changes.map((change) => `${change.subject}: ${change.before} → ${change.after}`),
    ).toEqual(['Phone Screen: Interviewing → Leave unchanged']);
    const view = getMappingView(core.context, id);
    const override = view.inForce.kulaToAts.find((row) => row.planId === 'plan-sales');
    expect(override).toEqual({
      kulaStageId: 'interviewing',
      planId: 'plan-sales',
      target: { kind: 'move', atsRef: 'stage:plan-sales-panel-interview', archiveReasonId: null },
    });
    expect(() =>
      setMappingRow(core.context, {
        connectionId: id,
        direction: 'ats-to-kula',
        from: 'Nope',
        to: 'New',
      }),
    ).toThrow(/no Ashby stage or archive reason "Nope"/);
  });
});

describe('Kula pipeline changes', () => {
  it('adds a stage with an unmapped Kula → ATS row on every mapped connection, and audits it', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    getMappingView(core.context, id);
    const stage = addKulaStage(core.context, { name: 'Screening call', after: 'Replied' });
    expect(stage).toMatchObject({ id: 'screening_call', position: 3, role: null });
    const view = getMappingView(core.context, id);
    expect(view.kulaStages.map((s) => s.name).slice(2, 5)).toEqual([
      'Replied',
      'Screening call',
      'Interested',
    ]);
    expect(
      view.inForce.kulaToAts.find((row) => row.kulaStageId === 'screening_call')?.target,
    ).toBeNull();
    expect(lintMapping({ ...view, draft: view.inForce }).map((issue) => issue.message)).toContain(
      'Kula stage "Screening call" is not mapped: moving a candidate there changes nothing in Lever.',
    );
    expect(listAudit(core.context.db, { limit: 1 })[0]?.action).toBe('kula-stage.add');
    expect(() => addKulaStage(core.context, { name: ' screening  CALL ' })).toThrow(/already/);
  });

  it('renames and reorders without touching the mapping', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const before = getMappingView(core.context, id);
    renameKulaStage(core.context, { stage: 'interested', name: 'Keen' });
    moveKulaStage(core.context, { stage: 'Keen', position: 1 });
    const after = getMappingView(core.context, id);
    expect(after.revision).toBe(before.revision);
    expect(after.kulaStages[0]).toMatchObject({
      id: 'interested',
      name: 'Keen',
      role: 'interested',
    });
    expect(() => moveKulaStage(core.context, { stage: 'Keen', position: 99 })).toThrow(/outside/);
    expect(listAudit(core.context.db, { limit: 2 }).map((entry) => entry.action)).toEqual([
      'kula-stage.reorder',
      'kula-stage.rename',
    ]);
  });

  it('removes an unused stage: rows that pointed at it become unmapped and flagged, and the audit says so', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    getMappingView(core.context, id);
    const result = removeKulaStage(core.context, { stage: 'Replied' });
    expect(result.unmappedRows).toEqual([{ connectionId: id, atsLabel: 'Responded' }]);
    const view = getMappingView(core.context, id);
    const responded = view.inForce.atsToKula.find((row) => row.atsRef === 'stage:lead-responded');
    expect(responded?.target).toBeNull();
    expect(view.rowMeta[atsToKulaKey('stage:lead-responded')]?.needsReview).toBe(true);
    expect(view.inForce.kulaToAts.some((row) => row.kulaStageId === 'replied')).toBe(false);
    expect(listAudit(core.context.db, { limit: 1 })[0]?.summary).toBe(
      'Removed Kula stage "Replied". 1 ATS → Kula row that pointed at it ("Responded") is now not mapped (candidates reaching that ATS stage stay where they are in Kula) and flagged for review.',
    );
  });

  it('refuses to remove a stage that candidates are in', () => {
    core.context.db.exec('CREATE TABLE test_candidates (id TEXT, stage_id TEXT)');
    core.context.db.exec("INSERT INTO test_candidates VALUES ('c1', 'offer'), ('c2', 'offer')");
    KULA_STAGE_REFERENCES.push({
      table: 'test_candidates',
      column: 'stage_id',
      label: 'candidates',
    });
    try {
      expect(() => removeKulaStage(core.context, { stage: 'Offer' })).toThrow(
        'Kula stage "Offer" is in use (2 candidates) and cannot be removed.',
      );
    } finally {
      KULA_STAGE_REFERENCES.pop();
    }
  });
});
