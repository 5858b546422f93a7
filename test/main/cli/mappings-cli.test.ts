import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/cli';
import { openTestCore } from '../../support/core';
import {
  addConnection,
  ashbyTenant,
  leverTenant,
  writeStage,
  writeTenant,
} from '../../support/ats-cache';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A data dir with a Lever connection (and optionally an Ashby one) and their stages cached. */
async function dataDirWith(providers: Array<'ashby' | 'lever'>): Promise<string> {
  const test = openTestCore();
  for (const provider of providers) {
    const id = addConnection(test.core.context.db, provider);
    writeTenant(test.core.context.db, id, provider === 'ashby' ? ashbyTenant() : leverTenant());
  }
  test.core.close();
  cleanups.push(test.cleanup);
  return test.dataDir;
}

const cli = (dir: string, ...args: string[]) => runCliProcess(['--data-dir', dir, ...args]);

describe('kula-console mappings', () => {
  it('shows both tables with defaults, the refresh time and the write-back hold', async () => {
    const dir = await dataDirWith(['lever']);
    const human = await cli(dir, 'mappings', 'show');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Acme Lever (lever-1), Lever');
    expect(human.stdout).toContain('ATS stages last refreshed: 2025-01-02T09:30:00.000Z');
    expect(human.stdout).toMatch(/Write-back: held: Writes to Lever are on hold/);
    expect(human.stdout).toMatch(/New lead\s+→ New/);
    expect(human.stdout).toMatch(/Hired\s+→ Archive as hired \(reason: Hired\)/);
    expect(human.stdout).toContain('Lint: 0 error(s), 0 warning(s)');

    const json = JSON.parse((await cli(dir, 'mappings', 'show', 'lever-1', '--json')).stdout);
    expect(json.connection).toEqual({ id: 'lever-1', provider: 'lever', label: 'Acme Lever' });
    expect(json.atsToKula[0]).toMatchObject({
      ats: { ref: 'stage:lead-new' },
      kula: { id: 'new' },
    });
  });

  it('sets rows by name, resets, confirms, and exits 1 or 2 with a reason on bad input', async () => {
    const dir = await dataDirWith(['lever', 'ashby']);
    const set = await cli(
      dir,
      'mappings',
      'set',
      'Acme Lever',
      '--direction',
      'ats-to-kula',
      '--from',
      'HM Screen',
      '--to',
      'Offer',
      '--json',
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).changes[0]).toMatchObject({
      subject: 'HM Screen',
      before: 'Interviewing',
      after: 'Offer',
    });

    const unknown = await cli(
      dir,
      'mappings',
      'set',
      'lever-1',
      '--direction',
      'kula-to-ats',
      '--from',
      'Offerr',
      '--to',
      'none',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('There is no Kula stage "Offerr" in this connection.');

    const badDirection = await cli(
      dir,
      'mappings',
      'set',
      'lever-1',
      '--direction',
      'up',
      '--from',
      'a',
      '--to',
      'b',
    );
    expect(badDirection.code).toBe(2);
    expect(badDirection.stderr).toContain('--direction must be ats-to-kula or kula-to-ats.');

    const ambiguous = await cli(dir, 'mappings', 'reset');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('There are 2 connections; name one: ashby-1, lever-1.');
    expect(ambiguous.stderr).toContain(
      'Usage: kula-console [--data-dir DIR] [--json] mappings reset [CONNECTION]',
    );

    const reset = await cli(dir, 'mappings', 'reset', 'lever-1', '--json');
    expect(JSON.parse(reset.stdout)).toMatchObject({ connectionId: 'lever-1', changes: 1 });

    const confirm = await cli(dir, 'mappings', 'confirm', 'lever-1');
    expect(confirm.code).toBe(0);
    const shown = JSON.parse((await cli(dir, 'mappings', 'show', 'lever-1', '--json')).stdout);
    expect(shown.status).toMatchObject({
      writeBackAllowed: true,
      confirmedBy: expect.stringMatching(/^cli:/),
    });
    const audit = JSON.parse((await cli(dir, 'status', '--json')).stdout);
    expect(audit.connections).toHaveLength(2);
  });

  it('exports to a file and imports it back; a broken file is refused row by row and changes nothing', async () => {
    const dir = await dataDirWith(['ashby']);
    const file = path.join(dir, 'mapping.json');
    await cli(
      dir,
      'mappings',
      'set',
      'ashby-1',
      '--direction',
      'kula-to-ats',
      '--from',
      'Offer',
      '--to',
      'none',
    );
    const exported = await cli(dir, 'mappings', 'export', file);
    expect(exported.code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(text).provider).toBe('ashby');

    await cli(dir, 'mappings', 'reset');
    const imported = await cli(dir, 'mappings', 'import', file, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ changes: 1 });

    const broken = JSON.parse(text);
    broken.kulaToAts[0].kula = { id: 'zzz', name: 'No such stage' };
    broken.atsToKula[1].ats.ref = 'group:Lead/missing';
    broken.atsToKula[1].ats.name = 'Missing stage';
    fs.writeFileSync(file, JSON.stringify(broken));
    const before = (await cli(dir, 'mappings', 'show', '--json')).stdout;
    const refused = await cli(dir, 'mappings', 'import', file);
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      /^kula-console: The mapping file was refused and nothing was changed: 2 problems/,
    );
    expect(lines.slice(1)).toEqual([
      '  atsToKula[1].ats: Ashby has no stage or archive reason "Missing stage" (group:Lead/missing) in this connection.',
      '  kulaToAts[0].kula: There is no Kula stage with id "zzz" or name "No such stage". Add it under Kula pipeline first, or change the file.',
    ]);
    const json = await cli(dir, 'mappings', 'import', file, '--json');
    expect(JSON.parse(json.stdout).error.issues).toHaveLength(2);
    expect((await cli(dir, 'mappings', 'show', '--json')).stdout).toBe(before);

    const missing = await cli(dir, 'mappings', 'import', path.join(dir, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  });
});

