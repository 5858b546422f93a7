/**
 * Long-running work (syncs, imports) registers here so a shutdown can ask it to stop at its next
 * page boundary and wait for it, instead of cutting a transaction in half.
 */
export class TaskTracker {
  private readonly running = new Map<
    symbol,
    { controller: AbortController; done: Promise<unknown> }
  >();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The console is shutting down.'));
    const key = Symbol('task');
    const controller = new AbortController();
    const done = work(controller.signal).finally(() => this.running.delete(key));
    this.running.set(key, { controller, done });
    return done;
  }

  get size(): number {
    return this.running.size;
  }

  /** Signals every task to stop and waits (at most `timeoutMs`) for them to wind down. */
  async shutdown(timeoutMs = 15_000): Promise<void> {
    this.closed = true;
    const tasks = [...this.running.values()];
    tasks.forEach((task) => task.controller.abort());
    await Promise.race([
      Promise.allSettled(tasks.map((task) => task.done)),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }
}
