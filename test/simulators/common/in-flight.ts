/** What the meter saw since its last reset. */
export interface InFlightStats {
  /** Requests that arrived. */
  requests: number;
  /** The most requests open at once. */
  max: number;
  /**
   * The time-average of requests open, from the first arrival to the last answer (or now, while
   * some are still open): how many streams a client kept busy, as the server sees it.
   */
  mean: number;
  /** When the first request arrived (ms since the epoch), or null. */
  firstArrivalAt: number | null;
  /** When the last request was answered or dropped (ms since the epoch), or null. */
  lastDoneAt: number | null;
  /** Requests open right now. */
  open: number;
}

/**
 * Counts the requests a server holds at once, from the moment one arrives to the moment its
 * answer is sent (or its connection drops): the concurrency a client achieved, seen from the
 * server. The mean is weighted by time.
 */
export class InFlightMeter {
  private open = 0;
  private requests = 0;
  private max = 0;
  /** Open requests × milliseconds, summed since the first arrival. */
  private area = 0;
  private changedAt = 0;
  private firstArrivalAt: number | null = null;
  private lastDoneAt: number | null = null;

  constructor(private readonly now: () => number = () => Date.now()) {}

  private advance(): number {
    const now = this.now();
    if (this.firstArrivalAt !== null) this.area += this.open * (now - this.changedAt);
    this.changedAt = now;
    return now;
  }

  /** A request arrived; call the returned function once when it is answered or dropped. */
  enter(): () => void {
    const now = this.advance();
    this.firstArrivalAt ??= now;
    this.open += 1;
    this.requests += 1;
    this.max = Math.max(this.max, this.open);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.lastDoneAt = this.advance();
      this.open -= 1;
    };
  }

  /** Starts a new window, which opens with the next request to arrive. */
  reset(): void {
    this.requests = 0;
    this.max = 0;
    this.area = 0;
    this.firstArrivalAt = null;
    this.lastDoneAt = null;
    this.changedAt = this.now();
  }

  stats(): InFlightStats {
    const at = this.open > 0 ? this.now() : (this.lastDoneAt ?? this.changedAt);
    const area = this.firstArrivalAt === null ? 0 : this.area + this.open * (at - this.changedAt);
    const span = this.firstArrivalAt === null ? 0 : at - this.firstArrivalAt;
    return {
      requests: this.requests,
      max: this.max,
      mean: span > 0 ? area / span : this.open,
      firstArrivalAt: this.firstArrivalAt,
      lastDoneAt: this.lastDoneAt,
      open: this.open,
    };
  }
}
