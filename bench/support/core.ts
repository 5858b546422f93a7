import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type ConsoleCore, type CoreOptions } from '../../src/main/core/core';
import { createNodeFetch } from '../../src/main/core/http/node-fetch';
import { silentLogger } from '../../src/main/core/logging/logger';
import { MemorySettingsStore } from '../../src/main/core/settings/settings-store';
import { PassphraseCipher } from '../../src/main/core/vault/passphrase-cipher';
import { RESULT_PREFIX } from './child';
import type { SimHandle } from './sim';

export const BENCH_PASSPHRASE = 'benchmark-passphrase';

export function benchDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kula-bench-'));
}

/** The console's core on a data directory, as the CLI opens it (passphrase vault, no log file). */
export function openBenchCore(dataDir: string, options: Partial<CoreOptions> = {}): ConsoleCore {
  return openCore({
    dataDir,
    cipher: new PassphraseCipher(BENCH_PASSPHRASE),
    settings: new MemorySettingsStore(),
    logger: silentLogger,
    actor: 'bench',
    ...options,
    fetch: options.fetch ?? createNodeFetch(),
  });
}

/**
 * Connects the core to a simulator through the connection service (check, then save). `throttle`
 * keeps the provider's default client-side limit; otherwise the limit is off.
 */
export async function connectSim(
  core: ConsoleCore,
  sim: Pick<SimHandle, 'ats' | 'url' | 'key'>,
  options: { throttle: boolean },
): Promise<string> {
  const ctx = core.context;
  const { connection } = await ctx.connections.create({
    provider: sim.ats,
    baseUrl: sim.url,
    secret: { kind: 'api_key', apiKey: sim.key },
    storeCredential: true,
  });
  if (!options.throttle) ctx.connections.updateSettings(connection.id, { rateLimit: 'off' });
  return connection.id;
}

/** A figure as the runner reads it; `bar` states its bar in words and `target` how it is met. */
export interface Figure {
  value: number;
  unit: string;
  label: string;
  bar?: string;
  target?: { min?: number; max?: number };
  /** A ratio of two other figures of the result: the runner reports the ratio of their medians. */
  ratioOf?: { numerator: string; denominator: string };
}

export interface ScenarioResult {
  metrics: Record<string, Figure>;
  /** Facts that must hold for the figures to mean anything (counts match, no duplicates). */
  checks?: Record<string, boolean>;
}

export function printResult(result: ScenarioResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

export const countRows = (core: ConsoleCore, table: string): number =>
  (core.context.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Runs a scenario's main and turns a failure into a stack trace and exit code 1. */
export function runScenario(main: () => Promise<void>): void {
  void main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

export const seconds = (since: number): number => (performance.now() - since) / 1000;
