import type { RunStatus, SyncProgress } from '../../../shared/domain/runs';
import type { ResourceSpec } from '../providers/provider';

/**
 * `sync:progress` for one run: per resource, records so far, the expected total when known (the
 * resource's last full read), the rate over the resource, and the time left. Page events are
 * throttled so a fast import does not flood the window; the first and last event of a resource
 * always go out.
 */
export class ProgressReporter {
  private resource: ResourceSpec | null = null;
  private index = 0;
  private total: number | null = null;
  private done = 0;
  private startDone = 0;
  private startedAt = 0;
  private lastEmit = 0;
  private mode: 'full' | 'incremental' | undefined;
  private phase = 'pull';

  constructor(
    private readonly emit: (progress: SyncProgress) => void,
    private readonly connectionId: string,
    private readonly runId: number,
    private readonly resourceCount: number,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 200,
  ) {}

  begin(resource: ResourceSpec, index: number, total: number | null, alreadyDone: number): void {
    this.phase = 'pull';
    this.resource = resource;
    this.index = index;
    this.total = total;
    this.done = alreadyDone;
    this.startDone = alreadyDone;
    this.startedAt = this.now();
    this.mode = undefined;
    this.send(false, true);
  }

  /**
   * A phase after the pull (the outbox push): one step named `label` with `total` items (null
   * when unknown), advanced per item like a resource.
   */
  beginPhase(phase: string, label: string, total: number | null): void {
    this.phase = phase;
    this.resource = { name: phase, label, entities: [], incremental: false };
    this.index = this.resourceCount;
    this.total = total;
    this.done = 0;
    this.startDone = 0;
    this.startedAt = this.now();
    this.mode = undefined;
    this.send(false, true);
  }

  /** The pass restarted (e.g. an expired token fell back to a full read). */
  restart(mode: 'full' | 'incremental', total: number | null): void {
    this.mode = mode;
    this.total = mode === 'full' ? total : null;
    this.done = 0;
    this.startDone = 0;
    this.startedAt = this.now();
  }

  setMode(mode: 'full' | 'incremental'): void {
    this.mode = mode;
  }

  advance(records: number): void {
    this.done += records;
    this.send(false, false);
  }

  finishResource(): void {
    if (this.total !== null) this.total = Math.max(this.total, this.done);
    this.send(true, true);
  }

  finishRun(status: RunStatus): void {
    this.emit({
      connectionId: this.connectionId,
      runId: this.runId,
      phase: 'done',
      done: this.done,
      total: this.total,
      ratePerSecond: null,
      etaSeconds: 0,
      finished: true,
      runFinished: true,
      status,
    });
  }

  private send(finished: boolean, force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const resource = this.resource;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0.2 ? (this.done - this.startDone) / seconds : null;
    const eta = finished
      ? 0
      : this.total !== null && rate && rate > 0
        ? Math.max(0, Math.round((this.total - this.done) / rate))
        : null;
    this.emit({
      connectionId: this.connectionId,
      runId: this.runId,
      phase: this.phase,
      ...(resource
        ? {
            resource: resource.name,
            resourceLabel: resource.label,
            resourceIndex: this.index,
            resourceCount: this.resourceCount,
          }
        : {}),
      ...(this.mode ? { mode: this.mode } : {}),
      done: this.done,
      total: this.total,
      ratePerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: eta,
      finished,
    });
  }
}
