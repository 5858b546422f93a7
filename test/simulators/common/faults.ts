import type http from 'node:http';
import { SeededRandom } from './random';

export const FAULT_KINDS = [
  '429',
  '429-retry-after',
  '500',
  '502',
  '503',
  'timeout',
  'reset',
  'malformed-json',
  'truncated-json',
] as const;
/**
 * `lost-response`: the simulator does the work, then drops the connection before answering (the
 * ambiguous write: the ATS committed, the client never heard). Not in the default random pool;
 * name it in `kinds` or `queue` it.
 */
export const AFTER_HANDLING_FAULTS = ['lost-response'] as const;
/**
 * Faults a simulator answers in its ATS's own words (never in the default random pool):
 * `provider-error`: Ashby's HTTP 200 `success:false` with an error code no document lists;
 * `revoked`: the authorization is revoked mid-run (Lever: the request gets 401 and the refresh
 * that follows gets `invalid_grant`, as when a Super Admin revokes the app).
 */
export const PROVIDER_FAULTS = ['provider-error', 'revoked'] as const;
export type FaultKind =
  | (typeof FAULT_KINDS)[number]
  | (typeof AFTER_HANDLING_FAULTS)[number]
  | (typeof PROVIDER_FAULTS)[number];

/** Whether the fault lets the request be handled first (and only loses the answer). */
export function isAfterHandling(kind: FaultKind | null): kind is 'lost-response' {
  return kind === 'lost-response';
}

export interface FaultConfig {
  /** Probability (0..1) that a request gets a fault. */
  rate: number;
  kinds?: readonly FaultKind[];
  seed?: number;
  /** How long a `timeout` fault holds the request before dropping it. */
  hangMs?: number;
  /** Only requests to these paths get random faults (queued faults hit any path). */
  paths?: readonly string[];
  /** Only requests with these methods get random faults (e.g. `POST`: writes, not reads). */
  methods?: readonly string[];
}

/**
 * Decides, deterministically from its seed, which requests fail and how. Simulators call
 * `inject()` before handling a request; provider-specific faults (Ashby `success:false`, Lever
 * `invalid_grant`) are scheduled by the simulators themselves through `queue()`.
 */
export class FaultInjector {
  private rng: SeededRandom;
  private config: FaultConfig;
  private readonly queued: FaultKind[] = [];
  private readonly scheduled = new Map<number, FaultKind>();
  private seen = 0;
  readonly injected: Array<{ at: number; kind: FaultKind; path: string }> = [];

  constructor(config: FaultConfig = { rate: 0 }) {
    this.config = config;
    this.rng = new SeededRandom(config.seed ?? 1);
  }

  configure(config: FaultConfig): void {
    this.config = config;
    this.rng = new SeededRandom(config.seed ?? 1);
  }

  /** Forces the next requests to fail with these faults, in order. */
  queue(...kinds: FaultKind[]): void {
    this.queued.push(...kinds);
  }

  /** The `request`-th request from now (1 = the next one) gets this fault, whatever its path. */
  at(request: number, kind: FaultKind): void {
    this.scheduled.set(this.seen + request, kind);
  }

  /** Picks the fault for this request, or null. */
  next(path: string, method?: string): FaultKind | null {
    this.seen++;
    const scheduled = this.scheduled.get(this.seen);
    this.scheduled.delete(this.seen);
    const kind =
      scheduled ??
      this.queued.shift() ??
      (this.config.rate > 0 &&
      (!this.config.paths || this.config.paths.includes(path)) &&
      (!this.config.methods || (method !== undefined && this.config.methods.includes(method))) &&
      this.rng.chance(this.config.rate)
        ? this.rng.pick(this.config.kinds ?? FAULT_KINDS)
        : null);
    if (kind) this.injected.push({ at: Date.now(), kind, path });
    return kind;
  }

  /**
   * Writes the fault response. `errorBody` is the provider's own error envelope for HTTP errors.
   * Provider faults are answered by the simulator itself; here they become a plain 500.
   */
  respond(kind: FaultKind, res: http.ServerResponse, errorBody: (status: number) => unknown): void {
    const json = (status: number, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(errorBody(status));
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(text);
    };
    switch (kind) {
      case '429':
        return json(429);
      case '429-retry-after':
        return json(429, { 'retry-after': '1' });
      case '500':
      case 'provider-error':
      case 'revoked':
        return json(500);
      case '502':
        return json(502);
      case '503':
        return json(503, { 'retry-after': '1' });
      case 'timeout': {
        const timer = setTimeout(() => res.socket?.destroy(), this.config.hangMs ?? 60_000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'reset':
        res.socket?.destroy();
        return;
      case 'malformed-json':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"success": tru, "results": [');
        return;
      case 'lost-response':
        res.socket?.destroy();
        return;
      case 'truncated-json':
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': '4096',
        });
        res.write('{"data": [{"id": "');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
    }
  }
}
