import type { Command } from '../command.js';

/** Every subcommand, in the order `backprop --help` lists them. */
export const commands: Record<string, Command> = {};
