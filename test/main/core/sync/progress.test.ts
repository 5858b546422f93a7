import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../../src/shared/domain/runs';
import { ProgressReporter } from '../../../../src/main/core/sync/progress';

const spec = (name: string) => ({ name, label: name, entities: [], incremental: true });

describe('progress of a run that reads several resources at once', () => {
  it('estimates the time left over every resource, never less than the requests left need at the allowed rate', () => {
    let now = 0;
    const events: SyncProgress[] = [];
    const reporter = new ProgressReporter(
      (event) => events.push(event),
      'c',
      1,
      2,
      { perSecond: 10, burst: 20 },
      () => now,
      0,
    );
    const a = reporter.resource(spec('a'), 0, 10_000, 0);
    const b = reporter.resource(spec('b'), 1, 5_000, 0);
    now = 10_000;
    // In 10 s: 2,000 of a (20 requests), 1,000 of b (10 requests) → 80 + 40 requests left.
    a.advance(2_000, 20);
    b.advance(1_000, 10);
    const last = events.at(-1)!;
    expect(last.resource).toBe('b');
    // By the rates seen, a needs 40 s; by the limit, 120 requests need 12 s: the longer holds.
    expect(last.runEtaSeconds).toBe(40);
    expect(last.etaSeconds).toBe(40);
  });

  it('says nothing of the time left while a resource’s total is unknown', () => {
    const events: SyncProgress[] = [];
    const reporter = new ProgressReporter(
      (event) => events.push(event),
      'c',
      1,
      2,
      null,
      () => 0,
      0,
    );
    reporter.resource(spec('a'), 0, null, 0);
    expect(events.at(-1)?.runEtaSeconds).toBeNull();
  });
});
