import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/paths';
import { listFiles } from './support/temp-dir';

/**
 * The layer rules of eslint.config.mjs, checked again from the source text so that a disabled lint
 * rule or a new folder cannot hide a crossing.
 */
const SRC = path.join(REPO_ROOT, 'src');

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*import\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (!match[1]) found.push(match[2] ?? '');
  }
  for (const match of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(match[1] ?? '');
  for (const match of text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push(match[1] ?? '');
  return found;
}

function resolvesInto(file: string, specifier: string, folder: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), specifier);
  return target === path.join(SRC, folder) || target.startsWith(path.join(SRC, folder) + path.sep);
}

function sourceFiles(folder: string): string[] {
  return listFiles(path.join(SRC, folder)).filter(
    (file) => /\.(ts|tsx)$/.test(file) && !file.endsWith('.d.ts'),
  );
}

const NODE_MODULE = /^(node:|fs$|path$|os$|crypto$|child_process$|http$|https$|net$)/;

describe('layers', () => {
  it('src/shared imports no runtime and no app layer', () => {
    for (const file of sourceFiles('shared')) {
      for (const spec of importsOf(file)) {
        expect(
          NODE_MODULE.test(spec) ||
            ['electron', 'react', 'better-sqlite3', 'undici'].includes(spec),
          `${file}: ${spec}`,
        ).toBe(false);
        for (const folder of ['main', 'renderer', 'preload'])
          expect(resolvesInto(file, spec, folder), `${file}: ${spec}`).toBe(false);
      }
    }
  });

  it('the core and the CLI never import Electron or the shell', () => {
    for (const file of [...sourceFiles('main/core'), ...sourceFiles('main/cli')]) {
      for (const spec of importsOf(file)) {
        expect(['electron', 'electron-store'].includes(spec), `${file}: ${spec}`).toBe(false);
        expect(resolvesInto(file, spec, 'main/shell'), `${file}: ${spec}`).toBe(false);
        expect(resolvesInto(file, spec, 'renderer'), `${file}: ${spec}`).toBe(false);
      }
    }
    for (const file of sourceFiles('main/core')) {
      for (const spec of importsOf(file))
        expect(resolvesInto(file, spec, 'main/cli'), `${file}: ${spec}`).toBe(false);
    }
  });

  it('the sync engine never names a provider', () => {
    for (const file of sourceFiles('main/core/sync')) {
      const text = fs.readFileSync(file, 'utf8');
      expect(/\b(ashby|lever)\b/i.test(text), file).toBe(false);
      for (const spec of importsOf(file)) {
        expect(/providers\/(?!provider$|records$|registry$)/.test(spec), `${file}: ${spec}`).toBe(
          false,
        );
      }
    }
  });

  it('the preload imports only electron and the runtime-free channel list (plus its own api)', () => {
    for (const file of sourceFiles('preload')) {
      for (const spec of importsOf(file)) {
        const allowed =
          spec === 'electron' || spec === './api' || spec.endsWith('/shared/ipc/channels');
        expect(allowed, `${file}: ${spec}`).toBe(true);
      }
    }
  });

  it('the renderer reaches main only through window.api', () => {
    for (const file of sourceFiles('renderer')) {
      for (const spec of importsOf(file)) {
        expect(
          NODE_MODULE.test(spec) ||
            ['electron', 'better-sqlite3', 'undici', 'electron-store'].includes(spec),
          `${file}: ${spec}`,
        ).toBe(false);
        expect(resolvesInto(file, spec, 'main'), `${file}: ${spec}`).toBe(false);
        expect(resolvesInto(file, spec, 'preload'), `${file}: ${spec}`).toBe(false);
      }
    }
  });
});
