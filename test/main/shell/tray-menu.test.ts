import { describe, expect, it, vi } from 'vitest';
import { buildTrayMenuTemplate, trayStatusText } from '../../../src/main/shell/tray-menu';

const time = (iso: string) => iso.slice(11, 16);

describe('the tray menu', () => {
  it('says what is syncing now, else how the last sync ended and when', () => {
    expect(trayStatusText({ running: ['Acme Ashby'], lastRun: null }, time)).toBe(
      'Syncing Acme Ashby…',
    );
    expect(
      trayStatusText(
        {
          running: [],
          lastRun: { label: 'Acme Lever', status: 'failed', finishedAt: '2026-01-05T14:05:00Z' },
        },
        time,
      ),
    ).toBe('Last sync of Acme Lever failed at 14:05');
    expect(
      trayStatusText(
        {
          running: [],
          lastRun: { label: 'Acme', status: 'succeeded', finishedAt: '2026-01-05T09:30:00Z' },
        },
        time,
      ),
    ).toBe('Last sync of Acme succeeded at 09:30');
    expect(trayStatusText({ running: [], lastRun: null }, time)).toBe('No sync has run yet');
  });

  it('shows the status (not clickable), then Sync now, Open and Quit, each calling its action', () => {
    const actions = { syncNow: vi.fn(), open: vi.fn(), quit: vi.fn() };
    const template = buildTrayMenuTemplate(
      'Last sync of Acme succeeded',
      'Kula ATS Console',
      actions,
    );
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Last sync of Acme succeeded',
      'separator',
      'Sync Now',
      'Open Kula ATS Console',
      'separator',
      'Quit Kula ATS Console',
    ]);
    expect(template[0]?.enabled).toBe(false);
    for (const [id, action] of [
      ['sync-now', actions.syncNow],
      ['open', actions.open],
      ['quit', actions.quit],
    ] as const) {
      (template.find((item) => item.id === id)?.click as () => void)();
      expect(action, id).toHaveBeenCalledTimes(1);
    }
  });
});
