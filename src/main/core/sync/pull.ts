import { isAtsApiError } from '../http/errors';
import { crashPoint } from '../crash-points';
import { StreamTarget } from './concurrency';
import { ResourcePass } from './resource-pass';
import { RunCancelled, type RunContext, type SyncPhase } from './run-context';
import { inStream, streamKey } from './stream-scope';

/** The first phase of every run that is not push-only: the ATS's data into the cache. */
export const pullPhase: SyncPhase = { name: 'pull', run: pullAll };

/**
 * The pull phase: every resource of the provider at once, each as one stream or, where the
 * provider can divide it, several. As many streams are read at a time as keep the connection's
 * request limit busy at the ATS's observed latency (`StreamTarget`); a stream, once started, is
 * read page by page until it is done, unless fewer streams are allowed than are running (after
 * the ATS refused a request for its rate): then streams take turns a page at a time, so every
 * cursor keeps moving and none waits long enough to expire. When there is room for more streams
 * than there are, a stream at a page boundary asks the provider to split what it has left
 * (`splitStream`). Every page is committed with its stream's checkpoint (`ResourcePass`), so a
 * crash costs at most one page per stream in flight.
 *
 * A missing permission skips that resource with a warning; any other failure stops the other
 * streams (their requests in flight are cancelled, their saved pages kept) and fails the run.
 */
export async function pullAll(run: RunContext): Promise<void> {
  const passes = run.provider.resources.map((spec, index) => new ResourcePass(run, spec, index));
  await new StreamPool(run, passes).read();
}

interface Waiting {
  pass: ResourcePass;
  key: string;
}

class StreamPool {
  private readonly target: StreamTarget;
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;
  private readonly running = new Set<Promise<void>>();
  /** Streams to read, first come first served; a stream that yields its place goes to the back. */
  private readonly waiting: Waiting[] = [];
  private readonly skipped = new Set<ResourcePass>();
  private failure: { error: unknown } | null = null;
  /** Wakes `read` when a stream ends or a split added streams. */
  private wake: (() => void) | null = null;

  constructor(
    private readonly run: RunContext,
    private readonly passes: ResourcePass[],
  ) {
    this.target = new StreamTarget(run.rateLimit);
    this.signal = AbortSignal.any([run.signal, this.stop.signal]);
    for (const pass of passes) {
      for (const key of pass.unfinished()) this.waiting.push({ pass, key });
    }
  }

  async read(): Promise<void> {
    // Every call, as it finishes, tells the pace: its round trip, and whether the ATS refused
    // for its rate (which must slow the pull before more calls are refused).
    const unobserve = this.run.observeApiCalls((call) => {
      if (call.latencyMs !== undefined && call.latencyMs !== null) {
        this.target.observe(call.latencyMs);
      }
      if (call.rateLimited > 0) this.target.throttled();
    });
    try {
      for (;;) {
        if (!this.failure) this.fill();
        if (this.running.size === 0) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    } finally {
      unobserve();
    }
    if (this.failure) throw this.failure.error;
    if (this.run.signal.aborted) throw new RunCancelled();
    for (const pass of this.passes) {
      if (!this.skipped.has(pass)) pass.finishProgress();
    }
  }

  private get reading(): number {
    return this.passes.reduce((sum, pass) => sum + pass.readingCount, 0);
  }

  /** Starts waiting streams while there is room. */
  private fill(): void {
    while (!this.signal.aborted && this.reading < this.target.value) {
      const next = this.takeWaiting();
      if (!next) return;
      this.start(next.pass, next.key);
    }
  }

  private takeWaiting(): Waiting | null {
    for (;;) {
      const next = this.waiting.shift();
      if (!next) return null;
      // A stream a restarted pass dropped, or of a resource skipped, is not read.
      if (!this.skipped.has(next.pass) && !next.pass.isDone(next.key)) return next;
    }
  }

  private start(pass: ResourcePass, key: string): void {
    pass.claim(key);
    const task = this.readStream(pass, key)
      .then((yielded) => {
        if (yielded) this.waiting.push({ pass, key });
      })
      .catch((error: unknown) => this.failed(pass, error))
      .finally(() => {
        pass.release(key);
        this.running.delete(task);
        this.wake?.();
      });
    this.running.add(task);
  }

  /**
   * One stream, page by page, until it is done or the pull stops. Resolves true when it yields its
   * place to a waiting stream (fewer streams are allowed than are running, after a 429): it goes
   * to the back of the queue, so every stream keeps moving and no cursor waits long.
   */
  private async readStream(pass: ResourcePass, key: string): Promise<boolean> {
    const { run } = this;
    const attribution = streamKey(pass.spec.name, key);
    while (!pass.isDone(key)) {
      if (this.signal.aborted) return false;
      const page = await inStream(attribution, () =>
        run.provider.fetchPage(pass.request(key, this.signal)),
      );
      crashPoint('pull:after-response');
      pass.commitPage(key, page, run.takeApiCalls(attribution));
      if (pass.isDone(key)) return false;
      this.offerSplit(pass, key);
      if (pass.isDone(key)) return false;
      if (this.reading > this.target.value && this.waiting.length > 0) return true;
    }
    return false;
  }

  /**
   * At a page boundary: when more streams could be read than are running or waiting, the stream
   * offers the provider to divide what it has left.
   */
  private offerSplit(pass: ResourcePass, key: string): void {
    const { provider } = this.run;
    if (!provider.splitStream || this.signal.aborted) return;
    if (this.reading >= this.target.value || this.waiting.length > 0) return;
    const split = provider.splitStream({
      resource: pass.spec.name,
      stream: key,
      cursor: pass.cursorOf(key),
    });
    if (!split) return;
    for (const spawned of pass.commitSplit(key, split)) this.waiting.push({ pass, key: spawned });
    this.fill();
  }

  private failed(pass: ResourcePass, error: unknown): void {
    // A missing permission disables one resource, not the whole sync.
    if (isAtsApiError(error) && error.kind === 'permission') {
      if (this.skipped.has(pass)) return;
      this.skipped.add(pass);
      const { spec } = pass;
      this.run.stats.warnings.push(`${spec.label} skipped: ${error.message}`);
      this.run.log({
        level: 'warn',
        entity: spec.entities[0] ?? null,
        rule: 'missing-permission',
        apiCall: error.endpoint,
        result: 'skipped',
        requestId: error.requestId,
        message: `${spec.label} were not imported: ${error.message}`,
        nextStep: error.action ?? null,
      });
      pass.finishProgress();
      return;
    }
    // The first failure is the run's; what it stops (cancelled requests) is not.
    if (!this.failure) {
      this.failure = { error };
      this.stop.abort();
    }
  }
}
