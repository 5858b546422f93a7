import { describe, expect, it } from 'vitest';
import {
  readPassCheckpoint,
  ROOT_STREAM,
  writePassCheckpoint,
} from '../../../../src/main/core/sync/pass-checkpoint';

describe('a pass checkpoint', () => {
  it('reads a cursor an earlier version stored as the root stream of the pass', () => {
    const pass = readPassCheckpoint({ mode: 'full', cursor: 'abc' }, 300);
    expect(pass?.streams.get(ROOT_STREAM)).toEqual({
      cursor: { mode: 'full', cursor: 'abc' },
      done: false,
      records: 300,
    });
    expect(readPassCheckpoint(null, 0)).toBeNull();
  });

  it('stores a pass of one stream as that stream’s own cursor, as earlier versions read it', () => {
    const pass = readPassCheckpoint({ offset: 'x' }, 10)!;
    expect(writePassCheckpoint(pass)).toEqual({ offset: 'x' });
  });

  it('keeps every stream of a split pass, and what the root left, through a write and a read', () => {
    const pass = {
      streams: new Map([
        [ROOT_STREAM, { cursor: null, done: true, records: 100 }],
        ['part-a', { cursor: { offset: 'a' }, done: false, records: 200 }],
        ['part-b', { cursor: null, done: true, records: 50 }],
      ]),
      committed: { watermark: 42 },
    };
    const stored = JSON.parse(JSON.stringify(writePassCheckpoint(pass)));
    expect(readPassCheckpoint(stored, 350)).toEqual(pass);
  });
});
