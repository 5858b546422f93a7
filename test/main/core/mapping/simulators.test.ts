import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStageResolver } from '../../../../src/main/core/mapping';
import { getMappingView, saveMapping } from '../../../../src/main/core/mapping/service';
import type { MappingView } from '../../../../src/shared/domain/mapping';
import { lintMapping } from '../../../../src/shared/mapping/lint';
import { atsToKulaKey } from '../../../../src/shared/mapping/tables';
import { ashbyFixture, type AshbyFixture } from '../../../support/ashby';
import { leverFixture, type LeverFixture } from '../../../support/lever';

/**
 * The mapping against the real simulators, imported through the real sync engine: the defaults
 * must map every stage of each simulator's default tenant, and a custom stage added in the ATS
 * must show up as "needs review" after the next sync without touching the admin's choices.
 */
let fixture: AshbyFixture | LeverFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

function expectEveryStageMapped(view: MappingView): void {
  const sources = view.catalog.sources.filter((source) => source.exists);
  expect(sources.length).toBeGreaterThan(0);
  const rows = new Map(view.inForce.atsToKula.map((row) => [row.atsRef, row.target]));
  const unmapped = sources.filter((source) => !rows.get(source.ref)).map((source) => source.label);
  expect(unmapped).toEqual([]);
  const kula = view.inForce.kulaToAts.filter((row) => row.planId === null);
  expect(kula.map((row) => row.kulaStageId).sort()).toEqual(
    view.kulaStages.map((s) => s.id).sort(),
  );
  expect(kula.filter((row) => !row.target)).toEqual([]);
  // Conflict-free: no errors, no warnings (no round trip disagrees, no plan lacks a stage).
  expect(lintMapping({ ...view, draft: view.inForce }).map((issue) => issue.message)).toEqual([]);
}

function refOf(view: MappingView, atsLabel: string): string {
  const source = view.catalog.sources.find((candidate) => candidate.label === atsLabel);
  if (!source) throw new Error(`no ATS row ${atsLabel}`);
  return source.ref;
}

/** The admin maps one ATS row to another Kula stage and saves (a review of the whole mapping). */
function saveWith(ctx: AshbyFixture['ctx'], view: MappingView, ref: string, kulaStageId: string) {
  saveMapping(ctx, {
    connectionId: view.connection.id,
    tables: {
      ...view.inForce,
      atsToKula: view.inForce.atsToKula.map((row) =>
        row.atsRef === ref ? { atsRef: ref, target: { kind: 'stage', kulaStageId } } : row,
      ),
    },
    baseRevision: view.revision,
    source: 'editor',
  });
}

