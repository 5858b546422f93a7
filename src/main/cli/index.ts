/**
 * `kula-console`: the console's core, headless. Exit 0 on success, 1 on failure (one line that
 * says why and what to do), 2 on a usage error (with usage text).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openCore, defaultSettingsFile, type ConsoleCore } from '../core/core';
import { isConsoleError, type ConsoleError } from '../core/errors';
import { createNodeFetch } from '../core/http/node-fetch';
import { toStorageError } from '../core/db/storage-errors';
import { defaultDataDir } from '../core/paths';
import { APP_VERSION } from '../core/version';
import { JsonFileSettingsStore } from '../core/settings/settings-store';
import { UnavailableCipher, type SecretCipher } from '../core/vault/cipher';
import { PassphraseCipher } from '../core/vault/passphrase-cipher';
import {
  UsageError,
  usageLine,
  type CliIo,
  type CommandContext,
  type CommandSpec,
} from './command';
import { COMMANDS } from './commands';
import {
  findCommand as findOneCommand,
  unknownCommandMessage,
  unknownOptionMessage,
} from './command-lookup';
import { cliAction } from './error-text';
import { ALREADY_PRINTED } from './list-output';
import { closestWords, didYouMean } from './suggest';
import { echo, terminalSafe } from './terminal-text';
import { VAULT_PASSPHRASE_ENV } from './vault-env';
import os from 'node:os';
import path from 'node:path';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export { VAULT_PASSPHRASE_ENV };

export function usageText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length), 4) + 2;
  return [
    'Usage: kula-console [--data-dir DIR] [--json] <command> [arguments]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    `  ${'help'.padEnd(width)}Show this help, or \`help <command>\` for one command`,
    `  ${'version'.padEnd(width)}Print the version (also \`--version\`)`,
    '',
    'Options:',
    "  --data-dir DIR   Data directory (default: the app's, or $KULA_DATA_DIR)",
    '  --json           Machine-readable output on stdout',
    '  --version        Print the version and exit',
    '',
    `Secrets: stored connections are decrypted with $${VAULT_PASSPHRASE_ENV}; without it, pass`,
    'credentials per run through environment variables or files (see each command).',
  ].join('\n');
}

function commandUsage(command: CommandSpec): string {
  return `${usageLine(command)}\n\n${command.summary}`;
}

/** The first lines of the usage, for a mistake that names no command: not the whole list. */
const SHORT_USAGE = [
  'Usage: kula-console [--data-dir DIR] [--json] <command> [arguments]',
  'Run `kula-console help` for the commands, `kula-console help <command>` for one.',
].join('\n');

function findCommand(words: string[]) {
  return findOneCommand(COMMANDS, words);
}

/** `--version` and `version`: this build's version and the runtime it runs on. */
function printVersion(io: CliIo): number {
  const version = {
    version: APP_VERSION,
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
  };
  if (io.json) io.out(JSON.stringify(version, null, 2));
  else
    io.out(
      `kula-console ${APP_VERSION} (Node ${version.node}, ${version.platform} ${version.arch})`,
    );
  return 0;
}

export function cliCipher(env: NodeJS.ProcessEnv): SecretCipher {
  const passphrase = env[VAULT_PASSPHRASE_ENV];
  if (passphrase && passphrase.length >= 8) return new PassphraseCipher(passphrase);
  return new UnavailableCipher(
    passphrase
      ? `$${VAULT_PASSPHRASE_ENV} must be at least 8 characters long.`
      : `Set $${VAULT_PASSPHRASE_ENV} to let the command line store and read credentials, or pass them per run through the environment.`,
    'passphrase',
  );
}

export interface CliHost {
  /** better-sqlite3 for the runtime when it is not Node's (the app's binary running the CLI). */
  nativeBinding?: string | undefined;
}

/**
 * What every command writes passes here: the secrets this process knows are replaced (an ATS may
 * echo a key inside an error, or a check's notes), and human output is made safe for a terminal.
 * JSON keeps its exact text, secrets aside.
 */
function guardedIo(io: CliIo, core: () => ConsoleCore | undefined): CliIo {
  const redactor = () => core()?.context.redactor;
  return {
    get json() {
      return io.json;
    },
    set json(value: boolean) {
      io.json = value;
    },
    get interactive() {
      return io.interactive;
    },
    out: (text) => {
      const known = redactor();
      if (io.json) io.out(known ? known.knownSecrets(text) : text);
      else io.out(terminalSafe(known ? known.text(text) : text));
    },
    err: (text) => {
      const known = redactor();
      io.err(terminalSafe(known ? known.text(text) : text));
    },
  };
}

