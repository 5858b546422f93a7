import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths';

/**
 * The CLI's own entry, run from its TypeScript source through tsx rather than from the bundle that
 * `npm run build` makes: a test then sees the source it tests, never a bundle left over from an
 * older build. test/main/cli/bundle.test.ts runs the bundle itself.
 */
export const CLI_FROM_SOURCE = [
  '--import',
  'tsx',
  path.join(REPO_ROOT, 'src', 'main', 'cli', 'bin.ts'),
];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `kula-console` in a child process, as an admin's shell would. */
export function runCliProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_FROM_SOURCE, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, KULA_VAULT_PASSPHRASE: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface LiveCli {
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves when the output so far (stdout or stderr) matches; rejects after `ms`. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', ms?: number): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  /** The exit code (a signal's death is `null`). */
  exited: Promise<number | null>;
}

/**
 * Starts the real `kula-console` and leaves it running (`watch`, a long `sync`), so a test can
 * read its output as it comes and send it signals as an admin's terminal would.
 */
export function startCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): LiveCli {
  const child = spawn(process.execPath, [...CLI_FROM_SOURCE, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, KULA_VAULT_PASSPHRASE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    output[stream] += chunk.toString();
    waiters.forEach((check) => check());
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  let closed = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      closed = true;
      waiters.forEach((check) => check());
      resolve(code);
    }),
  );
  return {
    pid: child.pid!,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    signal: (signal) => child.kill(signal),
    exited,
    waitFor(pattern, stream = 'stdout', ms = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `kula-console ${args.join(' ')} never printed ${pattern} on ${stream}.\nstdout: ${output.stdout}\nstderr: ${output.stderr}`,
            ),
          );
        }, ms);
        const check = () => {
          const matched = pattern.test(output[stream]);
          if (!matched && !closed) return;
          clearTimeout(timer);
          waiters.delete(check);
          if (matched) resolve();
          else
            reject(
              new Error(
                `kula-console ${args.join(' ')} exited without printing ${pattern} on ${stream}.\nstdout: ${output.stdout}\nstderr: ${output.stderr}`,
              ),
            );
        };
        waiters.add(check);
        check();
      });
    },
  };
}
