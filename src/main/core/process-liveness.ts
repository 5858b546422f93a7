import fs from 'node:fs';
import os from 'node:os';

/**
 * Whether a process named in a lock row (by pid, on this machine) still runs. Used by the
 * cross-process locks (sync runs, OAuth refresh) to take over a lock whose holder died.
 *
 * A pid alone is not an identity: after a crash the OS may give the same pid to an unrelated
 * process. Where the OS tells a process's start time (Linux: `/proc/<pid>/stat`, with the boot id)
 * the lock records it, and a pid that runs with another start time counts as dead. Elsewhere a pid
 * that answers counts as `alive-unverified`, and the lock relies on its heartbeat instead.
 */
export type Liveness = 'alive' | 'alive-unverified' | 'dead';

export interface ProcessProbe {
  /** This process's identity tag (start time + boot id), or null where the OS does not tell. */
  selfTag(): string | null;
  /** The state of `pid`; `tag` is what the lock recorded for it (null when none was). */
  liveness(pid: number, tag: string | null): Liveness;
  readonly hostname: string;
  readonly pid: number;
}

export function startTagOf(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may itself contain spaces and parentheses).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return 'exited';
    const startTime = fields[19];
    return startTime ? `${bootId()}:${startTime}` : null;
  } catch {
    return null;
  }
}

let cachedBootId: string | undefined;
function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = '';
    }
  }
  return cachedBootId;
}

function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const systemProcessProbe: ProcessProbe = {
  selfTag: () => startTagOf(process.pid),
  liveness(pid, tag) {
    if (!Number.isInteger(pid) || pid <= 0) return 'dead';
    if (pid === process.pid) return tag === null || tag === startTagOf(pid) ? 'alive' : 'dead';
    if (!signalZero(pid)) return 'dead';
    const current = startTagOf(pid);
    if (current === 'exited') return 'dead';
    if (tag !== null && current !== null) return current === tag ? 'alive' : 'dead';
    return 'alive-unverified';
  },
  hostname: os.hostname(),
  pid: process.pid,
};