describe('kula-console mappings set with an Ashby stage id', () => {
  it('resolves a stage id to its stage group, or to an override of the one plan that has it', async () => {
    const dir = await dataDirWith(['ashby']);
    const group = await cli(
      dir,
      'mappings',
      'set',
      'ashby-1',
      '--direction',
      'kula-to-ats',
      '--from',
      'Offer',
      '--to',
      'plan-sales-offer',
      '--json',
    );
    expect(group.code, group.stderr).toBe(0);
    const override = await cli(
      dir,
      'mappings',
      'set',
      'ashby-1',
      '--direction',
      'kula-to-ats',
      '--from',
      'Interviewing',
      '--to',
      'plan-eng-onsite',
    );
    expect(override.code, override.stderr).toBe(0);
    expect(override.stdout).toContain('Set "Interviewing (plan Engineering)":');
    const shown = JSON.parse((await cli(dir, 'mappings', 'show', 'ashby-1', '--json')).stdout);
    expect(
      shown.kulaToAts.find(
        (row: { kula: { id: string }; plan: unknown }) => row.kula.id === 'offer' && !row.plan,
      ).ats,
    ).toMatchObject({ ref: 'group:Offer/offer' });
    expect(
      shown.kulaToAts.find(
        (row: { kula: { id: string }; plan: { id: string } | null }) =>
          row.kula.id === 'interviewing' && row.plan?.id === 'plan-eng',
      ).ats,
    ).toMatchObject({ ref: 'stage:plan-eng-onsite', name: 'Onsite' });
    const fromId = await cli(
      dir,
      'mappings',
      'set',
      'ashby-1',
      '--direction',
      'ats-to-kula',
      '--from',
      'plan-exec-founder-chat',
      '--to',
      'Interested',
    );
    expect(fromId.code, fromId.stderr).toBe(0);
    expect(fromId.stdout).toContain('Set "Founder Chat": ');
  });
});

