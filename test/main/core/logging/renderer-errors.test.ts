import { afterEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../../../src/main/core/logging/logger';
import { openTestCore } from '../../../support/core';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const trusted = { url: 'app://console/index.html', isMainFrame: true };

function setup() {
  const lines: Array<{ level: string; message: string; fields?: LogFields }> = [];
  const record =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  let now = Date.parse('2026-01-05T09:00:00Z');
  const test = openTestCore({ logger, clock: { now: () => now } });
  cleanup = test.cleanup;
  const dispatch = test.core.createDispatch(() => true);
  return {
    lines,
    report: (input: unknown) => dispatch('app:report-error', input, trusted),
    advance: (ms: number) => (now += ms),
  };
}

describe('errors the window reports', () => {
  it('reach the diagnostic log with their stack, component stack and route', async () => {
    const { lines, report } = setup();
    const answer = await report({
      source: 'render',
      message: 'Cannot read properties of null',
      stack: 'TypeError: Cannot read properties of null\n    at JobsPage',
      componentStack: '\n    at JobsPage\n    at PageBoundary',
      route: '/jobs',
    });
    expect(answer).toEqual({ ok: true, value: { logged: true } });
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'renderer error: Cannot read properties of null',
        fields: {
          source: 'render',
          route: '/jobs',
          stack: expect.stringContaining('at JobsPage'),
          componentStack: expect.stringContaining('PageBoundary'),
        },
      },
    ]);
  });

  it('are refused when malformed, and capped at 20 a minute so a page failing in a loop cannot fill the log', async () => {
    const { lines, report, advance } = setup();
    expect(await report({ source: 'render' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(await report({ source: 'elsewhere', message: 'x' })).toMatchObject({ ok: false });
    for (let n = 0; n < 25; n++) await report({ source: 'window-error', message: `boom ${n}` });
    expect(lines.filter((line) => line.level === 'error')).toHaveLength(20);
    expect(await report({ source: 'window-error', message: 'still failing' })).toEqual({
      ok: true,
      value: { logged: false },
    });
    advance(60_000);
    expect(await report({ source: 'unhandled-rejection', message: 'later' })).toMatchObject({
      value: { logged: true },
    });
    expect(lines.at(-2)).toEqual({
      level: 'warn',
      message: 'renderer errors not logged (too many)',
      fields: { dropped: 6 },
    });
    expect(lines.at(-1)?.message).toBe('renderer error: later');
  });
});
