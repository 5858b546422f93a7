import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/main/cli/command';
import { everyRow, listMode } from '../../../src/main/cli/list-output';

describe('list output', () => {
  it('reads every row page after page until a page comes back short', () => {
    const rows = Array.from({ length: 7 }, (_, index) => index);
    const asked: number[] = [];
    const all = [
      ...everyRow((offset, limit) => {
        asked.push(offset);
        return { rows: rows.slice(offset, offset + limit) };
      }, 3),
    ];
    expect(all).toEqual(rows);
    expect(asked).toEqual([0, 3, 6]);
  });

  it('takes a page by default, and refuses --all with --limit or --offset', () => {
    expect(listMode({}, { defaultLimit: 50, maxLimit: 500 })).toEqual({
      all: false,
      jsonl: false,
      limit: 50,
      offset: 0,
    });
    expect(listMode({ all: true, jsonl: true }, { defaultLimit: 50, maxLimit: 500 })).toMatchObject(
      { all: true, jsonl: true },
    );
    expect(() => listMode({ all: true, limit: '5' }, { defaultLimit: 50, maxLimit: 500 })).toThrow(
      UsageError,
    );
    expect(() => listMode({ limit: '501' }, { defaultLimit: 50, maxLimit: 500 })).toThrow(
      '--limit must be a whole number from 1 to 500.',
    );
  });
});