describe('kula-console mappings: review flags', () => {
  it('after `mappings set`, a stage Lever adds later is flagged in show, its lint and the export, and the round trip keeps it', async () => {
    const dir = await dataDirWith(['lever']);
    const before = await cli(dir, 'mappings', 'show', 'lever-1');
    expect(before.stdout).toContain('Reviewed: not yet');
    const set = await cli(
      dir,
      'mappings',
      'set',
      'lever-1',
      '--direction',
      'ats-to-kula',
      '--from',
      'HM Screen',
      '--to',
      'Offer',
    );
    expect(set.code, set.stderr).toBe(0);

    const test = openTestCore({ dataDir: dir });
    writeStage(test.core.context.db, 'lever-1', {
      id: 'new-custom-stage',
      plan: null,
      title: 'Take-home exercise',
      type: 'interview',
      position: 8,
    });
    test.core.close();

    const human = await cli(dir, 'mappings', 'show', 'lever-1');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Reviewed: by cli:\S+ at /);
    expect(human.stdout).toContain('1 row needs review (marked below)');
    expect(human.stdout).toMatch(/Take-home exercise\s+→ Interviewing {3}\[needs review\]/);
    expect(human.stdout).toContain(
      'warning New in Lever since your last review: "Take-home exercise" (now: Interviewing).',
    );
    const json = JSON.parse((await cli(dir, 'mappings', 'show', 'lever-1', '--json')).stdout);
    const flagged = [...json.atsToKula, ...json.kulaToAts].filter(
      (row: { needsReview: boolean }) => row.needsReview,
    );
    expect(flagged).toHaveLength(1);
    expect(json.kulaToAts.every((row: object) => 'needsReview' in row)).toBe(true);

    const file = path.join(dir, 'mapping.json');
    expect((await cli(dir, 'mappings', 'export', file)).code).toBe(0);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(
      exported.atsToKula.find(
        (row: { ats: { name: string } }) => row.ats.name === 'Take-home exercise',
      ),
    ).toMatchObject({ needsReview: true });

    // A reset is a review too: the flag clears; importing the file brings it back.
    await cli(dir, 'mappings', 'reset', 'lever-1');
    expect((await cli(dir, 'mappings', 'show', 'lever-1')).stdout).not.toContain('[needs review]');
    const imported = await cli(dir, 'mappings', 'import', file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(
      '1 row is flagged "needs review" in the file and stays flagged.',
    );
    expect((await cli(dir, 'mappings', 'show', 'lever-1')).stdout).toMatch(
      /Take-home exercise\s+→ Interviewing {3}\[needs review\]/,
    );
  });
});

describe('kula-console stages kula', () => {
  it('lists, adds, renames, reorders and removes Kula stages', async () => {
    const dir = await dataDirWith([]);
    const list = JSON.parse((await cli(dir, 'stages', 'kula', 'list', '--json')).stdout);
    expect(list.map((stage: { name: string }) => stage.name)).toEqual([
      'New',
      'Contacted',
      'Replied',
      'Interested',
      'Not interested',
      'Interviewing',
      'Offer',
      'Hired',
      'Rejected',
    ]);
    const added = await cli(
      dir,
      'stages',
      'kula',
      'add',
      'Phone screen',
      '--after',
      'Interested',
      '--json',
    );
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 'phone_screen', position: 4 });
    expect(
      (await cli(dir, 'stages', 'kula', 'rename', 'phone_screen', 'Screening call')).code,
    ).toBe(0);
    const moved = await cli(
      dir,
      'stages',
      'kula',
      'reorder',
      'Screening call',
      '--position',
      '1',
      '--json',
    );
    expect(JSON.parse(moved.stdout)[0]).toMatchObject({
      id: 'phone_screen',
      name: 'Screening call',
    });
    const human = await cli(dir, 'stages', 'kula', 'list');
    expect(human.stdout.split('\n')[0]).toMatch(/1\. phone_screen\s+Screening call/);
    expect((await cli(dir, 'stages', 'kula', 'remove', 'Screening call')).code).toBe(0);

    const duplicate = await cli(dir, 'stages', 'kula', 'add', 'offer');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('There is already a Kula stage called "offer".');
    const badPosition = await cli(dir, 'stages', 'kula', 'reorder', 'new', '--position', 'first');
    expect(badPosition.code).toBe(2);
  });
});
