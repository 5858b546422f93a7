import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { openStageResolver } from '../../../../src/main/core/mapping';
import { confirmMapping } from '../../../../src/main/core/mapping/service';
import { setMappingRow } from '../../../../src/main/core/mapping/set-row';
import {
  addConnection,
  ashbyTenant,
  deleteStage,
  leverTenant,
  writeApplication,
  writeTenant,
} from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

let core: ConsoleCore;
let cleanup: () => Promise<void>;
const NOW = '2025-02-01T00:00:00.000Z';

beforeEach(() => {
  ({ core, cleanup } = openTestCore());
});
afterEach(() => cleanup());

describe('Kula → ATS moves for the write-back engine', () => {
  it('resolves an Ashby move in the plan of the application (its current stage), else of its job', () => {
    const db = core.context.db;
    const id = addConnection(db, 'ashby');
    writeTenant(db, id, ashbyTenant());
    writeApplication(db, id, { id: 'app-1', stage: 'plan-sales-replied', job: 'job-ae' });
    const resolver = openStageResolver(db, id, NOW);
    expect(resolver.writeBack).toEqual({ allowed: true, reason: null });
    expect(resolver.kulaToAts({ kulaStageId: 'interviewing', applicationId: 'app-1' })).toEqual({
      kind: 'move',
      stageId: 'plan-sales-phone-screen',
      archiveReasonId: null,
      archives: false,
      rule: 'Kula "Interviewing" → Ashby "Phone Screen".',
    });
    // A new application on a job: the job's plan.
    expect(resolver.kulaToAts({ kulaStageId: 'new', jobId: 'job-backend' })).toMatchObject({
      kind: 'move',
      stageId: 'plan-eng-new-lead',
    });
    expect(resolver.kulaToAts({ kulaStageId: 'rejected', applicationId: 'app-1' })).toEqual({
      kind: 'move',
      stageId: 'plan-sales-archived',
      archiveReasonId: 'ar-not-fit',
      archives: true,
      rule: 'Kula "Rejected" → Ashby "Archived" (reason: Not a fit).',
    });
  });

  it('reports, instead of guessing, when the plan lacks the mapped stage or is unknown', () => {
    const db = core.context.db;
    const id = addConnection(db, 'ashby');
    writeTenant(db, id, ashbyTenant());
    setMappingRow(core.context, {
      connectionId: id,
      direction: 'kula-to-ats',
      from: 'Interviewing',
      to: 'Technical Interview',
    });
    writeApplication(db, id, { id: 'app-sales', stage: 'plan-sales-replied' });
    const resolver = openStageResolver(db, id, NOW);
    expect(resolver.kulaToAts({ kulaStageId: 'interviewing', applicationId: 'app-sales' })).toEqual(
      {
        kind: 'error',
        code: 'PLAN_LACKS_STAGE',
        message:
          'Interview plan "Sales" has no stage matching "Technical Interview", which Kula "Interviewing" maps to.',
        action: 'Add a per-plan override for "Interviewing" in that plan under Stage mapping.',
      },
    );
    expect(
      resolver.kulaToAts({ kulaStageId: 'interviewing', applicationId: 'unknown' }),
    ).toMatchObject({
      kind: 'error',
      code: 'UNKNOWN_PLAN',
    });
    expect(resolver.kulaToAts({ kulaStageId: 'nope', jobId: 'job-ae' })).toMatchObject({
      kind: 'error',
      code: 'UNKNOWN_KULA_STAGE',
    });

    setMappingRow(core.context, {
      connectionId: id,
      direction: 'kula-to-ats',
      from: 'Interviewing',
      to: 'Panel Interview',
      plan: 'Sales',
    });
    expect(
      openStageResolver(db, id, NOW).kulaToAts({
        kulaStageId: 'interviewing',
        applicationId: 'app-sales',
      }),
    ).toMatchObject({
      kind: 'move',
      stageId: 'plan-sales-panel-interview',
      rule: 'Kula "Interviewing" → Ashby "Panel Interview" (override for plan "Sales").',
    });
  });

  it('says the target is gone when the ATS dropped a stage an admin mapped', () => {
    const db = core.context.db;
    const id = addConnection(db, 'ashby');
    writeTenant(db, id, ashbyTenant());
    setMappingRow(core.context, {
      connectionId: id,
      direction: 'kula-to-ats',
      from: 'Offer',
      to: 'Onsite',
      plan: 'Engineering',
    });
    deleteStage(db, id, 'plan-eng-onsite');
    expect(
      openStageResolver(db, id, NOW).kulaToAts({ kulaStageId: 'offer', jobId: 'job-backend' }),
    ).toMatchObject({
      kind: 'error',
      code: 'TARGET_GONE',
    });
  });

  it('gives Lever hires as an archive with the hired reason and no stage, and holds writes until confirmed', () => {
    const db = core.context.db;
    const id = addConnection(db, 'lever');
    writeTenant(db, id, leverTenant());
    const held = openStageResolver(db, id, NOW);
    expect(held.writeBack.allowed).toBe(false);
    expect(held.kulaToAts({ kulaStageId: 'hired' })).toEqual({
      kind: 'move',
      stageId: null,
      archiveReasonId: '0092d31b-502b-4f0d-b4da-3827e1a2991f',
      archives: true,
      rule: 'Kula "Hired" → Lever "Archive as hired" (reason: Hired).',
    });
    expect(held.kulaToAts({ kulaStageId: 'contacted' })).toMatchObject({
      kind: 'move',
      stageId: 'lead-reached-out',
      archiveReasonId: null,
    });
    confirmMapping(core.context, id);
    expect(openStageResolver(db, id, NOW).writeBack).toEqual({ allowed: true, reason: null });
  });

  it('answers "none" for "don\'t move" and for a Kula stage nobody mapped yet', () => {
    const db = core.context.db;
    const id = addConnection(db, 'lever');
    writeTenant(db, id, leverTenant());
    setMappingRow(core.context, {
      connectionId: id,
      direction: 'kula-to-ats',
      from: 'Offer',
      to: 'none',
    });
    core.context.db
      .prepare(
        "INSERT INTO kula_stages (id, name, position, created_at, updated_at) VALUES ('x', 'Extra', 99, '', '')",
      )
      .run();
    const resolver = openStageResolver(db, id, NOW);
    expect(resolver.kulaToAts({ kulaStageId: 'offer' })).toEqual({
      kind: 'none',
      rule: 'Kula "Offer" → Lever: don\'t move.',
    });
    expect(resolver.kulaToAts({ kulaStageId: 'x' })).toMatchObject({ kind: 'none' });
  });
});

