/**
 * "Never two runs on one connection at once." The engine asks a `RunLock` before it starts a run.
 * `openCore` gives every engine the cross-process lock (`DbRunLock`, db-run-lock.ts), since the app
 * and a CLI may share a data folder.
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
