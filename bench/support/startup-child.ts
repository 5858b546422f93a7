/**
 * One start of the console on an existing data directory, as the app's main process does it:
 * open the core (database and migrations check, settings file, vault, services), build the IPC
 * dispatcher, and answer the first call; then the candidates screen's first page. Prints one JSON
 * line of times in seconds: `sinceProcessStart` counts from this process's start (Node and the
 * TypeScript loader included), `sinceOpen` from the call to `openCore`.
 * Usage: node --import tsx startup-child.ts <dataDir>
 */
import { performance } from 'node:perf_hooks';
import { defaultSettingsFile, openCore } from '../../src/main/core/core';
import { createNodeFetch } from '../../src/main/core/http/node-fetch';
import { JsonFileSettingsStore } from '../../src/main/core/settings/settings-store';
import { PassphraseCipher } from '../../src/main/core/vault/passphrase-cipher';
import { BENCH_PASSPHRASE } from './core';

async function main(): Promise<void> {
  const [dataDir] = process.argv.slice(2);
  if (!dataDir) throw new Error('Usage: startup-child.ts <dataDir>');
  const opening = performance.now();
  const core = openCore({
    dataDir,
    cipher: new PassphraseCipher(BENCH_PASSPHRASE),
    settings: new JsonFileSettingsStore(defaultSettingsFile(dataDir)),
    fetch: createNodeFetch(),
    actor: 'bench',
  });
  const dispatch = core.createDispatch(() => true);
  const caller = { url: 'app://console/index.html', isMainFrame: true };
  const first = await dispatch('connections:list', undefined, caller);
  const firstAnswer = performance.now();
  if (!first.ok) throw new Error(`connections:list failed: ${JSON.stringify(first)}`);
  const page = await dispatch('ats:list-candidates', { limit: 200 }, caller);
  const firstPage = performance.now();
  if (!page.ok) throw new Error(`ats:list-candidates failed: ${JSON.stringify(page)}`);
  await core.shutdown();
  process.stdout.write(
    `${JSON.stringify({
      sinceProcessStart: firstAnswer / 1000,
      sinceOpen: (firstAnswer - opening) / 1000,
      firstPageSinceOpen: (firstPage - opening) / 1000,
    })}\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