describe('ATS → Kula moves for the pull side', () => {
  it('reads a Lever archived opportunity through its archive reason, not its stage', () => {
    const db = core.context.db;
    const id = addConnection(db, 'lever');
    writeTenant(db, id, leverTenant());
    writeApplication(db, id, {
      id: 'opp-1',
      stage: 'offer',
      archived: true,
      reason: 'd7c1c8a4-4c1e-4a55-9a51-5f1d6c2b8e11',
    });
    writeApplication(db, id, { id: 'opp-2', stage: '2ca03d97-d4f2-4a97-89de-96c8b0d07924' });
    const resolver = openStageResolver(db, id, NOW);
    expect(resolver.atsToKula({ applicationId: 'opp-1' })).toEqual({
      kind: 'move',
      kulaStageId: 'not_interested',
      rule: 'Lever archived (Withdrew) → Kula "Not interested".',
    });
    expect(resolver.atsToKula({ applicationId: 'opp-2' })).toEqual({
      kind: 'move',
      kulaStageId: 'interviewing',
      rule: 'Lever "Recruiter screen" → Kula "Interviewing".',
    });
    expect(
      resolver.atsToKula({ stageId: 'lead-new', archived: false, archiveReasonId: null }),
    ).toMatchObject({
      kulaStageId: 'new',
    });
    expect(
      resolver.atsToKula({ stageId: 'unknown', archived: false, archiveReasonId: null }),
    ).toMatchObject({
      kind: 'unchanged',
    });
  });

  it('reads an Ashby stage by its group in any plan, and an archived application by its reason first', () => {
    const db = core.context.db;
    const id = addConnection(db, 'ashby');
    writeTenant(db, id, ashbyTenant());
    const resolver = openStageResolver(db, id, NOW);
    expect(
      resolver.atsToKula({
        stageId: 'plan-exec-board-interview',
        archived: false,
        archiveReasonId: null,
      }),
    ).toMatchObject({ kind: 'move', kulaStageId: 'interviewing' });
    expect(
      resolver.atsToKula({
        stageId: 'plan-exec-archived',
        archived: true,
        archiveReasonId: 'ar-withdrew',
      }),
    ).toMatchObject({ kind: 'move', kulaStageId: 'not_interested' });
    setMappingRow(core.context, {
      connectionId: id,
      direction: 'ats-to-kula',
      from: 'Phone Screen',
      to: 'unchanged',
    });
    expect(
      openStageResolver(db, id, NOW).atsToKula({
        stageId: 'plan-sales-phone-screen',
        archived: false,
        archiveReasonId: null,
      }),
    ).toEqual({ kind: 'unchanged', rule: 'Ashby "Phone Screen" → Kula: leave unchanged.' });
  });
});
