import type { ParseArgsConfig } from 'node:util';
import type { ConsoleCore } from '../core/core';

/** A usage mistake: exit code 2 and the command's usage text. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Standard output is a terminal (progress bars instead of plain lines). */
  interactive: boolean;
}

export interface CommandContext {
  io: CliIo;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Opens the core lazily, so `help` never touches the data directory. */
  core(): ConsoleCore;
}

export interface CommandSpec {
  /** One or two words: `status`, `connections list`. */
  name: string;
  summary: string;
  /** Arguments after the command name, e.g. `[CONNECTION] [--full]`. */
  usage: string;
  options?: ParseArgsConfig['options'];
  /** How this process names itself to others that find it syncing (default `cli`). */
  processLabel?: string;
  /**
   * The command only reads (with these arguments): the database is opened read-only, without
   * migrating, so it also answers on a folder that cannot be written.
   */
  readOnly?: boolean | ((values: Record<string, unknown>) => boolean);
  /** Positional arguments allowed, min and max. */
  positionals?: { min: number; max: number };
  /**
   * Runs the command. Returns what `--json` prints; human output is written through `io` by the
   * command itself. Throw ConsoleError for failures (exit 1), UsageError for misuse (exit 2).
   */
  run(
    ctx: CommandContext,
    args: {
      values: Record<string, string | boolean | string[] | boolean[] | undefined>;
      positionals: string[];
    },
  ): Promise<unknown> | unknown;
}

/** One command's usage line, for a UsageError raised inside it. */
export function usageLine(command: Pick<CommandSpec, 'name' | 'usage'>): string {
  return `Usage: kula-console [--data-dir DIR] [--json] ${command.name}${command.usage ? ` ${command.usage}` : ''}`;
}
