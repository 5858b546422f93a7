import type { RunStatus, SyncProgress } from '../../../shared/domain/runs';
import type { RateLimit } from '../http/rate-limiter';
import type { ResourceSpec } from '../providers/provider';

/**
 * `sync:progress` for one run. The pull reads several resources at once, each possibly in several
 * streams: each resource has its own handle (`resource(...)`) with its records so far, the total
 * expected when known (its last full read), its rate and its time left; every event also carries
 * the run's time left over all resources, which the request limit keeps honest: no estimate is
 * shorter than the requests still to make at the rate the ATS allows. Page events are throttled
 * per resource so a fast import does not flood the window; a resource's first and last event
 * always go out.
 */
export class ProgressReporter {
  private readonly resources = new Map<string, ResourceProgress>();
  /** The step after the pull (the outbox push), reported like a resource. */
  private step: ResourceProgress | null = null;

  constructor(
    private readonly emit: (progress: SyncProgress) => void,
    private readonly connectionId: string,
    private readonly runId: number,
    private readonly resourceCount: number,
    private readonly rateLimit: RateLimit | null = null,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 200,
  ) {}

  /** Starts reporting a resource's pass; `alreadyDone` records were saved by an earlier run. */
  resource(
    spec: ResourceSpec,
    index: number,
    total: number | null,
    alreadyDone: number,
  ): ResourceProgress {
    const progress = new ResourceProgress(this, this.now, 'pull', spec, index, total, alreadyDone);
    this.resources.set(spec.name, progress);
    progress.send(false, true);
    return progress;
  }

  /**
   * A phase after the pull (the outbox push): one step named `label` with `total` items (null
   * when unknown), advanced per item like a resource.
   */
  beginPhase(phase: string, label: string, total: number | null): void {
    const spec: ResourceSpec = { name: phase, label, entities: [], incremental: false };
    this.step = new ResourceProgress(this, this.now, phase, spec, this.resourceCount, total, 0);
    this.step.send(false, true);
  }

  /** One item of the phase begun with `beginPhase` is done. */
  advance(items: number): void {
    this.step?.advance(items);
  }

  /** The phase begun with `beginPhase` is complete. */
  finishResource(): void {
    this.step?.finish();
  }

  finishRun(status: RunStatus): void {
    const last = this.step ?? [...this.resources.values()].at(-1) ?? null;
    this.emit({
      connectionId: this.connectionId,
      runId: this.runId,
      phase: 'done',
      done: last?.done ?? 0,
      total: last?.total ?? null,
      ratePerSecond: null,
      etaSeconds: 0,
      runEtaSeconds: 0,
      finished: true,
      runFinished: true,
      status,
    });
  }

  /** @internal Sends one resource's event with the run's time left. */
  publish(progress: ResourceProgress, finished: boolean, force: boolean): void {
    const now = this.now();
    if (!force && now - progress.lastEmit < this.intervalMs) return;
    progress.lastEmit = now;
    const rate = progress.rate(now);
    const eta = finished
      ? 0
      : progress.total !== null && rate && rate > 0
        ? Math.max(0, Math.round((progress.total - progress.done) / rate))
        : null;
    const runEta = this.runEta(now);
    this.emit({
      connectionId: this.connectionId,
      runId: this.runId,
      phase: progress.phase,
      resource: progress.spec.name,
      resourceLabel: progress.spec.label,
      resourceIndex: progress.index,
      resourceCount: this.resourceCount,
      ...(progress.mode ? { mode: progress.mode } : {}),
      done: progress.done,
      total: progress.total,
      ratePerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: eta,
      runEtaSeconds: runEta,
      streams: progress.streams,
      finished,
    });
  }

  /**
   * Seconds until every resource still being read is done, when each has an expected total: the
   * longer of what the observed rates say and what the requests still to make need at the allowed
   * rate. Null while any resource's total is unknown.
   */
  private runEta(now: number): number | null {
    let byRate = 0;
    let requests = 0;
    for (const progress of this.resources.values()) {
      if (progress.finished) continue;
      if (progress.total === null) return null;
      const left = Math.max(0, progress.total - progress.done);
      const rate = progress.rate(now);
      if (left > 0 && !(rate && rate > 0)) return null;
      byRate = Math.max(byRate, rate ? left / rate : 0);
      requests += left / progress.recordsPerRequest();
    }
    const byLimit = this.rateLimit ? requests / this.rateLimit.perSecond : 0;
    return Math.round(Math.max(byRate, byLimit));
  }
}

/** One resource's pass (or the push step) as it is reported. */
export class ResourceProgress {
  done: number;
  mode: 'full' | 'incremental' | undefined;
  /** Streams of the resource reading now. */
  streams = 0;
  finished = false;
  lastEmit = 0;
  private startDone: number;
  private startedAt: number;
  private requests = 0;

  constructor(
    private readonly reporter: ProgressReporter,
    private readonly now: () => number,
    readonly phase: string,
    readonly spec: ResourceSpec,
    readonly index: number,
    public total: number | null,
    alreadyDone: number,
  ) {
    this.done = alreadyDone;
    this.startDone = alreadyDone;
    this.startedAt = now();
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

  /** Streams reading the resource now; a change is reported at once (a part started or ended). */
  setStreams(streams: number): void {
    if (streams === this.streams) return;
    this.streams = streams;
    if (!this.finished) this.send(false, true);
  }

  /** A page (or a pushed item) is committed: its records and the requests it took. */
  advance(records: number, requests = 0): void {
    this.done += records;
    this.requests += requests;
    this.send(false, false);
  }

  finish(): void {
    if (this.total !== null) this.total = Math.max(this.total, this.done);
    this.finished = true;
    this.streams = 0;
    this.send(true, true);
  }

  rate(now: number): number | null {
    const seconds = (now - this.startedAt) / 1000;
    return seconds > 0.2 ? (this.done - this.startDone) / seconds : null;
  }

  /** Records a request brings, as seen so far (a page of 100 until the first one arrives). */
  recordsPerRequest(): number {
    const read = this.done - this.startDone;
    return this.requests > 0 && read > 0 ? read / this.requests : 100;
  }

  send(finished: boolean, force: boolean): void {
    this.reporter.publish(this, finished, force);
  }
}
