import { afterEach, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../../src/main/core/version';
import { closestWords, editDistance } from '../../../src/main/cli/suggest';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';

const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function dataDir(): string {
  const temp = makeTempDir('kula-cli-usage-');
  temps.push(temp.cleanup);
  return temp.dir;
}

describe('kula-console --version', () => {
  it('prints the version with --version or `version`, exit 0, without opening a data folder', async () => {
    const dir = dataDir();
    const run = await runCliProcess(['--data-dir', dir, '--version']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(
      new RegExp(
        `^kula-console ${APP_VERSION.replace(/\./g, '\\.')} \\(Node \\d+\\.\\d+\\.\\d+, \\w+ \\w+\\)$`,
      ),
    );
    const json = await runCliProcess(['version', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      version: APP_VERSION,
      node: process.versions.node,
    });
    const help = await runCliProcess(['help']);
    expect(help.stdout).toMatch(/--version\s+Print the version/);
  });
});

describe('kula-console help', () => {
  it('`help FAMILY` shows every command of the family with its usage, exit 0', async () => {
    const run = await runCliProcess(['help', 'mappings']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Usage: kula-console [--data-dir DIR] [--json] mappings show [CONNECTION]',
    );
    expect(run.stdout).toContain(
      'Usage: kula-console [--data-dir DIR] [--json] mappings import FILE',
    );
    expect(run.stdout).not.toContain('outbox list');
  });
});

describe('kula-console mistakes', () => {
  it('suggests the command meant for a typo instead of printing every command', async () => {
    const run = await runCliProcess(['sycn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "sycn". Did you mean "sync"?');
    expect(run.stderr).toContain('Run `kula-console help` for the commands');
    // The whole list (status, mappings show, outbox list, …) is not printed.
    expect(run.stderr).not.toContain('outbox list');
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(4);
  });

  it('finds two-word commands by either word, and lists a family named without its subcommand', async () => {
    const cases: Array<[string[], string]> = [
      [['mapings', 'show'], 'Did you mean "mappings show"?'],
      [['mappings', 'sho'], 'Did you mean "mappings show"?'],
      [['stages', 'kula', 'ad', 'X'], 'Did you mean "stages kula add"?'],
      [['staus'], 'Did you mean "status"?'],
      [['hlep'], 'Did you mean "help"?'],
      [['help', 'outbox', 'retyr'], 'Did you mean "outbox retry"?'],
      [['mapings'], 'Did you mean "mappings"?'],
      [['candidate', 'list'], 'Did you mean "candidates list"?'],
    ];
    for (const [args, expected] of cases) {
      const run = await runCliProcess(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(expected);
    }
    const family = await runCliProcess(['mappings']);
    expect(family.code).toBe(2);
    expect(family.stderr).toContain(
      '"mappings" needs a subcommand: "mappings show", "mappings set"',
    );
    const nothingClose = await runCliProcess(['frobnicate']);
    expect(nothingClose.stderr).toContain('Unknown command "frobnicate".\n');
  });

  it('suggests the option meant, for the command and before any command', async () => {
    const dir = dataDir();
    const option = await runCliProcess(['--data-dir', dir, 'outbox', 'list', '--limt', '3']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain(`Unknown option '--limt'. Did you mean "--limit"?`);
    expect(option.stderr).toContain('Usage: kula-console [--data-dir DIR] [--json] outbox list');
    const global = await runCliProcess(['--verison']);
    expect(global.code).toBe(2);
    expect(global.stderr).toContain('Unknown option "--verison". Did you mean "--version"?');
    const json = await runCliProcess(['--data-dir', dir, 'status', '--jsn', '--json']);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'USAGE',
      message: `Unknown option '--jsn'. Did you mean "--json"?`,
    });
  });
});

describe('closest words', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('sycn', 'sync')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('offers words within a quarter of the length in edits, or that start with what was typed', () => {
    expect(closestWords('sycn', ['sync', 'status', 'watch'])).toEqual(['sync']);
    expect(closestWords('conn', ['connect', 'connections', 'status'])).toEqual([
      'connect',
      'connections',
    ]);
    expect(closestWords('xyz', ['sync', 'status'])).toEqual([]);
  });
});
