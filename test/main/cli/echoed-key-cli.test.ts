import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/cli';
import { openTestCore } from '../../support/core';
import { filesContaining, makeTempDir } from '../../support/temp-dir';

/**
 * A server that echoes the API key it was sent (in its error text, and as the Basic credentials
 * it received): nothing the console prints during `connect`, in text or JSON, nothing it sends
 * over IPC, and nothing it writes to the data folder contains the key in either form.
 */
const KEY = 'echoed_live_key_7Hq2Lm9Xw4Rt';
const BASIC = Buffer.from(`${KEY}:`).toString('base64');
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const key = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
      .toString()
      .replace(/:$/, '');
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          success: false,
          errorInfo: {
            code: 'invalid_input',
            message: `The key ${key} (sent as ${auth}) is not allowed here`,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function expectNoKey(text: string): void {
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(BASIC);
}

describe('an API key echoed back by the server', { timeout: 120_000 }, () => {
  it('is never printed by `connect`, in text or JSON, nor written to the data folder', async () => {
    const temp = makeTempDir('kula-echo-');
    try {
      for (const json of [[], ['--json']]) {
        const run = await runCliProcess(
          ['--data-dir', temp.dir, ...json, 'connect', 'ashby', '--base-url', url],
          { ASHBY_API_KEY: KEY },
        );
        expect(run.code).toBe(1);
        expect(run.stdout + run.stderr).toContain('is not allowed here');
        expectNoKey(run.stdout + run.stderr);
      }
      expect(filesContaining(temp.dir, KEY)).toEqual([]);
      expect(filesContaining(temp.dir, BASIC)).toEqual([]);
    } finally {
      temp.cleanup();
    }
  });

  it('never crosses IPC to the window', async () => {
    const { core, cleanup } = openTestCore();
    try {
      const dispatch = core.createDispatch(() => true);
      const caller = { url: 'app://console/index.html', isMainFrame: true };
      const credential = { kind: 'api_key', apiKey: KEY };
      const answers = [
        await dispatch(
          'connections:check',
          { provider: 'ashby', baseUrl: url, credential },
          caller,
        ),
        await dispatch(
          'connections:create',
          { provider: 'ashby', baseUrl: url, credential },
          caller,
        ),
      ];
      for (const answer of answers) expect(answer.ok).toBe(false);
      const text = JSON.stringify(answers);
      expect(text).toContain('is not allowed here');
      expectNoKey(text);
    } finally {
      await cleanup();
    }
  });
});
