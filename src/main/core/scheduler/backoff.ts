/**
 * How long the scheduler waits before trying a failed automatic sync again: doubling from a base
 * (30 s when the ATS was unreachable, 1 min when it was unavailable or asked to slow down), capped
 * at 15 minutes and at the connection's interval, with ±20% jitter so several connections (or
 * several admins' consoles hitting one ATS) do not retry in step.
 */
export function retryDelayMs(
  kind: 'network' | 'transient',
  failures: number,
  intervalMs: number,
  random: () => number = Math.random,
): number {
  const base = kind === 'network' ? 30_000 : 60_000;
  const cap = Math.min(15 * 60_000, intervalMs);
  const delay = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  return Math.round(delay * (0.8 + 0.4 * random()));
}
