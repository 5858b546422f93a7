import { SeededRandom } from './random';

/**
 * How long the simulated ATS takes to answer a request: `ms` on average, each request drawn
 * uniformly within ±`jitter` (a fraction: 0.1 = ±10%) of it, so pages do not arrive in lockstep.
 */
export interface LatencyConfig {
  ms: number;
  jitter?: number;
}

/**
 * The server's think time per request. `wait()` is a timer, not a lock: while one request waits,
 * the server reads, answers and delays others, so concurrent requests overlap as they do on a
 * real server and only a client that sends one at a time pays the latency in series.
 * The draws come from a seed, so a run is repeatable.
 */
export class ResponseDelay {
  private config: Required<LatencyConfig>;
  private readonly random: SeededRandom;

  constructor(config: LatencyConfig = { ms: 0 }, seed = 7) {
    this.config = ResponseDelay.normalize(config);
    this.random = new SeededRandom(seed);
  }

  private static normalize(config: LatencyConfig): Required<LatencyConfig> {
    const jitter = Math.min(1, Math.max(0, config.jitter ?? 0));
    return { ms: Math.max(0, config.ms), jitter };
  }

  set(config: LatencyConfig): void {
    this.config = ResponseDelay.normalize(config);
  }

  get current(): Required<LatencyConfig> {
    return { ...this.config };
  }

  /** This request's latency in ms: within ±jitter of the mean. */
  draw(): number {
    const { ms, jitter } = this.config;
    if (ms === 0) return 0;
    return ms * (1 + jitter * (2 * this.random.next() - 1));
  }

  /** Resolves after this request's latency (at once when there is none). */
  wait(): Promise<void> {
    const ms = this.draw();
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
