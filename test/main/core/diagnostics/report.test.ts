import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insertConnection } from '../../../../src/main/core/db/repos/connections';
import { appendLogLine } from '../../../../src/main/core/db/repos/sync-log';
import { finishRun, startRun } from '../../../../src/main/core/db/repos/sync-runs';
import { readLogTail } from '../../../../src/main/core/diagnostics/log-tail';
import {
  buildDiagnostics,
  diagnosticsFileName,
} from '../../../../src/main/core/diagnostics/report';
import { openTestCore } from '../../../support/core';
import { makeTempDir } from '../../../support/temp-dir';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const HOST = {
  versions: { Electron: '45.4.1', Chromium: '142.0.0.0', Node: '22.20.0' },
  madeBy: 'app',
};

describe('the diagnostics file', () => {
  it('holds the versions, each connection’s state, recent runs with their errors and the log’s last lines', () => {
    const test = openTestCore();
    cleanup = test.cleanup;
    const { context: ctx } = test.core;
    const now = new Date().toISOString();
    insertConnection(ctx.db, {
      id: 'ashby-1',
      provider: 'ashby',
      label: 'Acme Ashby',
      baseUrl: 'https://api.ashbyhq.com',
      authMode: 'api_key',
      now,
    });
    const runId = startRun(ctx.db, {
      connectionId: 'ashby-1',
      trigger: 'scheduled',
      mode: 'incremental',
      now,
    });
    finishRun(ctx.db, runId, {
      status: 'failed',
      now,
      message: 'Ashby refused the key. Reconnect Ashby.',
      errorCode: 'AUTH_FAILED',
    });
    appendLogLine(ctx.db, {
      runId,
      connectionId: 'ashby-1',
      at: now,
      level: 'error',
      apiCall: 'POST /candidate.list',
      requestId: 'req-7f3a',
      message: 'The key was refused',
      nextStep: 'Reconnect Ashby.',
    });
    const logs = path.join(test.dataDir, 'logs');
    fs.mkdirSync(logs, { recursive: true });
    fs.writeFileSync(path.join(logs, 'app.log'), '{"level":"info","message":"window opened"}\n');

    const text = buildDiagnostics(ctx, HOST);
    for (const expected of [
      'Kula ATS Console diagnostics',
      'App: 0.',
      'Electron: 45.4.1',
      'Chromium: 142.0.0.0',
      'Node: 22.20.0',
      `Database schema: ${ctx.db.pragma('user_version', { simple: true }) as number}`,
      'OS: ',
      '- Acme Ashby [ashby-1] ashby, api_key, connected',
      `#${runId} Acme Ashby scheduled/incremental failed`,
      'AUTH_FAILED; Ashby refused the key. Reconnect Ashby.',
      'POST /candidate.list (request req-7f3a): The key was refused Next step: Reconnect Ashby.',
      '== logs/app.log (last 200 lines) ==\n{"level":"info","message":"window opened"}',
      '== logs/cli.log (last 200 lines) ==',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('passes every line through the redactor, log lines included', () => {
    const test = openTestCore();
    cleanup = test.cleanup;
    const { context: ctx } = test.core;
    const secret = 'lever-access-token-5b2c9e71aa';
    ctx.redactor.register(secret);
    const logs = path.join(test.dataDir, 'logs');
    fs.mkdirSync(logs, { recursive: true });
    fs.writeFileSync(
      path.join(logs, 'cli.log'),
      `{"message":"retry with ${secret}"}\nAuthorization: Bearer abcdefghijkl123\n`,
    );
    const text = buildDiagnostics(ctx, HOST);
    expect(text).toContain('retry with [redacted]');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('abcdefghijkl123');
  });

  it('proposes a file name with the date and time', () => {
    expect(diagnosticsFileName(new Date('2025-01-02T09:30:45Z'))).toBe(
      'kula-console-diagnostics-2025-01-02-0930.txt',
    );
  });
});

describe('readLogTail', () => {
  it('reads only the last lines of a large file and drops a line cut in the middle', () => {
    const temp = makeTempDir('kula-tail-');
    try {
      const file = path.join(temp.dir, 'app.log');
      const lines = Array.from({ length: 20_000 }, (_, n) => `line ${n} ${'x'.repeat(40)}`);
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const tail = readLogTail(file, 200);
      expect(tail).toHaveLength(200);
      expect(tail[0]).toBe(lines[19_800]);
      expect(tail.at(-1)).toBe(lines[19_999]);
      expect(readLogTail(file, 100_000).every((line) => /^line \d+ x{40}$/.test(line))).toBe(true);
      expect(readLogTail(path.join(temp.dir, 'missing.log'), 10)).toEqual([]);
    } finally {
      temp.cleanup();
    }
  });
});