describe('stage mapping over the Ashby simulator', () => {
  it("maps every stage of the default tenant's interview plans with conflict-free defaults", async () => {
    const f = await ashbyFixture();
    fixture = f;
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const view = getMappingView(f.ctx, f.connectionId);
    expect(view.catalog.plans.length).toBe(f.sim.tenant.plans.length);
    expectEveryStageMapped(view);

    // The resolver answers for a real imported application in its own plan.
    const app = f.ctx.db
      .prepare(
        `SELECT a.remote_id, s.plan_id FROM ats_applications a JOIN ats_stages s
           ON s.connection_id = a.connection_id AND s.remote_id = a.stage_id
          WHERE a.connection_id = ? AND a.archived = 0 LIMIT 1`,
      )
      .get(f.connectionId) as { remote_id: string; plan_id: string };
    const move = openStageResolver(f.ctx.db, f.connectionId, new Date().toISOString()).kulaToAts({
      kulaStageId: 'interviewing',
      applicationId: app.remote_id,
    });
    expect(move).toMatchObject({ kind: 'move', archiveReasonId: null });
    const landed = f.sim.tenant.stageById(move.kind === 'move' ? move.stageId : null);
    expect(landed).toMatchObject({ planId: app.plan_id, type: 'Active' });
  });

  it('shows a custom stage added in Ashby as "needs review" after the next sync, keeping the admin\'s choices', async () => {
    const f = await ashbyFixture();
    fixture = f;
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const before = getMappingView(f.ctx, f.connectionId);
    const chosen = refOf(before, 'Role Play');
    saveWith(f.ctx, before, chosen, 'offer');

    const plan = f.sim.tenant.plans.find((candidate) => candidate.title === 'Sales Interview Plan');
    f.sim.tenant.addCustomStage(plan?.id ?? '', 'Executive Sponsor Call', 'Active');
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });

    const after = getMappingView(f.ctx, f.connectionId);
    const added = after.catalog.sources.find((source) => source.label === 'Executive Sponsor Call');
    expect(added).toBeDefined();
    const key = atsToKulaKey(added?.ref ?? '');
    expect(after.rowMeta[key]).toMatchObject({ needsReview: true, origin: 'default' });
    expect(after.inForce.atsToKula.find((row) => row.atsRef === added?.ref)?.target).toEqual({
      kind: 'stage',
      kulaStageId: 'interviewing',
    });
    expect(after.inForce.atsToKula.find((row) => row.atsRef === chosen)?.target).toEqual({
      kind: 'stage',
      kulaStageId: 'offer',
    });
    expect(after.rowMeta[atsToKulaKey(chosen)]?.origin).toBe('admin');
    const review = lintMapping({ ...after, draft: after.inForce, inForce: after.inForce })
      .filter((issue) => issue.kind === 'needs-review')
      .map((issue) => issue.message);
    expect(review).toEqual([
      'New in Ashby since your last review: "Executive Sponsor Call" (now: Interviewing).',
    ]);
  });
});

describe('stage mapping over the Lever simulator', () => {
  it('maps every stage and archive reason of the default tenant with conflict-free defaults', async () => {
    const f = await leverFixture();
    fixture = f;
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const view = getMappingView(f.ctx, f.connectionId);
    expect(view.catalog.sources.filter((source) => source.kind === 'stage')).toHaveLength(
      f.sim.tenant.stages.length,
    );
    expectEveryStageMapped(view);
    const hired = view.inForce.kulaToAts.find((row) => row.kulaStageId === 'hired')?.target;
    const reason = f.sim.tenant.archiveReasons.find(
      (candidate) => hired?.kind === 'move' && candidate.id === hired.archiveReasonId,
    );
    expect(reason).toMatchObject({ type: 'hired', status: 'active' });
    expect(view.status.writeBackAllowed).toBe(false);
  });

  it('shows a custom stage added in Lever as "needs review" after the next sync, keeping the admin\'s choices', async () => {
    const f = await leverFixture();
    fixture = f;
    await f.ctx.sync.run(f.connectionId, { trigger: 'initial-import' });
    const before = getMappingView(f.ctx, f.connectionId);
    const chosen = refOf(before, 'Phone interview');
    saveWith(f.ctx, before, chosen, 'offer');

    const id = randomUUID();
    const offerAt = f.sim.tenant.stages.findIndex((stage) => stage.id === 'offer');
    f.sim.tenant.stages.splice(offerAt, 0, { id, text: 'Take-home exercise' });
    await f.ctx.sync.run(f.connectionId, { trigger: 'manual' });

    const after = getMappingView(f.ctx, f.connectionId);
    const key = atsToKulaKey(`stage:${id}`);
    expect(after.rowMeta[key]).toMatchObject({ needsReview: true, origin: 'default' });
    expect(after.inForce.atsToKula.find((row) => row.atsRef === `stage:${id}`)?.target).toEqual({
      kind: 'stage',
      kulaStageId: 'interviewing',
    });
    expect(after.inForce.atsToKula.find((row) => row.atsRef === chosen)?.target).toEqual({
      kind: 'stage',
      kulaStageId: 'offer',
    });
    expect(after.rowMeta[atsToKulaKey(chosen)]?.origin).toBe('admin');
    expect(
      Object.entries(after.rowMeta)
        .filter(([, meta]) => meta.needsReview)
        .map(([k]) => k),
    ).toEqual([key]);
  });
});
