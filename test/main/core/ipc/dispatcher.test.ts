import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../../../src/main/core/ipc/dispatcher';
import { ConsoleError } from '../../../../src/main/core/errors';
import { silentLogger } from '../../../../src/main/core/logging/logger';
import type { Handlers } from '../../../../src/shared/ipc/contract';
import { openTestCore } from '../../../support/core';

const trusted = { url: 'app://console/index.html', isMainFrame: true };
const trustOnlyApp = (caller: { url: string | null; isMainFrame: boolean }) =>
  caller.url?.startsWith('app://console/') === true && caller.isMainFrame;

function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const base = {} as Record<string, unknown>;
  for (const name of [
    'app:get-info',
    'settings:get',
    'settings:update',
    'connections:list',
    'runs:list',
    'audit:list',
    'links:open-external',
  ]) {
    base[name] = vi.fn(() => 'value');
  }
  return { ...(base as unknown as Handlers), ...overrides };
}

describe('createDispatcher', () => {
  it('refuses an untrusted sender without running the handler', async () => {
    const handlers = fakeHandlers();
    const dispatch = createDispatcher(handlers, trustOnlyApp, silentLogger);
    const result = await dispatch('connections:list', undefined, {
      url: 'https://evil.example/',
      isMainFrame: true,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handlers['connections:list']).not.toHaveBeenCalled();
  });

  it('refuses a call from a sub-frame of the app', async () => {
    const dispatch = createDispatcher(fakeHandlers(), trustOnlyApp, silentLogger);
    const result = await dispatch('connections:list', undefined, {
      ...trusted,
      isMainFrame: false,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('returns UNKNOWN_CHANNEL for a channel outside the contract', async () => {
    const dispatch = createDispatcher(fakeHandlers(), trustOnlyApp, silentLogger);
    const result = await dispatch('shell:exec', {}, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('returns BAD_INPUT with field issues and never runs the handler on invalid input', async () => {
    const handlers = fakeHandlers();
    const dispatch = createDispatcher(handlers, trustOnlyApp, silentLogger);
    const result = await dispatch('settings:update', { syncIntervalMinutes: 'often' }, trusted);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_INPUT');
      expect(result.error.issues?.[0]?.path).toBe('syncIntervalMinutes');
      expect(result.error.message).toContain('syncIntervalMinutes');
    }
    expect(handlers['settings:update']).not.toHaveBeenCalled();
  });

  it('turns a ConsoleError into its code, message and action', async () => {
    const dispatch = createDispatcher(
      fakeHandlers({
        'connections:list': () => {
          throw new ConsoleError('NOT_FOUND', 'No such connection.', 'Pick one from the list.');
        },
      }),
      trustOnlyApp,
      silentLogger,
    );
    expect(await dispatch('connections:list', undefined, trusted)).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: 'No such connection.',
        action: 'Pick one from the list.',
      },
    });
  });

  it('hides the details of an unexpected error behind a generic INTERNAL message', async () => {
    const log = { ...silentLogger, error: vi.fn() };
    const dispatch = createDispatcher(
      fakeHandlers({
        'connections:list': () => {
          throw new Error('SQLITE_CORRUPT at /home/admin/secret-path');
        },
      }),
      trustOnlyApp,
      log,
    );
    const result = await dispatch('connections:list', undefined, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('secret-path');
    expect(log.error).toHaveBeenCalled();
  });

  it('passes parsed input with defaults applied to the real handlers', async () => {
    const { core, cleanup } = openTestCore();
    try {
      const dispatch = core.createDispatch(trustOnlyApp);
      const result = await dispatch('runs:list', {}, trusted);
      expect(result).toEqual({ ok: true, value: [] });
    } finally {
      await cleanup();
    }
  });
});
