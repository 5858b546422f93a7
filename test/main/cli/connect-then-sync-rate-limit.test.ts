import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliProcess } from '../../support/cli';
import { TEST_PASSPHRASE } from '../../support/core';
import { REPO_ROOT } from '../../support/paths';
import { makeTempDir } from '../../support/temp-dir';
import {
  LEVER_FULL_ACCESS_KEY,
  startLeverSimulator,
  type LeverSimulator,
} from '../../simulators/lever/server';

const CLI_ON_CUE = path.join(__dirname, 'fixtures', 'cli-on-cue.ts');

/** A `kula-console` process already loaded; `run(args)` starts the command at once. */
function cliOnCue(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ON_CUE], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('READY\n')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return {
    ready,
    kill: () => child.kill('SIGKILL'),
    async run(args: string[]) {
      child.stdin.end(`${JSON.stringify(args)}\n`);
      return { code: await exited, stdout: () => stdout, stderr: () => stderr };
    },
  };
}

let sim: LeverSimulator;
beforeAll(async () => {
  // Lever's own limits (10 requests a second per key, bursts of 20), and enough opportunities
  // that the import's first pages alone would spend a fresh burst.
  sim = await startLeverSimulator({
    tenant: { opportunities: 3000 },
    rateLimit: { enabled: true },
  });
});
afterAll(() => sim.close());

describe('one rate limit per connection across processes', () => {
  // The second command is loaded ahead and started the moment the first prints its last line, as
  // `connect … && sync` does on a fast machine: each process alone keeps to Lever's limit, so
  // only a limit shared between them keeps the pair under it.
  it('connect lever followed at once by sync causes no 429 at Lever', async () => {
    const temp = makeTempDir('kula-cli-limit-');
    const env = { LEVER_API_KEY: LEVER_FULL_ACCESS_KEY, KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE };
    const next = cliOnCue(env);
    try {
      await next.ready;
      const connect = startCliProcess(
        ['--data-dir', temp.dir, 'connect', 'lever', '--base-url', sim.apiUrl],
        env,
      );
      const nextStep = /Next: kula-console sync (lever-[0-9a-f]+)/;
      await connect.waitFor(nextStep);
      const id = nextStep.exec(connect.stdout())![1]!;
      const connectRequests = sim.requests.entries.length;
      const sync = await next.run(['--data-dir', temp.dir, 'sync', id]);
      expect(sync.code, sync.stderr()).toBe(0);
      expect(await connect.exited).toBe(0);
      // Both commands made their requests: the check's, then the import's pages.
      expect(connectRequests).toBeGreaterThan(5);
      expect(sim.requests.entries.length - connectRequests).toBeGreaterThan(30);
      expect(sim.requests.entries.filter((entry) => entry.status === 429)).toEqual([]);
      expect(sim.throttled).toBe(0);
    } finally {
      next.kill();
      temp.cleanup();
    }
  }, 60_000);
});
