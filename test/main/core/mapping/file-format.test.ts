import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { listAudit } from '../../../../src/main/core/db/repos/audit';
import { addKulaStage } from '../../../../src/main/core/mapping/pipeline';
import {
  exportMapping,
  getMappingView,
  importMapping,
  previewMappingImport,
  resetMapping,
} from '../../../../src/main/core/mapping/service';
import { setMappingRow } from '../../../../src/main/core/mapping/set-row';
import { canonicalTables } from '../../../../src/shared/mapping/tables';
import { addConnection, ashbyTenant, leverTenant, writeTenant } from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';

let core: ConsoleCore;
let cleanup: () => Promise<void>;

beforeEach(() => {
  ({ core, cleanup } = openTestCore());
});
afterEach(() => cleanup());

function withoutStamp(text: string): unknown {
  const { exportedAt: _at, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
}

function customizeAshby(id: string): void {
  const set = (input: Parameters<typeof setMappingRow>[1]) => setMappingRow(core.context, input);
  set({ connectionId: id, direction: 'ats-to-kula', from: 'Phone Screen', to: 'Interested' });
  set({ connectionId: id, direction: 'ats-to-kula', from: 'Founder Chat', to: 'unchanged' });
  set({ connectionId: id, direction: 'kula-to-ats', from: 'Offer', to: 'none' });
  set({
    connectionId: id,
    direction: 'kula-to-ats',
    from: 'Interviewing',
    to: 'Panel Interview',
    plan: 'Sales',
  });
  set({
    connectionId: id,
    direction: 'kula-to-ats',
    from: 'Not interested',
    to: 'first:Archived',
    archiveReason: 'Position filled',
  });
}

describe('mapping export and import', () => {
  it('round-trips exactly: export, reset, import gives the same tables and the same file', () => {
    const id = addConnection(core.context.db, 'ashby');
    writeTenant(core.context.db, id, ashbyTenant());
    customizeAshby(id);
    const original = getMappingView(core.context, id).inForce;
    const exported = exportMapping(core.context, id);
    expect(exported.fileName).toMatch(/^stage-mapping-ashby-acme-ashby-\d{4}-\d{2}-\d{2}\.json$/);

    resetMapping(core.context, id);
    expect(canonicalTables(getMappingView(core.context, id).inForce)).not.toEqual(
      canonicalTables(original),
    );
    const result = importMapping(core.context, id, exported.text, 'mapping.json');
    expect(result.notes).toEqual([]);
    expect(canonicalTables(getMappingView(core.context, id).inForce)).toEqual(
      canonicalTables(original),
    );
    expect(withoutStamp(exportMapping(core.context, id).text)).toEqual(withoutStamp(exported.text));
    expect(listAudit(core.context.db, { limit: 1 })[0]).toMatchObject({
      action: 'mapping.import',
      summary: expect.stringContaining('(from mapping.json)'),
    });
  });

  it('writes one row per line of each table with ids and names, for review in a pull request', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const file = JSON.parse(exportMapping(core.context, id).text);
    expect(file).toMatchObject({
      format: 'kula-ats-console/stage-mapping',
      version: 1,
      provider: 'lever',
    });
    expect(file.atsToKula[0]).toEqual({
      ats: { ref: 'stage:lead-new', name: 'New lead', group: 'Lead' },
      kula: { id: 'new', name: 'New' },
      needsReview: false,
    });
    expect(file.kulaToAts.find((row: { kula: { id: string } }) => row.kula.id === 'hired')).toEqual(
      {
        kula: { id: 'hired', name: 'Hired' },
        plan: null,
        ats: { ref: 'archive:hired', name: 'Archive as hired', group: 'Archive' },
        archiveReason: { id: '0092d31b-502b-4f0d-b4da-3827e1a2991f', name: 'Hired' },
        needsReview: false,
      },
    );
  });

  it('copies to another workspace by matching names where the ids differ', () => {
    const source = addConnection(core.context.db, 'lever', 'lever-a', 'Team A');
    writeTenant(core.context.db, source, leverTenant());
    setMappingRow(core.context, {
      connectionId: source,
      direction: 'ats-to-kula',
      from: 'HM Screen',
      to: 'Offer',
    });
    const text = exportMapping(core.context, source).text;

    const target = addConnection(core.context.db, 'lever', 'lever-b', 'Team B');
    const other = leverTenant();
    other.stages = other.stages.map((stage) =>
      stage.id.length > 20 ? { ...stage, id: `b-${stage.id.slice(0, 8)}` } : stage,
    );
    writeTenant(core.context.db, target, other);
    const preview = previewMappingImport(core.context, target, text);
    expect(preview.notes).toContain(
      'atsToKula[6].ats: Lever stage "HM Screen" matched by name (its id differs here).',
    );
    importMapping(core.context, target, text, 'team-a.json');
    const view = getMappingView(core.context, target);
    expect(view.inForce.atsToKula.find((row) => row.atsRef === 'stage:b-68f08350')?.target).toEqual(
      {
        kind: 'stage',
        kulaStageId: 'offer',
      },
    );
  });

  it('refuses a malformed file with row-level messages and changes nothing', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    const before = getMappingView(core.context, id);
    const file = JSON.parse(exportMapping(core.context, id).text);
    file.atsToKula[2].kula = { id: 'nope', name: 'Does not exist' };
    file.atsToKula[3].ats = { ref: 'stage:gone', name: 'Gone stage' };
    file.kulaToAts[1].ats = 'sideways';
    file.kulaToAts[8].archiveReason = { id: 'x', name: 'Unknown reason' };

    const refused = (text: string) => {
      try {
        previewMappingImport(core.context, id, text);
      } catch (error) {
        return error as {
          code: string;
          message: string;
          issues: Array<{ path: string; message: string }>;
        };
      }
      throw new Error('accepted');
    };
    const shape = refused(JSON.stringify(file));
    expect(shape.code).toBe('BAD_INPUT');
    expect(shape.issues.map((issue) => issue.path)).toEqual(['kulaToAts[1].ats']);

    file.kulaToAts[1].ats = 'none';
    const rows = refused(JSON.stringify(file));
    expect(rows.issues).toEqual([
      {
        path: 'atsToKula[2].kula',
        message:
          'There is no Kula stage with id "nope" or name "Does not exist". Add it under Kula pipeline first, or change the file.',
      },
      {
        path: 'atsToKula[3].ats',
        message:
          'Lever has no stage or archive reason "Gone stage" (stage:gone) in this connection.',
      },
      {
        path: 'kulaToAts[8].archiveReason',
        message: 'Lever has no archive reason "Unknown reason" (x) in this connection.',
      },
    ]);
    expect(rows.message).toMatch(
      /^The mapping file was refused and nothing was changed: 3 problems/,
    );

    expect(refused('{"format": ').issues[0]?.message).toMatch(/^The file is not valid JSON/);
    expect(refused('{"format":"something-else"}').issues[0]).toEqual({
      path: 'format',
      message: 'This is not a Kula ATS Console stage-mapping file.',
    });
    expect(refused(JSON.stringify({ ...file, version: 2 })).issues[0]).toMatchObject({
      path: 'version',
    });

    const after = getMappingView(core.context, id);
    expect(after.revision).toBe(before.revision);
    expect(after.inForce).toEqual(before.inForce);
  });

  it('refuses a file made for the other ATS', () => {
    const ashby = addConnection(core.context.db, 'ashby');
    writeTenant(core.context.db, ashby, ashbyTenant());
    const lever = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, lever, leverTenant());
    const text = exportMapping(core.context, ashby).text;
    expect(() => importMapping(core.context, lever, text, 'ashby.json')).toThrow(
      'This file holds a mapping for Ashby, but "Acme Lever" is connected to Lever.',
    );
  });

  it('keeps rows the file leaves out, and says so', () => {
    const id = addConnection(core.context.db, 'lever');
    writeTenant(core.context.db, id, leverTenant());
    addKulaStage(core.context, { name: 'Screening' });
    const file = JSON.parse(exportMapping(core.context, id).text);
    file.atsToKula = file.atsToKula.slice(0, 3);
    const preview = previewMappingImport(core.context, id, JSON.stringify(file));
    expect(preview.notes[0]).toMatch(
      /^13 Lever stages are not in the file and keep the current mapping/,
    );
    expect(preview.changes).toBe(0);
  });
});
