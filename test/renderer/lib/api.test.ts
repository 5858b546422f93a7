import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TableName } from '../../../src/shared/ipc/tables';

type Listener = (payload: unknown) => void;

/** A stand-in for the preload bridge: records subscriptions and lets the test emit events. */
function fakeBridge() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    api: {
      invoke: vi.fn(),
      on(event: string, listener: Listener) {
        const set = listeners.get(event) ?? new Set<Listener>();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
    },
    emit(event: string, payload: unknown) {
      listeners.get(event)?.forEach((listener) => listener(payload));
    },
    count(event: string) {
      return listeners.get(event)?.size ?? 0;
    },
  };
}

let bridge: ReturnType<typeof fakeBridge>;
const api = () => import('../../../src/renderer/src/lib/api');

beforeEach(() => {
  bridge = fakeBridge();
  vi.stubGlobal('window', { api: bridge.api });
});
afterEach(() => vi.unstubAllGlobals());

const changed = (...tables: TableName[]) => bridge.emit('db:changed', { tables });

describe('onStale', () => {
  it('calls the listener when main changes a table behind a channel read', async () => {
    const { onStale } = await api();
    const listener = vi.fn();
    onStale(['ats:list-jobs'], listener);
    changed('ats_applications');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignores changes to tables no channel read is made of', async () => {
    const { onStale } = await api();
    const listener = vi.fn();
    onStale(['ats:list-jobs'], listener);
    changed('kula_notes', 'audit_log');
    expect(listener).not.toHaveBeenCalled();
  });

  it('calls the listener once per event, however many of its tables changed', async () => {
    const { onStale } = await api();
    const listener = vi.fn();
    onStale(['candidates:get'], listener);
    changed('kula_notes', 'outbox', 'kula_candidates');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops listening once its unsubscribe is called', async () => {
    const { onStale } = await api();
    const listener = vi.fn();
    const off = onStale(['audit:list'], listener);
    off();
    changed('audit_log');
    expect(listener).not.toHaveBeenCalled();
    expect(bridge.count('db:changed')).toBe(0);
  });
});

describe('call', () => {
  it('unwraps a successful answer', async () => {
    const { call } = await api();
    bridge.api.invoke.mockResolvedValue({ ok: true, value: [] });
    await expect(call('runs:list', { limit: 5 })).resolves.toEqual([]);
    expect(bridge.api.invoke).toHaveBeenCalledWith('runs:list', { limit: 5 });
  });

  it('throws a failure as an ApiError with its code, action and issues', async () => {
    const { call, ApiError } = await api();
    bridge.api.invoke.mockResolvedValue({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: 'A flow needs a name.',
        action: 'Type a name.',
        issues: [{ path: 'name', message: 'Type a name.' }],
      },
    });
    const failure = await call('flows:create', { name: '', link: null }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      code: 'BAD_INPUT',
      message: 'A flow needs a name.',
      action: 'Type a name.',
      issues: [{ path: 'name', message: 'Type a name.' }],
    });
  });
});

describe('describing errors', () => {
  it("shows the console's own errors with what to do", async () => {
    const { describeError, errorText, ApiError } = await api();
    const error = new ApiError({
      code: 'NETWORK',
      message: 'Ashby did not answer.',
      action: 'Check the network.',
    });
    expect(describeError(error)).toEqual({
      message: 'Ashby did not answer.',
      action: 'Check the network.',
    });
    expect(errorText(error)).toBe('Ashby did not answer. Check the network.');
  });

  it('leaves the action out when the error has none', async () => {
    const { describeError, errorText, ApiError } = await api();
    const error = new ApiError({ code: 'NOT_FOUND', message: 'There is no flow “x”.' });
    expect(describeError(error)).toEqual({ message: 'There is no flow “x”.' });
    expect(errorText(error)).toBe('There is no flow “x”.');
  });

  it('never shows the text of an unexpected error, only that the console misbehaved', async () => {
    const { describeError } = await api();
    const shown = describeError(new TypeError('secret internals at line 3'));
    expect(shown.message).toBe('The console did not answer as expected.');
    expect(JSON.stringify(shown)).not.toContain('secret');
  });

  it('shows a problem the window found itself like one from main', async () => {
    const { describeError, localError } = await api();
    expect(describeError(localError('“cv.pdf” is too large.', 'Choose a smaller file.'))).toEqual({
      message: '“cv.pdf” is too large.',
      action: 'Choose a smaller file.',
    });
  });
});
