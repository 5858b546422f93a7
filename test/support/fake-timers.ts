import type { TimerHandle, Timers } from '../../src/main/core/scheduler/timers';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A clock and timers that move only when the test says so. `advance` fires every timer that falls
 * due, in order, letting promises and I/O settle after each (a scheduled sync is real work against
 * a simulator on loopback).
 */
export class FakeTimers implements Timers {
  private time: number;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(start = Date.parse('2026-03-02T09:00:00.000Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.pending.set(id, { id, at: this.time + Math.max(0, ms), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete((handle as { id: number }).id);
  }

  /** When the next timer fires, or null. */
  nextAt(): number | null {
    let next: number | null = null;
    for (const timer of this.pending.values())
      if (next === null || timer.at < next) next = timer.at;
    return next;
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const due = [...this.pending.values()]
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending.delete(due.id);
      this.time = Math.max(this.time, due.at);
      due.callback();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

/** Lets promise chains and immediate I/O callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
