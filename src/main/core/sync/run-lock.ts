/**
 * "Never two runs on one connection at once." The engine asks a `RunLock` before it starts a run.
 * The in-process lock covers one process; the cross-process lock (`DbRunLock`, db-run-lock.ts: the
 * app and a CLI sharing a data folder) implements the same interface and is installed by
 * `openCore` through `SyncEngine.setLock`, so every host has it.
 */
export interface RunLease {
  release(): void;
  /**
   * Aborts when the lease was lost while the run was going (another process took it over because
   * this one stopped answering); the engine then stops the run at its next page boundary.
   */
  readonly lost?: AbortSignal;
}

export interface RunLock {
  /** A lease, or null when the connection is already syncing. */
  acquire(connectionId: string): RunLease | null;
  /**
   * Who is syncing the connection, in words for "already syncing in …" (e.g. "the command line,
   * process 4242"); null when nobody or unknown.
   */
  describeHolder?(connectionId: string): string | null;
  /** Renews the leases this process holds now (after the computer woke up). */
  heartbeatNow?(): void;
}

export class InProcessRunLock implements RunLock {
  private readonly held = new Set<string>();

  acquire(connectionId: string): RunLease | null {
    if (this.held.has(connectionId)) return null;
    this.held.add(connectionId);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.held.delete(connectionId);
      },
    };
  }
}
