import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../src/main/core/core';
import { getMappingView } from '../../../src/main/core/mapping/service';
import type {
  KulaToAtsTarget,
  MappingTables,
  MappingView,
} from '../../../src/shared/domain/mapping';
import { diffMappings } from '../../../src/shared/mapping/diff';
import { lintMapping } from '../../../src/shared/mapping/lint';
import { rebaseDraft } from '../../../src/shared/mapping/tables';
import { addConnection, ashbyTenant, leverTenant, writeTenant } from '../../support/ats-cache';
import { openTestCore } from '../../support/core';

let core: ConsoleCore;
let cleanup: () => Promise<void>;

beforeEach(() => {
  ({ core, cleanup } = openTestCore());
});
afterEach(() => cleanup());

function view(provider: 'ashby' | 'lever'): MappingView {
  const id = addConnection(core.context.db, provider);
  writeTenant(core.context.db, id, provider === 'ashby' ? ashbyTenant() : leverTenant());
  return getMappingView(core.context, id);
}

function withKulaToAts(
  tables: MappingTables,
  kulaStageId: string,
  target: KulaToAtsTarget,
  planId: string | null = null,
): MappingTables {
  const others = tables.kulaToAts.filter(
    (row) => !(row.kulaStageId === kulaStageId && row.planId === planId),
  );
  return { ...tables, kulaToAts: [...others, { kulaStageId, planId, target }] };
}

function messages(v: MappingView, draft: MappingTables) {
  return lintMapping({ ...v, draft }).map(
    (issue) => `${issue.severity} ${issue.kind}: ${issue.message}`,
  );
}

describe('mapping lint', () => {
  it('flags a round trip that disagrees: Kula A → ATS X → Kula B', () => {
    const v = view('lever');
    const draft = withKulaToAts(v.inForce, 'interested', {
      kind: 'move',
      atsRef: 'stage:2ca03d97-d4f2-4a97-89de-96c8b0d07924',
      archiveReasonId: null,
    });
    expect(messages(v, draft)).toEqual([
      'warning round-trip: Round trip disagrees: Kula "Interested" → Lever "Recruiter screen" → back to Kula "Interviewing". A change the ATS reports back would move the candidate on in Kula.',
    ]);
  });

  it('flags a missing, a forbidden and a wrong-type archive reason', () => {
    const v = view('lever');
    let draft = withKulaToAts(v.inForce, 'hired', {
      kind: 'move',
      atsRef: 'archive:hired',
      archiveReasonId: null,
    });
    draft = withKulaToAts(draft, 'offer', {
      kind: 'move',
      atsRef: 'stage:offer',
      archiveReasonId: '0092d31b-502b-4f0d-b4da-3827e1a2991f',
    });
    draft = withKulaToAts(draft, 'rejected', {
      kind: 'move',
      atsRef: 'archive:non-hired',
      archiveReasonId: '0092d31b-502b-4f0d-b4da-3827e1a2991f',
    });
    expect(messages(v, draft).map((line) => line.split(':')[0])).toEqual([
      'error missing-archive-reason',
      'error archive-reason-not-allowed',
      'error archive-reason-not-allowed',
      // Rejected with the hired reason would also read back as Hired.
      'warning round-trip',
    ]);
  });

  it('names the jobs whose interview plan lacks the mapped stage', () => {
    const v = view('ashby');
    const draft = withKulaToAts(v.inForce, 'interviewing', {
      kind: 'move',
      atsRef: 'group:Active/technical interview',
      archiveReasonId: null,
    });
    const lines = messages(v, draft);
    expect(lines).toContain(
      'error plan-lacks-stage: Interview plan "Sales" has no stage matching "Technical Interview". 1 job uses it (Account Executive); moving a candidate to "Interviewing" cannot move their application there.',
    );
    expect(lines.filter((line) => line.includes('plan-lacks-stage'))).toHaveLength(2);
  });

  it('flags unmapped rows and targets that no longer exist', () => {
    const v = view('lever');
    const draft: MappingTables = {
      atsToKula: v.inForce.atsToKula.map((row) =>
        row.atsRef === 'stage:lead-new'
          ? { ...row, target: null }
          : row.atsRef === 'stage:lead-reached-out'
            ? { ...row, target: { kind: 'stage', kulaStageId: 'gone' } }
            : row,
      ),
      kulaToAts: withKulaToAts(v.inForce, 'offer', {
        kind: 'move',
        atsRef: 'stage:deleted',
        archiveReasonId: null,
      }).kulaToAts,
    };
    expect(messages(v, draft)).toEqual([
      'error missing-target: "Reached out" points at a Kula stage that no longer exists (gone).',
      'error missing-target: "Offer" moves to Lever stage "stage:deleted", which no longer exists.',
      'warning unmapped: Lever stage "New lead" is not mapped: candidates who reach it stay where they are in Kula.',
    ]);
  });
});

describe('mapping diff and rebase', () => {
  it('lists the rows a draft changes against the mapping in force, in table order', () => {
    const v = view('ashby');
    const draft = withKulaToAts(
      withKulaToAts(v.inForce, 'interviewing', { kind: 'none' }),
      'interviewing',
      { kind: 'move', atsRef: 'stage:plan-sales-panel-interview', archiveReasonId: null },
      'plan-sales',
    );
    expect(
      diffMappings(v, v.inForce, draft).map((c) => `${c.subject}: ${c.before} → ${c.after}`),
    ).toEqual([
      "Interviewing: First Active stage → Don't move",
      'Interviewing (plan Sales): Uses the rule for every plan → Panel Interview',
    ]);
  });

  it("reapplies the admin's edits over a newer mapping", () => {
    const v = view('lever');
    const mine = withKulaToAts(v.inForce, 'offer', { kind: 'none' });
    const theirs = withKulaToAts(v.inForce, 'new', { kind: 'none' });
    const rebased = rebaseDraft(mine, v.inForce, theirs);
    expect(
      diffMappings(v, v.inForce, rebased)
        .map((c) => c.subject)
        .sort(),
    ).toEqual(['New', 'Offer']);
  });
});
