import path from 'node:path';
import { openCore, type ConsoleCore, type CoreOptions } from '../../src/main/core/core';
import { createNodeFetch } from '../../src/main/core/http/node-fetch';
import { silentLogger } from '../../src/main/core/logging/logger';
import { JsonFileSettingsStore } from '../../src/main/core/settings/settings-store';
import { PassphraseCipher } from '../../src/main/core/vault/passphrase-cipher';
import { makeTempDir } from './temp-dir';

export const TEST_PASSPHRASE = 'test-vault-passphrase';

/** A core on a fresh temp data dir with a passphrase vault, as the CLI would open it. */
export function openTestCore(overrides: Partial<CoreOptions> = {}): {
  core: ConsoleCore;
  dataDir: string;
  cleanup(): Promise<void>;
} {
  const temp = makeTempDir('kula-core-');
  const dataDir = overrides.dataDir ?? temp.dir;
  const core = openCore({
    dataDir,
    cipher: new PassphraseCipher(TEST_PASSPHRASE),
    settings: new JsonFileSettingsStore(path.join(dataDir, 'settings.json')),
    logger: silentLogger,
    actor: 'test-admin',
    ...overrides,
    fetch: overrides.fetch ?? createNodeFetch(),
  });
  return {
    core,
    dataDir,
    cleanup: async () => {
      await core.shutdown();
      temp.cleanup();
    },
  };
}
