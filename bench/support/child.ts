import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const BENCH_ROOT = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(BENCH_ROOT, '..');
export const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * Starts a TypeScript file in a child Node process (through tsx), stdout piped. With
 * `BENCH_PROF_DIR` set, every child (scenarios and simulators) writes a CPU profile there.
 */
export function spawnTs(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const profileDir = process.env.BENCH_PROF_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', file, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with the first stdout line of a child. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        child.stdout?.off('data', onData);
        resolve(buffer.slice(0, newline));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready`)));
  });
}
