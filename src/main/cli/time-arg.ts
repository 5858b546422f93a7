import { UsageError } from './command';

/**
 * A time on the command line: ISO 8601 (`2026-03-01T09:00:00Z`), a date (`2026-03-01`, local
 * midnight), or an age (`30m`, `2h`, `7d`: that long ago). Returns ISO 8601.
 */
export function parseTimeArg(option: string, value: unknown, now = Date.now()): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const age = /^(\d+)\s*(s|m|min|h|d|w)$/i.exec(text);
  if (age) {
    const unit = age[2]!.toLowerCase();
    const ms = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
      unit
    ]!;
    return new Date(now - Number(age[1]) * ms).toISOString();
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00`) : new Date(text);
  if (text === '' || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--${option} "${text}" is not a time. Use an age like 2h or 7d, a date like 2026-03-01, or 2026-03-01T09:00:00Z.`,
    );
  }
  return date.toISOString();
}

/** A whole number option within bounds. */
export function parseCountArg(
  option: string,
  value: unknown,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw new UsageError(`--${option} must be a whole number from 1 to ${max}.`);
  }
  return number;
}
