import { describe, expect, it, vi } from 'vitest';
import { MemorySettingsStore } from '../../../src/main/core/settings/settings-store';
import { observeSettings } from '../../../src/main/shell/settings-watch';

describe('observeSettings', () => {
  it('tells the shell each change with the values before and after, and nothing on a refused one', () => {
    const onChange = vi.fn();
    const store = observeSettings(new MemorySettingsStore(), onChange);
    store.update({ theme: 'dark' });
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ theme: 'dark' }),
      expect.objectContaining({ theme: 'system' }),
    );
    expect(() => store.update({ syncIntervalMinutes: 1 })).toThrow();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(store.get().theme).toBe('dark');
  });
});
