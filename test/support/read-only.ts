import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A read-only view of a folder, the way a machine makes one: a read-only bind mount when the tests
 * run as root (root ignores file modes), else the folder's own write bits removed. Null when
 * neither works here.
 */
export function readOnlyView(dir: string): { dir: string; release(): void } | null {
  if (process.getuid?.() === 0) {
    const view = fs.mkdtempSync(path.join(os.tmpdir(), 'kula-ro-'));
    try {
      execFileSync('mount', ['--bind', dir, view], { stdio: 'ignore' });
      execFileSync('mount', ['-o', 'remount,bind,ro', view], { stdio: 'ignore' });
    } catch {
      try {
        execFileSync('umount', [view], { stdio: 'ignore' });
      } catch {
        // Never mounted.
      }
      fs.rmSync(view, { recursive: true, force: true });
      return null;
    }
    return {
      dir: view,
      release: () => {
        execFileSync('umount', [view], { stdio: 'ignore' });
        fs.rmSync(view, { recursive: true, force: true });
      },
    };
  }
  const modes = new Map<string, number>();
  for (const entry of [dir, ...fs.readdirSync(dir).map((name) => path.join(dir, name))]) {
    const mode = fs.statSync(entry).mode & 0o777;
    modes.set(entry, mode);
    fs.chmodSync(entry, mode & ~0o222);
  }
  return {
    dir,
    release: () => modes.forEach((mode, entry) => fs.chmodSync(entry, mode)),
  };
}

/**
 * A small tmpfs mounted at a new folder (root only, where the kernel allows it): a disk that
 * really fills. Null when mounting is refused here.
 */
export function smallDisk(bytes: number): { dir: string; release(): void } | null {
  if (process.getuid?.() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kula-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    release: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
