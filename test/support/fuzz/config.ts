/**
 * Fuzzing budget. `npm test` runs a small, fixed-seed campaign so failures reproduce; a longer
 * run is one variable away: `FUZZ_RUNS=2000 npx vitest run test/main/fuzz` (and `FUZZ_SEED=…`
 * to explore other inputs). A failure prints fast-check's seed and path to replay it.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261122);

/** Cases per property: `base` in npm test, or FUZZ_RUNS (scaled by `base / 100`) when set. */
export function fuzzRuns(base: number): number {
  const requested = Number(process.env.FUZZ_RUNS);
  if (!Number.isFinite(requested) || requested <= 0) return base;
  return Math.max(1, Math.round((requested * base) / 100));
}

export function fuzzParams(base: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(base) };
}

/** Timeout for a fuzz test: generous per case, so FUZZ_RUNS runs are not cut short. */
export function fuzzTimeout(base: number, msPerCase: number): number {
  return 60_000 + fuzzRuns(base) * msPerCase;
}