export async function runCli(
  argv: string[],
  rawIo: CliIo,
  env: NodeJS.ProcessEnv = process.env,
  host: CliHost = {},
): Promise<number> {
  let core: ConsoleCore | undefined;
  let dataDir: string | undefined;
  const io = guardedIo(rawIo, () => core);
  // Set once the command is known, so its own misuse shows its usage, not the whole list.
  let current: CommandSpec | undefined;
  try {
    // First pass: global options anywhere, everything else as positionals.
    const first = parseArgs({
      args: argv,
      options: GLOBAL_OPTIONS,
      allowPositionals: true,
      strict: false,
      tokens: true,
    });
    io.json = first.values.json === true;
    const words = first.positionals;
    if (words[0] === 'help' || (first.values.help === true && words.length > 0)) {
      const topicWords = words[0] === 'help' ? words.slice(1) : words;
      const topic = topicWords.length ? findCommand(topicWords) : undefined;
      // `help mappings`: every command of the family, each with its usage line.
      const prefix = `${topicWords.join(' ')} `;
      const family = COMMANDS.filter((command) => command.name.startsWith(prefix));
      if (topicWords.length && !topic && family.length > 0) {
        io.out(
          family
            .map((command) => `${usageLine(command).split('\n')[0]}\n  ${command.summary}`)
            .join('\n\n'),
        );
        return 0;
      }
      if (topicWords.length && !topic)
        throw new UsageError(unknownCommandMessage(COMMANDS, topicWords), SHORT_USAGE);
      io.out(topic ? commandUsage(topic.command) : usageText());
      return 0;
    }
    if (first.values.version === true || (words[0] === 'version' && words.length === 1))
      return printVersion(io);
    if (words.length === 0) {
      if (first.values.help === true) {
        io.out(usageText());
        return 0;
      }
      const unknown = first.tokens.find(
        (token) => token.kind === 'option' && !(token.name in GLOBAL_OPTIONS),
      );
      if (unknown && unknown.kind === 'option') {
        const near = closestWords(unknown.rawName.replace(/^-+/, '--'), [
          ...Object.keys(GLOBAL_OPTIONS).map((name) => `--${name}`),
        ]);
        throw new UsageError(
          `Unknown option "${echo(unknown.rawName)}".${didYouMean(near)}`,
          SHORT_USAGE,
        );
      }
      throw new UsageError('No command given.');
    }
    const found = findCommand(words);
    if (!found) throw new UsageError(unknownCommandMessage(COMMANDS, words), SHORT_USAGE);
    const { command } = found;
    current = command;

    const parsed = (() => {
      try {
        return parseArgs({
          args: argv,
          options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
          allowPositionals: true,
          strict: true,
        });
      } catch (error) {
        const options = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) };
        throw new UsageError(
          unknownOptionMessage(error instanceof Error ? error.message : String(error), options),
          commandUsage(command),
        );
      }
    })();
    const positionals = parsed.positionals.slice(command.name.split(' ').length);
    const limits = command.positionals ?? { min: 0, max: 0 };
    if (positionals.length < limits.min || positionals.length > limits.max) {
      throw new UsageError(
        positionals.length < limits.min
          ? 'Missing argument.'
          : `Unexpected argument "${positionals[limits.max]}".`,
        commandUsage(command),
      );
    }
    const dataDirOption = parsed.values['data-dir'];
    if (
      dataDirOption !== undefined &&
      (typeof dataDirOption !== 'string' || dataDirOption.trim() === '')
    ) {
      throw new UsageError('--data-dir needs a directory.', commandUsage(command));
    }
    const folder =
      typeof dataDirOption === 'string' ? path.resolve(dataDirOption) : defaultDataDir(env);
    dataDir = folder;
    const readonly =
      typeof command.readOnly === 'function'
        ? command.readOnly(parsed.values)
        : command.readOnly === true;
    const ctx: CommandContext = {
      io,
      dataDir: folder,
      env,
      core: () => {
        if (core) return core;
        core = openCore({
          dataDir: folder,
          cipher: cliCipher(env),
          settings: new JsonFileSettingsStore(defaultSettingsFile(folder)),
          actor: `cli:${safeUser()}`,
          processLabel: command.processLabel ?? 'cli',
          // HTTPS_PROXY, HTTP_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS, as other command-line tools.
          fetch: createNodeFetch(env),
          ...(host.nativeBinding ? { nativeBinding: host.nativeBinding } : {}),
          readonly,
        });
        for (const warning of core.warnings) io.err(`kula-console: warning: ${warning}`);
        return core;
      },
    };
    // JSON lines are JSON: exact text, and a failure is reported as one JSON object too.
    if ((parsed.values as Record<string, unknown>).jsonl === true) io.json = true;
    const result = await command.run(ctx, { values: parsed.values, positionals });
    if (io.json && result !== ALREADY_PRINTED)
      io.out(JSON.stringify(result ?? { ok: true }, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      if (io.json)
        io.out(JSON.stringify({ ok: false, error: { code: 'USAGE', message: error.message } }));
      const usage = error.usage ?? (current ? commandUsage(current) : usageText());
      io.err(`kula-console: ${error.message}\n\n${usage}`);
      return 2;
    }
    const known: ConsoleError | null = isConsoleError(error)
      ? error
      : dataDir
        ? toStorageError(error, { dataDir })
        : null;
    if (known && !isConsoleError(error)) {
      core?.context.log.error('command failed: the data folder cannot be used', {
        error: known.message,
      });
    }
    const action = known ? cliAction(known) : undefined;
    const message = known
      ? `${known.message}${action ? ` ${action}` : ''}`
      : 'Something went wrong inside the console. Run again; if it repeats, share the log from the data directory.';
    if (io.json) {
      io.out(
        JSON.stringify({
          ok: false,
          error: known
            ? { ...known.toAppError(), ...(action ? { action } : {}) }
            : { code: 'INTERNAL', message },
        }),
      );
    }
    io.err(`kula-console: ${message.replace(/\s+/g, ' ').trim()}`);
    // Row-level problems (a refused import file, invalid rows), one per line after the reason.
    if (known?.issues?.length) {
      for (const issue of known.issues.slice(0, 50))
        io.err(`  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    }
    if (!known && env.KULA_DEBUG) io.err(String(error instanceof Error ? error.stack : error));
    return 1;
  } finally {
    if (core) {
      try {
        await core.shutdown();
      } catch (error) {
        // The command's own outcome stands; a close that fails (a full disk) loses nothing saved.
        core.context.log.warn('closing the data folder failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function processIo(): CliIo {
  return {
    json: false,
    interactive: Boolean(process.stdout.isTTY),
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
  };
}

export async function main(argv: string[], host: CliHost = {}): Promise<number> {
  return runCli(argv, processIo(), process.env, host);
}
