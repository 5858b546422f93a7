import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  applyOpenAtLogin,
  AUTOSTART_FILE,
  autostartDir,
  autostartEntry,
  quoteExecArgument,
} from '../../../src/main/shell/login-item';
import { makeTempDir } from '../../support/temp-dir';

const temp = makeTempDir('kula-autostart-');
afterAll(() => temp.cleanup());

const COMMAND = ['/opt/Kula ATS Console/kula-ats-console', '--background'];

describe('open at login', () => {
  it('registers a login item with the background argument on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const setLoginItemSettings = vi.fn();
      const deps = {
        platform,
        setLoginItemSettings,
        command: COMMAND,
        autostartDir: temp.dir,
        appName: 'Kula ATS Console',
      };
      applyOpenAtLogin(true, deps);
      applyOpenAtLogin(false, deps);
      expect(setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true, args: ['--background'] }],
        [{ openAtLogin: false, args: ['--background'] }],
      ]);
    }
  });

  it('writes and removes a freedesktop autostart entry on Linux', () => {
    const dir = path.join(temp.dir, 'autostart');
    const deps = {
      platform: 'linux' as const,
      setLoginItemSettings: vi.fn(),
      command: COMMAND,
      autostartDir: dir,
      appName: 'Kula ATS Console',
    };
    applyOpenAtLogin(true, deps);
    const file = path.join(dir, AUTOSTART_FILE);
    expect(fs.readFileSync(file, 'utf8')).toBe(autostartEntry('Kula ATS Console', COMMAND));
    expect(fs.readFileSync(file, 'utf8')).toContain(
      'Exec="/opt/Kula ATS Console/kula-ats-console" --background',
    );
    applyOpenAtLogin(false, deps);
    expect(fs.existsSync(file)).toBe(false);
    applyOpenAtLogin(false, deps);
    expect(deps.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes Exec arguments as the desktop entry specification asks', () => {
    expect(quoteExecArgument('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArgument('/home/a b/app')).toBe('"/home/a b/app"');
    expect(quoteExecArgument('say "hi" $HOME `x` \\')).toBe('"say \\"hi\\" \\$HOME \\`x\\` \\\\"');
    expect(quoteExecArgument('100%')).toBe('"100%%"');
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/a')).toBe('/cfg/autostart');
    expect(autostartDir({}, '/home/a')).toBe('/home/a/.config/autostart');
  });
});
