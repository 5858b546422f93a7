import type { CommandSpec } from '../command';
import { statusCommand } from './status';

/** Every CLI command. `help` is built in (it lists these). */
export const COMMANDS: CommandSpec[] = [statusCommand];
