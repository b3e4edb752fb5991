#!/usr/bin/env node
import '../node/file-access.js';
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { commands } from './commands/index.js';

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: backprop <command> [options]', '', 'Commands:', ...lines, '', "Run 'backprop <command> --help' for a command's options and examples."].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command: Command | undefined = commands[name];
  if (command === undefined) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})`);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Bad input is reported in one line, never as a stack trace; BACKPROP_DEBUG=1 shows the trace.
    const message = e instanceof Error ? e.message : String(e);
    console.error(`backprop: ${message}`);
    if (process.env.BACKPROP_DEBUG && e instanceof Error) console.error(e.stack);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
