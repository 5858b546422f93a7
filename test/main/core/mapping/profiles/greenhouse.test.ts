import { afterEach, describe, expect, it } from 'vitest';
import { openStageResolver } from '../../../../../src/main/core/mapping';
import { getMappingView } from '../../../../../src/main/core/mapping/service';
import type { MappingView } from '../../../../../src/shared/domain/mapping';
import { lintMapping } from '../../../../../src/shared/mapping/lint';
import { greenhouseFixture, type GreenhouseFixture } from '../../../../support/greenhouse';

/**
 * The Greenhouse mapping profile over the simulator, imported through the sync engine: per-job
 * stages become rows grouped as admins see them, the defaults map every row without a lint
 * finding (for an account on Greenhouse's starting plan and for one with custom stages), and
 * "Rejected"/"Not interested" reject with a reason of the right kind.
 */
let fixture: GreenhouseFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function imported(stages: 'default' | 'custom'): Promise<MappingView> {
  fixture = await greenhouseFixture({
    sim: { tenant: { seed: 4, candidates: 30, jobs: 6, stages } },
  });
  await fixture.ctx.sync.run(fixture.connectionId, { trigger: 'initial-import' });
  return getMappingView(fixture.ctx, fixture.connectionId);
}

function expectEveryRowMapped(view: MappingView): void {
  const rows = new Map(view.inForce.atsToKula.map((row) => [row.atsRef, row.target]));
  const unmapped = view.catalog.sources.filter((source) => !rows.get(source.ref));
  expect(unmapped.map((source) => source.label)).toEqual([]);
  expect(view.inForce.kulaToAts.filter((row) => row.planId === null && !row.target)).toEqual([]);
  expect(lintMapping({ ...view, draft: view.inForce }).map((issue) => issue.message)).toEqual([]);
}

const target = (view: MappingView, kulaStageId: string) =>
  view.inForce.kulaToAts.find((row) => row.kulaStageId === kulaStageId && row.planId === null)
    ?.target;

describe('Greenhouse mapping profile', () => {
  it('works for an account on Greenhouse’s starting plan: one row per stage name, one plan per job', async () => {
    const view = await imported('default');
    expect(view.catalog.plans).toHaveLength(fixture!.sim.tenant.jobs.size);
    const stages = view.catalog.sources.filter((source) => source.kind === 'stage');
    expect(stages.map((source) => [source.group, source.label])).toEqual([
      ['Application review', 'Application Review'],
      ['Screens', 'Preliminary Phone Screen'],
      ['Interviews', 'Phone Interview'],
      ['Interviews', 'Face to Face'],
      ['Interviews', 'Reference Check'],
      ['Offer', 'Offer'],
    ]);
    expectEveryRowMapped(view);
    expect(target(view, 'interested')).toEqual({
      kind: 'move',
      atsRef: 'first:Screen',
      archiveReasonId: null,
    });
    expect(target(view, 'hired')).toEqual({ kind: 'none' });
  });

  it('maps custom per-job stages with conflict-free defaults', async () => {
    const view = await imported('custom');
    expectEveryRowMapped(view);
    const stages = view.catalog.sources.filter((source) => source.kind === 'stage');
    expect(stages.some((source) => source.detail?.startsWith('on '))).toBe(true);
  });

  it('rejects for "Rejected" and "Not interested" with a reason of the right kind, and reads hires back as hired', async () => {
    const view = await imported('default');
    const rejected = target(view, 'rejected');
    const declined = target(view, 'not_interested');
    expect(rejected).toMatchObject({ kind: 'move', atsRef: 'reject:org' });
    expect(declined).toMatchObject({ kind: 'move', atsRef: 'reject:candidate' });
    const reasonType = (id: string | null | undefined) =>
      view.catalog.archiveReasons.find((reason) => reason.id === id)?.reasonType;
    expect(reasonType(rejected?.kind === 'move' ? rejected.archiveReasonId : null)).toBe(
      'WE_REJECTED_THEM',
    );
    expect(reasonType(declined?.kind === 'move' ? declined.archiveReasonId : null)).toBe(
      'THEY_REJECTED_US',
    );
    const resolver = openStageResolver(
      fixture!.ctx.db,
      fixture!.connectionId,
      new Date().toISOString(),
    );
    const job = [...fixture!.sim.tenant.jobs.values()].find((j) => j.status === 'open')!;
    expect(resolver.kulaToAts({ kulaStageId: 'rejected', jobId: String(job.id) })).toMatchObject({
      kind: 'move',
      stageId: null,
      archives: true,
    });
    expect(
      resolver.atsToKula({ stageId: null, archived: true, archiveReasonId: 'hired' }),
    ).toMatchObject({ kind: 'move', kulaStageId: 'hired' });
  });
});
