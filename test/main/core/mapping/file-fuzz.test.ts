import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../../../src/main/core/core';
import { isConsoleError } from '../../../../src/main/core/errors';
import {
  exportMapping,
  getMappingView,
  importMapping,
} from '../../../../src/main/core/mapping/service';
import { addConnection, ashbyTenant, leverTenant, writeTenant } from '../../../support/ats-cache';
import { openTestCore } from '../../../support/core';
import { fuzzParams } from '../../../support/fuzz/config';
import { editedDocument } from '../../../support/fuzz/json-mutation';

/**
 * Mapping files as an admin might hand them over: exported by this console and then edited by
 * hand, truncated, re-encoded, or made for another workspace. Importing either applies the whole
 * file or refuses it with row-level messages and changes nothing; it never throws anything else.
 */
let core: ConsoleCore;
let cleanup: () => Promise<void>;
const files: Record<string, string> = {};
const stats = { applied: 0, refused: 0 };

beforeAll(() => {
  ({ core, cleanup } = openTestCore());
  for (const [provider, tenant] of [
    ['lever', leverTenant()],
    ['ashby', ashbyTenant()],
  ] as const) {
    const id = addConnection(core.context.db, provider);
    writeTenant(core.context.db, id, tenant);
    files[id] = exportMapping(core.context, id).text;
  }
});

afterAll(async () => {
  await cleanup();
  console.log(`Mapping file fuzz: ${stats.applied} files applied, ${stats.refused} refused`);
});

/** Hand edits: the JSON's rows and fields dropped, retyped or replaced. */
function editedFile(text: string): fc.Arbitrary<string> {
  return editedDocument(JSON.parse(text)).map((value) => JSON.stringify(value, null, 2));
}

/** Damage to the text itself: cut short, a character changed, foreign encodings, another file. */
function damagedText(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: text.length }).map((end) => text.slice(0, end)),
    fc
      .tuple(
        fc.nat({ max: text.length - 1 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
      )
      .map(([at, inserted]) => text.slice(0, at) + inserted + text.slice(at + 1)),
    fc.constant(`\ufeff${text}`),
    fc.constant(Buffer.from(text, 'utf16le').toString('latin1')),
    fc.constant(text.replace(/"/g, "'")),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constantFrom('', 'null', '[]', '{}', '"text"', '1e999', 'name,kula\nOffer,Offer\n'),
  );
}

function tryImport(connectionId: string, text: string): void {
  const before = getMappingView(core.context, connectionId);
  try {
    importMapping(core.context, connectionId, text, 'fuzzed.json');
    stats.applied++;
    // What was applied exports and imports again.
    const again = exportMapping(core.context, connectionId).text;
    importMapping(core.context, connectionId, again, 'again.json');
  } catch (error) {
    if (!isConsoleError(error)) throw error;
    stats.refused++;
    expect(['BAD_INPUT', 'CONFLICT']).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.message.length).toBeLessThan(5000);
    const after = getMappingView(core.context, connectionId);
    expect(after.revision).toBe(before.revision);
    expect(after.inForce).toEqual(before.inForce);
  }
}

describe('mapping file import, fuzzed', () => {
  for (const [connection, label] of [
    ['lever-1', 'Lever'],
    ['ashby-1', 'Ashby'],
  ] as const) {
    it(`${label}: a hand-edited file is applied whole or refused with nothing changed`, () => {
      fc.assert(
        fc.property(editedFile(files[connection]!), (text) => tryImport(connection, text)),
        fuzzParams(30),
      );
    });

    it(`${label}: a damaged file is refused with a clear message, nothing changed`, () => {
      fc.assert(
        fc.property(damagedText(files[connection]!), (text) => tryImport(connection, text)),
        fuzzParams(30),
      );
    });
  }

  it('a file for the other ATS is refused', () => {
    expect(() => importMapping(core.context, 'lever-1', files['ashby-1']!, 'x.json')).toThrow(
      /holds a mapping for Ashby/,
    );
  });
});
