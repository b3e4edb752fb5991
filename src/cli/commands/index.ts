import type { Command } from '../command.js';
import { explain } from './explain.js';

/** Every subcommand, in the order `backprop --help` lists them. */
export const commands: Record<string, Command> = { explain };
