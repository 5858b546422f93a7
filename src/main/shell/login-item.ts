import fs from 'node:fs';
import path from 'node:path';

/**
 * "Open at login". macOS and Windows register a login item through Electron
 * (`app.setLoginItemSettings`); Linux has none, so the app writes a freedesktop autostart entry
 * (`~/.config/autostart/<name>.desktop`), which GNOME, KDE, Xfce and others read at login.
 */
export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** Electron's `app.setLoginItemSettings` (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  /** The command that starts the app in the background: the executable, then its arguments. */
  command: readonly string[];
  /** Linux: the autostart folder (`$XDG_CONFIG_HOME/autostart`). */
  autostartDir: string;
  appName: string;
}

export const AUTOSTART_FILE = 'kula-ats-console.desktop';

export function applyOpenAtLogin(enabled: boolean, deps: LoginItemDeps): void {
  if (deps.platform !== 'linux') {
    deps.setLoginItemSettings({ openAtLogin: enabled, args: [...deps.command.slice(1)] });
    return;
  }
  const file = path.join(deps.autostartDir, AUTOSTART_FILE);
  if (!enabled) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(deps.autostartDir, { recursive: true });
  fs.writeFileSync(file, autostartEntry(deps.appName, deps.command), { mode: 0o644 });
}

/** A freedesktop autostart entry running `command`. */
export function autostartEntry(appName: string, command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${appName}`,
    `Exec=${command.map(quoteExecArgument).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=true',
    '',
  ].join('\n');
}

/**
 * An argument of the `Exec` key: quoted when it holds anything but plain characters, with the
 * four characters the specification reserves inside quotes escaped, and `%` doubled (field codes).
 */
export function quoteExecArgument(argument: string): string {
  const escapedPercent = argument.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_./:=+,-]+$/.test(escapedPercent)) return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** Linux: where autostart entries go. */
export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'autostart');
}
