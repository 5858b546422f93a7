import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `kula-console` bin in a child process, as an admin's shell would. */
export function runCliProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'kula-console.cjs'), ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, KULA_VAULT_PASSPHRASE: '', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
