import type { RateLimit } from '../http/rate-limiter';

/**
 * How many streams a pull reads at once. With a request limit of `r` per second and an ATS that
 * answers in `L` seconds, `r × L` requests in flight keep the limiter busy: fewer, and the
 * latency sets the pace; more, and the extra requests only wait in the limiter (holding cursors
 * that may expire meanwhile). So the target is `r × L`, plus one for the time between a page's
 * answer and the next request, measured as the run goes (the median of the recent answers).
 *
 * Bounded by `MAX_STREAMS`: the ATSs here allow about 10 requests per second and answer in under
 * a second, so 12 covers `r × L` with room for slow answers; beyond it a runaway latency (an ATS in
 * trouble) would only open more cursors. Without a limit (a loopback simulator) the console's own
 * work sets the pace: `UNLIMITED_STREAMS` keeps a page in flight while another is committed.
 * A refusal for rate (429) halves the streams allowed, which grow back slowly (`throttled`).
 */
export const MAX_STREAMS = 12;
export const MIN_STREAMS = 2;
export const UNLIMITED_STREAMS = 4;
/** Until answers have been timed: enough to learn the latency without flooding the limiter. */
const FIRST_GUESS = 4;
const SAMPLES = 32;

/** After the ATS said "too many requests": the streams allowed halve, then grow back one at a time. */
const RECOVERY_MS = 10_000;

export class StreamTarget {
  private readonly latencies: number[] = [];
  /** Streams allowed since the ATS last refused a request for its rate; null when it has not. */
  private ceiling: number | null = null;
  private ceilingSince = 0;

  constructor(
    private readonly limit: RateLimit | null,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The ATS refused a request for its rate (a 429): it admits less than the limit the console
   * holds to, or others use the same budget. Fewer streams at once, at least one; they come back
   * one every 10 s without another refusal.
   */
  throttled(): void {
    this.ceiling = Math.max(1, Math.floor(this.value / 2));
    this.ceilingSince = this.now();
  }

  /** An answer's round trip (one attempt, without waiting for the limiter), in milliseconds. */
  observe(latencyMs: number): void {
    if (!(latencyMs >= 0)) return;
    this.latencies.push(latencyMs);
    if (this.latencies.length > SAMPLES) this.latencies.shift();
  }

  /** Streams to read at once now. */
  get value(): number {
    const target = this.byLatency();
    if (this.ceiling === null) return target;
    const recovered = Math.floor((this.now() - this.ceilingSince) / RECOVERY_MS);
    const ceiling = this.ceiling + recovered;
    if (ceiling >= target) {
      this.ceiling = null;
      return target;
    }
    return ceiling;
  }

  private byLatency(): number {
    if (!this.limit) return UNLIMITED_STREAMS;
    if (this.latencies.length === 0) return FIRST_GUESS;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]! / 1000;
    const inFlight = Math.ceil(this.limit.perSecond * median) + 1;
    return Math.min(MAX_STREAMS, Math.max(MIN_STREAMS, inFlight));
  }
}
