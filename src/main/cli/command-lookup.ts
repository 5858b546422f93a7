import type { ParseArgsConfig } from 'node:util';
import type { CommandSpec } from './command';
import { closestWords, didYouMean, editDistance } from './suggest';
import { echo } from './terminal-text';

/** Finding a command among the words typed, and saying what was meant when none matches. */

/** Finds the longest command name (three words first) at the start of the positionals. */
export function findCommand(
  commands: readonly CommandSpec[],
  words: string[],
): { command: CommandSpec; rest: string[] } | undefined {
  for (const take of [3, 2, 1]) {
    const name = words.slice(0, take).join(' ');
    const command = commands.find((candidate) => candidate.name === name);
    if (command) return { command, rest: words.slice(take) };
  }
  return undefined;
}

/**
 * Why `words` name no command, with the commands meant: a first word that starts a family of
 * commands (`mappings`) lists that family; otherwise the names closest to what was typed.
 */
export function unknownCommandMessage(commands: readonly CommandSpec[], words: string[]): string {
  const typed = words.slice(0, 3);
  const family = commands.filter((command) => command.name.split(' ')[0] === typed[0]);
  if (family.length > 0 && !family.some((command) => command.name === typed[0])) {
    const names = family.map((command) => command.name);
    if (typed.length === 1)
      return `"${echo(typed[0]!)}" needs a subcommand: ${names.map((name) => `"${name}"`).join(', ')}.`;
    // The family is known: compare only the words after it (`sho` with `show`, `set`, …).
    const near = nearest(names, (name) => typed.slice(1, name.split(' ').length).join(' '), 1);
    return `Unknown command "${echo(typed.join(' '))}".${near.length ? didYouMean(near) : ` The "${echo(typed[0]!)}" commands are ${names.map((name) => `"${name}"`).join(', ')}.`}`;
  }
  // Each name is compared with as many typed words as it has, so `sycn now` still finds `sync`.
  const names = [...commands.map((command) => command.name), 'help', 'version'];
  // One word typed (`mapings`, `help mapings`): a family's own name is a fair answer too.
  if (typed.length === 1) {
    const families = commands
      .map((command) => command.name.split(' '))
      .filter((parts) => parts.length > 1)
      .map((parts) => parts[0]!);
    names.push(...new Set(families));
  }
  return `Unknown command "${echo(typed.join(' '))}".${didYouMean(nearest(names, (name) => typed.slice(0, name.split(' ').length).join(' '), 0))}`;
}

/** The names (at most three, closest first) whose words from `skip` on are close to `typedPart`. */
function nearest(names: string[], typedPart: (name: string) => string, skip: number): string[] {
  return names
    .map((name) => {
      const own = name.split(' ').slice(skip).join(' ');
      const part = typedPart(name);
      return {
        name,
        close: closestWords(part, [own], 1).length > 0,
        distance: editDistance(part, own),
      };
    })
    .filter((entry) => entry.close)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((entry) => entry.name);
}

/**
 * The message for an option the command does not take, naming the closest options it does take.
 * `message` is Node's parseArgs error; anything else passes through unchanged.
 */
export function unknownOptionMessage(message: string, options: ParseArgsConfig['options']): string {
  const match = /^Unknown option '([^']+)'/.exec(message);
  if (!match) return message;
  const typed = match[1]!;
  const known = Object.keys(options ?? {}).map((name) => `--${name}`);
  const near = closestWords(typed.replace(/^-+/, '--'), known);
  return near.length ? `Unknown option '${echo(typed)}'.${didYouMean(near)}` : message;
}
