#!/usr/bin/env node
/**
 * Bundles the `kula-console` CLI into one CommonJS file, out/cli/kula-console.cjs, that plain
 * Node runs without compiling TypeScript at each launch; bin/kula-console.cjs (a checkout) and the
 * installed app's launcher run it. `npm run build` runs this, and so does `npm install` (the
 * `prepare` script) so that a fresh checkout has the command at once. Offline, about a second.
 * `--out FILE` writes the bundle elsewhere (the packaging test builds an app of its own).
 *
 * better-sqlite3 stays outside the bundle: it loads a native library, found next to its package
 * in node_modules (or the Electron build the launcher passes in an installed app).
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = path.join(root, 'out', 'cli', 'kula-console.cjs');

export async function buildCli(outfile = CLI_BUNDLE) {
  await build({
    entryPoints: [path.join(root, 'src', 'main', 'cli', 'bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    external: ['better-sqlite3'],
    // Smaller to parse at every launch; names stay readable in a stack trace.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outIndex = process.argv.indexOf('--out');
  const outfile = await buildCli(
    outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : CLI_BUNDLE,
  );
  console.log(`CLI bundle ready: ${path.relative(root, outfile)}`);
}
