/**
 * Labelled crash points for the crash campaign (test/reliability/crash), which kills the process
 * at chosen moments and checks that nothing is lost or done twice. With
 * `KULA_CRASH_AT=<label>:<n>` in the environment, the process kills itself with SIGKILL the n-th
 * time it reaches `<label>` (n defaults to 1). A parent process cannot land a kill between two
 * statements from outside; these labels can. Inert otherwise: the environment is read once at
 * start-up, and an unset variable makes every call a no-op.
 *
 * Labels: `pull:after-response` (a page arrived, nothing committed), `pull:mid-page` (inside the
 * page's transaction, rows written, checkpoint not), `writeback:after-claim`,
 * `writeback:after-response`, `writeback:after-commit`, `oauth:before-post`,
 * `oauth:before-persist` (the ATS rotated the token pair, the vault still has the old one),
 * `oauth:after-persist`, `migrate:step` (inside the migration transaction, after each migration),
 * `rate-limit:mid-transaction` (a connection's shared request budget written, not committed).
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
