import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEVELS,
  localToIso,
  readParams,
  toFilter,
  writeParams,
  type LogParams,
} from '../../../../src/renderer/src/features/sync-log/filter-params';

const read = (query: string) => readParams(new URLSearchParams(query));
const NOW = Date.parse('2026-03-10T12:00:00.000Z');

describe('readParams', () => {
  it('reads an empty URL as the default view: records and events, any time', () => {
    expect(read('')).toEqual({
      q: '',
      connection: '',
      levels: DEFAULT_LEVELS,
      direction: '',
      entity: '',
      record: '',
      rule: '',
      run: '',
      range: '',
      since: '',
      until: '',
    });
  });

  it('reads a URL with only since or until as a custom range', () => {
    expect(read('since=2026-03-01T08:00').range).toBe('custom');
    expect(read('until=2026-03-01T08:00').range).toBe('custom');
  });

  it('keeps an explicit range over one inferred from the dates', () => {
    expect(read('range=24h&since=2026-03-01T08:00').range).toBe('24h');
  });
});

describe('writeParams', () => {
  it('leaves the defaults and empty values out of the URL', () => {
    expect(writeParams(read(''))).toEqual({});
    expect(writeParams({ ...read(''), q: 'timeout', levels: 'error' })).toEqual({
      q: 'timeout',
      levels: 'error',
    });
  });

  it('keeps since and until only for a custom range', () => {
    const params: LogParams = { ...read(''), range: '24h', since: '2026-03-01T08:00' };
    expect(writeParams(params)).toEqual({ range: '24h' });
    expect(writeParams({ ...params, range: 'custom' })).toEqual({
      range: 'custom',
      since: '2026-03-01T08:00',
    });
  });

  it('drops a custom range that has no dates yet', () => {
    expect(writeParams({ ...read(''), range: 'custom' })).toEqual({});
  });

  it('gives back the same view when the URL it writes is read again', () => {
    const views = [
      'q=lead&connection=c1&levels=error&direction=push&entity=candidates&record=r1&rule=stage&run=7',
      'range=7d',
      'range=custom&since=2026-03-01T08:00&until=2026-03-02T08:00',
      'levels=all',
    ];
    for (const query of views) {
      const params = read(query);
      expect(read(new URLSearchParams(writeParams(params)).toString())).toEqual(params);
    }
  });
});

describe('toFilter', () => {
  it('asks for records and events by default, nothing else', () => {
    expect(toFilter(read(''), NOW)).toEqual({ levels: ['info', 'warn', 'error'] });
  });

  it('sends the search trimmed and at most 500 characters long', () => {
    expect(toFilter(read('q=%20%20timeout%20'), NOW).search).toBe('timeout');
    expect(toFilter({ ...read(''), q: 'x'.repeat(600) }, NOW).search).toHaveLength(500);
    expect(toFilter(read('q=%20%20'), NOW).search).toBeUndefined();
  });

  it('sends no level filter for everything, and drops unknown levels from a hand-edited URL', () => {
    expect(toFilter(read('levels=all'), NOW).levels).toBeUndefined();
    expect(toFilter(read('levels=error,loud,warn'), NOW).levels).toEqual(['error', 'warn']);
    expect(toFilter(read('levels=loud'), NOW).levels).toBeUndefined();
  });

  it('sends a known direction and drops an unknown one', () => {
    expect(toFilter(read('direction=pull'), NOW).directions).toEqual(['pull']);
    expect(toFilter(read('direction=sideways'), NOW).directions).toBeUndefined();
  });

  it('sends the connection, record type, record id and rule as given', () => {
    expect(toFilter(read('connection=c1&entity=jobs&record=j9&rule=pull-page'), NOW)).toMatchObject(
      { connectionId: 'c1', entity: 'jobs', entityId: 'j9', rule: 'pull-page' },
    );
  });

  it('sends a run only when it is a positive whole number', () => {
    expect(toFilter(read('run=12'), NOW).runId).toBe(12);
    for (const run of ['0', '-3', '1.5', 'abc'])
      expect(toFilter(read(`run=${run}`), NOW).runId).toBeUndefined();
  });

  it('turns a relative range into a start that far before now', () => {
    expect(toFilter(read('range=1h'), NOW).since).toBe('2026-03-10T11:00:00.000Z');
    expect(toFilter(read('range=7d'), NOW).since).toBe('2026-03-03T12:00:00.000Z');
    expect(toFilter(read('range=1h'), NOW).until).toBeUndefined();
  });

  it('sends the dates of a custom range, leaving out one that is not a date', () => {
    const filter = toFilter(read('range=custom&since=2026-03-01T08:00&until=soon'), NOW);
    expect(filter.since).toBe(localToIso('2026-03-01T08:00'));
    expect(filter.until).toBeUndefined();
  });
});

describe('localToIso', () => {
  it('reads a datetime-local value as local time', () => {
    expect(localToIso('2026-03-01T08:30')).toBe(new Date(2026, 2, 1, 8, 30).toISOString());
  });

  it('is null for an empty or invalid value', () => {
    expect(localToIso('')).toBeNull();
    expect(localToIso('not a date')).toBeNull();
  });
});
