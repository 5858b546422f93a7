import type { SyncRunSummary } from '../../../shared/domain/runs';

export interface RunningSync {
  runId: number;
  controller: AbortController;
  /** Resolves when the run has ended and let go of its lock (never rejects). */
  done: Promise<SyncRunSummary>;
}

/**
 * The syncs going in this process, one per connection. Built before the services that use it:
 * the sync engine adds and removes its runs here, and the connection service stops a
 * connection's run here before it forgets the credential or deletes the connection. Neither
 * service needs the other for that, so both are built once, in order, with nothing filled in later.
 */
export class RunningSyncs {
  private readonly runs = new Map<string, RunningSync>();

  add(connectionId: string, run: RunningSync): void {
    this.runs.set(connectionId, run);
  }

  delete(connectionId: string): void {
    this.runs.delete(connectionId);
  }

  isRunning(connectionId: string): boolean {
    return this.runs.has(connectionId);
  }

  runId(connectionId: string): number | null {
    return this.runs.get(connectionId)?.runId ?? null;
  }

  /** Asks the connection's run to stop at its next page boundary; resolves when it has. */
  async stop(connectionId: string): Promise<boolean> {
    const run = this.runs.get(connectionId);
    if (!run) return false;
    run.controller.abort();
    await run.done;
    return true;
  }
}
