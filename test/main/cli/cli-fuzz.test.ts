import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import type { CliIo } from '../../../src/main/cli/command';
import { COMMANDS } from '../../../src/main/cli/commands';
import { insertConnection } from '../../../src/main/core/db/repos/connections';
import { addConnection, leverTenant, writeTenant } from '../../support/ats-cache';
import { openTestCore, TEST_PASSPHRASE } from '../../support/core';
import { fuzzParams, fuzzTimeout } from '../../support/fuzz/config';
import { nastyString } from '../../support/fuzz/zod-arbitrary';
import { makeTempDir } from '../../support/temp-dir';

/**
 * Command lines built from the command list (so a new command is covered): real commands with
 * their own options and values that exist, mixed with unknown options, missing values and odd
 * text. Every run ends with exit 0, 1 or 2, never an exception, never the "something went wrong
 * inside" message (an unexpected error), and `--json` output always parses.
 */
const temp = makeTempDir('kula-cli-fuzz-');
const dataDir = path.join(temp.dir, 'data');
const workDir = path.join(temp.dir, 'cwd');
const INTERNAL = 'Something went wrong inside the console';
/** Would wait for a person (browser sign-in) or run until stopped. */
const WAITING_OPTIONS = new Set(['oauth']);
const LONG_RUNNING = new Set(['watch']);
const commands = COMMANDS.filter((command) => !LONG_RUNNING.has(command.name));
const exits = new Map<number, number>();
let previousCwd = '';

beforeAll(async () => {
  const test = openTestCore({ dataDir });
  const db = test.core.context.db;
  writeTenant(db, addConnection(db, 'lever'), leverTenant());
  insertConnection(db, {
    id: 'ashby-offline',
    provider: 'ashby',
    label: 'Ashby (nowhere)',
    baseUrl: 'http://127.0.0.1:9',
    authMode: 'api_key',
    now: '2025-01-01T00:00:00.000Z',
  });
  await test.core.shutdown();
  fs.mkdirSync(workDir, { recursive: true });
  fs.writeFileSync(path.join(temp.dir, 'key.txt'), 'not-a-real-key-0123456789');
  // Relative file arguments land in a scratch folder, not the repository.
  previousCwd = process.cwd();
  process.chdir(workDir);
});

afterAll(() => {
  process.chdir(previousCwd);
  temp.cleanup();
  console.log(
    `CLI fuzz: exits ${[...exits.entries()].map(([code, n]) => `${code}×${n}`).join(', ')}`,
  );
});

const values = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('lever-1', 'ashby-offline', 'Acme Lever', 'offer', 'hired'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      path.join(temp.dir, 'key.txt'),
      path.join(temp.dir, 'missing.json'),
      'out.json',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('http://127.0.0.1:9', 'https://', 'ftp://x', '3', '-5', '0', '1e9'),
  },
  { weight: 2, arbitrary: nastyString(200) },
);

/** Tokens after the command words: its options (with or without values), positionals, junk. */
function argumentsFor(options: Record<string, { type: string }>): fc.Arbitrary<string[]> {
  const names = Object.keys(options).filter((name) => !WAITING_OPTIONS.has(name));
  const option = names.length
    ? fc.constantFrom(...names).chain((name) =>
        options[name]!.type === 'boolean'
          ? fc.constantFrom([`--${name}`], [`--${name}=oops`])
          : fc.oneof(
              values.map((value) => [`--${name}`, value]),
              values.map((value) => [`--${name}=${value}`]),
              fc.constant([`--${name}`]),
            ),
      )
    : fc.constant<string[]>([]);
  const token = fc.oneof(
    { weight: 4, arbitrary: option },
    { weight: 3, arbitrary: values.map((value) => [value]) },
    { weight: 1, arbitrary: fc.constantFrom(['--json'], ['--help'], ['--bogus'], ['-x'], ['--']) },
  );
  return (
    fc
      .array(token, { maxLength: 5 })
      .map((tokens) => tokens.flat())
      // `-` reads standard input and `--data-dir` would point the run elsewhere.
      .map((tokens) => tokens.filter((t) => t !== '-' && !t.startsWith('--data-dir')))
  );
}

const commandLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...commands)
      .chain((command) =>
        argumentsFor((command.options ?? {}) as Record<string, { type: string }>).map((rest) => [
          ...command.name.split(' '),
          ...rest,
        ]),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(nastyString(40), { maxLength: 4 })
      .map((words) => words.filter((w) => w !== '-' && !w.startsWith('--data-dir'))),
  },
);

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    json: false,
    interactive: false,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  };
  const code = await runCli(['--data-dir', dataDir, ...argv], io, {
    KULA_VAULT_PASSPHRASE: TEST_PASSPHRASE,
    KULA_DATA_DIR: dataDir,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI arguments, fuzzed', () => {
  it(
    'every command line ends in exit 0, 1 or 2 with a message, never an unexpected error',
    async () => {
      await fc.assert(
        fc.asyncProperty(commandLine, async (argv) => {
          const result = await run(argv);
          exits.set(result.code, (exits.get(result.code) ?? 0) + 1);
          expect([0, 1, 2], `${argv.join(' ')}\n${result.err}`).toContain(result.code);
          expect(result.err, argv.join(' ')).not.toContain(INTERNAL);
          if (result.code !== 0) expect(result.err.length, argv.join(' ')).toBeGreaterThan(10);
          if (argv.includes('--json') && !argv.includes('--help') && result.out) {
            const last = result.out.split('\n').filter(Boolean);
            expect(
              () => JSON.parse(result.out),
              `${argv.join(' ')}\n${last.join('\n')}`,
            ).not.toThrow();
          }
        }),
        fuzzParams(120),
      );
    },
    fuzzTimeout(120, 500),
  );
});
