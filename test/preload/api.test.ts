import { describe, expect, it, vi } from 'vitest';
import { createKulaApi } from '../../src/preload/api';

describe('createKulaApi', () => {
  it('exposes exactly invoke and on', () => {
    const api = createKulaApi({ invoke: vi.fn(), subscribe: vi.fn() });
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('refuses an unknown channel without touching the transport', async () => {
    const transport = { invoke: vi.fn(), subscribe: vi.fn() };
    const api = createKulaApi(transport);
    const result = await api.invoke('fs:read' as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(transport.invoke).not.toHaveBeenCalled();
  });

  it('forwards contract channels and allowlisted events', async () => {
    const transport = {
      invoke: vi.fn(async () => ({ ok: true, value: [] })),
      subscribe: vi.fn(() => () => undefined),
    };
    const api = createKulaApi(transport);
    await api.invoke('connections:list');
    expect(transport.invoke).toHaveBeenCalledWith('connections:list', undefined);
    api.on('db:changed', () => undefined);
    expect(transport.subscribe).toHaveBeenCalledWith('db:changed', expect.any(Function));
    expect(() => api.on('evil:event' as never, () => undefined)).toThrow(/Unknown event/);
  });
});
