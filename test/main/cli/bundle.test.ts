import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/main/core/db/migrations';
import { REPO_ROOT } from '../../support/paths';
import { makeTempDir } from '../../support/temp-dir';

/**
 * `kula-console` as a checkout and the installed app run it: bin/kula-console.cjs loading the
 * bundle that `npm run build` (and `npm install`) writes, with no TypeScript compiled at launch.
 * The other CLI tests run the source (test/support/cli.ts); this one proves the bundle.
 */
const run = promisify(execFile);
const BUNDLE = path.join(REPO_ROOT, 'out', 'cli', 'kula-console.cjs');
const BIN = path.join(REPO_ROOT, 'bin', 'kula-console.cjs');

beforeAll(async () => {
  await run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-cli.mjs')], {
    cwd: REPO_ROOT,
  });
});

describe('the bundled kula-console', () => {
  it('is one JavaScript file that needs nothing from node_modules but the SQLite driver', () => {
    const text = fs.readFileSync(BUNDLE, 'utf8');
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] ?? '');
    const packages = new Set(
      required.filter((name) => !name.startsWith('node:') && !builtinModules.includes(name)),
    );
    expect([...packages]).toEqual(['better-sqlite3']);
  });

  it('answers help through bin/kula-console.cjs', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'help'], { cwd: REPO_ROOT });
    expect(stdout).toContain('Usage: kula-console');
  });

  it('opens and migrates a new data folder (migrations are inside the bundle)', async () => {
    const temp = makeTempDir('kula-cli-bundle-');
    try {
      const { stdout } = await run(
        process.execPath,
        [BIN, '--data-dir', temp.dir, 'status', '--json'],
        { cwd: REPO_ROOT, env: { ...process.env, KULA_VAULT_PASSPHRASE: '' } },
      );
      expect(JSON.parse(stdout)).toMatchObject({
        schemaVersion: MIGRATIONS.at(-1)?.version,
        connections: [],
      });
    } finally {
      temp.cleanup();
    }
  });

  it('leaves tsx out of the runtime dependencies', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(fs.readFileSync(BIN, 'utf8')).not.toContain('tsx');
  });
});
