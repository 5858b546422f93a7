/**
 * Labelled crash points for the write-back crash tests (anchors-reliability §5.3): with
 * `KULA_CRASH_AT=<label>:<n>` in the environment, the process kills itself with SIGKILL the n-th
 * time it reaches `<label>` (n defaults to 1). Inert otherwise: one environment read at start-up.
 */
const spec = parse(process.env.KULA_CRASH_AT);
let hits = 0;

function parse(value: string | undefined): { label: string; n: number } | null {
  if (!value) return null;
  const match = /^(.*?)(?::(\d+))?$/.exec(value.trim());
  if (!match?.[1]) return null;
  return { label: match[1], n: match[2] ? Math.max(1, Number(match[2])) : 1 };
}

export function crashPoint(label: string): void {
  if (!spec || spec.label !== label) return;
  hits += 1;
  if (hits === spec.n) process.kill(process.pid, 'SIGKILL');
}
