import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import {
  confirmMapping,
  exportMapping,
  getMappingView,
  importMapping,
  previewMappingImport,
  resetMapping,
  saveMapping,
} from '../../../../src/main/core/mapping/service';
import { setMappingRow } from '../../../../src/main/core/mapping/set-row';
import { lintMapping } from '../../../../src/shared/mapping/lint';
import { atsToKulaKey, kulaToAtsKey } from '../../../../src/shared/mapping/tables';
import { addConnection, leverTenant, writeStage, writeTenant } from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

/**
 * Any change a person makes to a mapping is a review: from then on a stage the ATS adds gets a
 * default and the "needs review" flag (in the editor's view, the lint and the file), and the
 * console stops recomputing its own defaults. A mapping file carries each row's flag.
 */

let core: ConsoleCore;
let cleanup: () => Promise<void>;

beforeEach(() => {
  ({ core, cleanup } = openTestCore());
});
afterEach(() => cleanup());

const NEW_STAGE = 'stage:new-custom-stage';

function leverConnection(): string {
  const id = addConnection(core.context.db, 'lever');
  writeTenant(core.context.db, id, leverTenant());
  return id;
}

/** Lever gains a stage, as a sync would write it. */
function leverAddsStage(id: string): void {
  writeStage(core.context.db, id, {
    id: 'new-custom-stage',
    plan: null,
    title: 'Take-home exercise',
    type: 'interview',
    position: 8,
  });
}

function reviewIssues(id: string): string[] {
  const view = getMappingView(core.context, id);
  return lintMapping({ ...view, draft: view.inForce, inForce: view.inForce })
    .filter((issue) => issue.kind === 'needs-review')
    .map((issue) => issue.message);
}

const PERSON_CHANGES: Array<[string, (id: string) => void]> = [
  [
    'mappings set (one row, from the command line)',
    (id) =>
      setMappingRow(core.context, {
        connectionId: id,
        direction: 'ats-to-kula',
        from: 'HM Screen',
        to: 'Offer',
      }),
  ],
  [
    'a save in the editor',
    (id) => {
      const view = getMappingView(core.context, id);
      saveMapping(core.context, {
        connectionId: id,
        tables: view.inForce,
        baseRevision: view.revision,
        source: 'editor',
      });
    },
  ],
  [
    'an import',
    (id) => importMapping(core.context, id, exportMapping(core.context, id).text, 'm.json'),
  ],
  ['a reset to defaults', (id) => resetMapping(core.context, id)],
  ['a confirmation', (id) => confirmMapping(core.context, id)],
];

describe('a person changing the mapping counts as a review', () => {
  it.each(PERSON_CHANGES)('after %s, a stage the ATS adds later needs review', (_, change) => {
    const id = leverConnection();
    expect(getMappingView(core.context, id).status.reviewedAt).toBeNull();
    change(id);
    expect(getMappingView(core.context, id).status).toMatchObject({
      reviewedAt: expect.any(String),
      reviewedBy: 'test-admin',
    });

    leverAddsStage(id);
    const view = getMappingView(core.context, id);
    expect(view.rowMeta[atsToKulaKey(NEW_STAGE)]).toMatchObject({
      needsReview: true,
      origin: 'default',
    });
    expect(reviewIssues(id)).toEqual([
      'New in Lever since your last review: "Take-home exercise" (now: Interviewing).',
    ]);
  });

  it('before any change by a person, a stage that arrives is mapped by default without a flag', () => {
    const id = leverConnection();
    leverAddsStage(id);
    expect(getMappingView(core.context, id).rowMeta[atsToKulaKey(NEW_STAGE)]?.needsReview).toBe(
      false,
    );
  });

  it('setting a flagged row from the command line accepts it, even to the value it has', () => {
    const id = leverConnection();
    resetMapping(core.context, id);
    leverAddsStage(id);
    expect(reviewIssues(id)).toHaveLength(1);
    const result = setMappingRow(core.context, {
      connectionId: id,
      direction: 'ats-to-kula',
      from: 'Take-home exercise',
      to: 'Interviewing',
    });
    expect(result.changes).toEqual([]);
    expect(getMappingView(core.context, id).rowMeta[atsToKulaKey(NEW_STAGE)]).toMatchObject({
      needsReview: false,
      origin: 'admin',
    });
    expect(reviewIssues(id)).toEqual([]);
  });
});

describe('review flags in the mapping file', () => {
  it('exports each row with its flag, and an export, reset, import round trip keeps the flags', () => {
    const id = leverConnection();
    resetMapping(core.context, id);
    leverAddsStage(id);
    const exported = JSON.parse(exportMapping(core.context, id).text);
    const flagged = exported.atsToKula.filter((row: { needsReview: boolean }) => row.needsReview);
    expect(flagged.map((row: { ats: { name: string } }) => row.ats.name)).toEqual([
      'Take-home exercise',
    ]);
    expect(exported.atsToKula.every((row: object) => 'needsReview' in row)).toBe(true);
    expect(exported.kulaToAts.every((row: object) => 'needsReview' in row)).toBe(true);

    resetMapping(core.context, id);
    expect(reviewIssues(id)).toEqual([]);
    const imported = importMapping(core.context, id, JSON.stringify(exported), 'm.json');
    expect(imported.notes).toContain(
      '1 row is flagged "needs review" in the file and stays flagged.',
    );
    expect(getMappingView(core.context, id).rowMeta[atsToKulaKey(NEW_STAGE)]?.needsReview).toBe(
      true,
    );
    expect(reviewIssues(id)).toHaveLength(1);
    expect(JSON.parse(exportMapping(core.context, id).text).atsToKula).toEqual(exported.atsToKula);
  });

  it('carries a Kula → ATS flag too, and the preview names the flagged rows for the editor', () => {
    const id = leverConnection();
    const file = JSON.parse(exportMapping(core.context, id).text);
    const offer = file.kulaToAts.find((row: { kula: { id: string } }) => row.kula.id === 'offer');
    offer.needsReview = true;
    const preview = previewMappingImport(core.context, id, JSON.stringify(file));
    expect(preview.needsReview).toEqual([kulaToAtsKey('offer', null)]);
    saveMapping(core.context, {
      connectionId: id,
      tables: preview.tables,
      baseRevision: preview.baseRevision,
      source: 'import',
      needsReview: preview.needsReview,
    });
    const view = getMappingView(core.context, id);
    expect(view.rowMeta[kulaToAtsKey('offer', null)]?.needsReview).toBe(true);
    expect(view.status.reviewedAt).not.toBeNull();
  });

  it('imports a file written before rows carried the flag, its rows counting as reviewed', () => {
    const id = leverConnection();
    resetMapping(core.context, id);
    leverAddsStage(id);
    const file = JSON.parse(exportMapping(core.context, id).text);
    for (const row of [...file.atsToKula, ...file.kulaToAts]) delete row.needsReview;
    importMapping(core.context, id, JSON.stringify(file), 'old.json');
    expect(reviewIssues(id)).toEqual([]);
  });
});
