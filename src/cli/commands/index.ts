import type { Command } from '../command.js';
import { demo } from './demo.js';
import { explain } from './explain.js';
import { evaluate, predict, summary } from './model-commands.js';
import { train } from './train.js';

/** Every subcommand, in the order `backprop --help` lists them. */
export const commands: Record<string, Command> = { demo, explain, train, evaluate, predict, summary };
