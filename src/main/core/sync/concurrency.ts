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
 */
export const MAX_STREAMS = 12;
export const MIN_STREAMS = 2;
export const UNLIMITED_STREAMS = 4;
/** Until answers have been timed: enough to learn the latency without flooding the limiter. */
const FIRST_GUESS = 4;
const SAMPLES = 32;

export class StreamTarget {
  private readonly latencies: number[] = [];

  constructor(private readonly limit: RateLimit | null) {}

  /** An answer's round trip (one attempt, without waiting for the limiter), in milliseconds. */
  observe(latencyMs: number): void {
    if (!(latencyMs >= 0)) return;
    this.latencies.push(latencyMs);
    if (this.latencies.length > SAMPLES) this.latencies.shift();
  }

  /** Streams to read at once now. */
  get value(): number {
    if (!this.limit) return UNLIMITED_STREAMS;
    if (this.latencies.length === 0) return FIRST_GUESS;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]! / 1000;
    const inFlight = Math.ceil(this.limit.perSecond * median) + 1;
    return Math.min(MAX_STREAMS, Math.max(MIN_STREAMS, inFlight));
  }
}
