import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/main/core/db/database';
import { rebuildDatabase } from '../../../../src/main/core/db/rebuild';
import { addNote } from '../../../../src/main/core/kula/activity';
import { importCsv } from '../../../../src/main/core/kula/csv';
import { openTestCore } from '../../../support/core';

/**
 * Rebuilding a damaged database copies what can still be read of what only this computer holds,
 * row by row around damaged pages, drops rows whose parent was lost, and leaves a file that passes
 * SQLite's integrity check; the damaged file is kept.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function workspace(candidates: number): Promise<string> {
  const test = openTestCore();
  cleanups.push(test.cleanup);
  const ctx = test.core.context;
  const rows = Array.from({ length: candidates }, (_, i) => `Person ${i},p${i}@example.com`);
  const { candidateIds } = importCsv(ctx, { text: ['name,email', ...rows].join('\n') });
  for (const id of candidateIds)
    addNote(ctx, { candidate: id, body: `Met at the fair, #${id}`, private: true });
  test.core.close();
  return path.join(test.dataDir, 'console.sqlite');
}

function damage(file: string, table: string, pages: number): void {
  const db = new Database(file, { readonly: true });
  const numbers = db
    .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all(table) as number[];
  db.close();
  const fd = fs.openSync(file, 'r+');
  for (let i = 0; i < pages; i++) {
    const page = numbers[Math.floor(((i + 1) * numbers.length) / (pages + 1))]!;
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (page - 1) * 4096);
  }
  fs.closeSync(fd);
}

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('rebuilding a damaged database', () => {
  it('copies around damaged pages, counts what was lost, and drops notes of lost candidates', async () => {
    const file = await workspace(1500);
    damage(file, 'kula_candidates', 2);
    expect(() => openDatabase(file, { checkIntegrity: true })).toThrow(/is damaged/);

    const report = rebuildDatabase(file);
    const lost = report.lost.kula_candidates;
    expect(typeof lost === 'number' && lost > 0).toBe(true);
    expect(report.copied.kula_candidates! + (lost as number)).toBe(1500);
    expect(report.orphans.kula_notes).toBe(lost);
    expect(count(file, 'kula_candidates')).toBe(1500 - (lost as number));
    expect(count(file, 'kula_notes')).toBe(1500 - (lost as number));
    expect(fs.existsSync(report.damagedCopy)).toBe(true);

    const reopened = openDatabase(file, { checkIntegrity: true });
    expect(reopened.pragma('foreign_key_check')).toEqual([]);
    reopened.close();
  });

  it('refuses while another program has the database open, and changes nothing', async () => {
    const file = await workspace(10);
    const other = new Database(file);
    other.prepare('SELECT count(*) FROM kula_candidates').get();
    try {
      expect(() => rebuildDatabase(file)).toThrow(/Another program has .* open/);
    } finally {
      other.close();
    }
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.includes('damaged'))).toEqual(
      [],
    );
    expect(count(file, 'kula_candidates')).toBe(10);
  });
});
