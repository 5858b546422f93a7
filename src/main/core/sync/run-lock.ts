/**
 * "Never two runs on one connection at once." The engine asks a `RunLock` before it starts a run.
 * The in-process lock covers one app or CLI process; a cross-process lock (the app and a CLI
 * sharing a data folder, issue 7) implements the same interface and replaces it through
 * `SyncEngine.setLock`.
 */
export interface RunLease {
  release(): void;
}

export interface RunLock {
  /** A lease, or null when the connection is already syncing. */
  acquire(connectionId: string): RunLease | null;
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
