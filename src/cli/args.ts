import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** A flag's parsed value: text for string flags, true for boolean flags, undefined when absent. */
export type FlagValue = string | boolean | undefined;

/** Parsed flags: string flags as text, boolean flags as true, absent ones undefined. */
export interface ParsedFlags {
  values: Record<string, FlagValue>;
  positionals: string[];
}

/** Parses flags strictly: an unknown flag or a missing value is a UsageError naming it. */
export function parseFlags(argv: string[], options: Options): ParsedFlags {
  try {
    return parseArgs({ args: attachNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }) as ParsedFlags;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

/**
 * `--weights -3,-1,2` becomes `--weights=-3,-1,2`: Node's parser otherwise takes a value starting
 * with '-' for a flag and refuses it as ambiguous.
 */
function attachNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const option = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** A finite number from a flag, or a UsageError naming the flag and the text. */
export function numberFlag(name: string, value: FlagValue, fallback: number): number {
  const text = stringFlag(value);
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a finite number, got '${text}'`);
  return v;
}

/** An integer ≥ min from a flag. */
export function intFlag(name: string, value: FlagValue, fallback: number, min = 0): number {
  const v = numberFlag(name, value, fallback);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${stringFlag(value)}'`);
  return v;
}

/** A comma-separated list of finite numbers ("1,-2,3"). */
export function listFlag(name: string, value: FlagValue, fallback: number[]): number[] {
  const text = stringFlag(value);
  if (text === undefined) return fallback;
  return text.split(',').map((part) => {
    const v = Number(part);
    if (part.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name}: '${part}' is not a finite number (in '${text}')`);
    return v;
  });
}

/** One of a fixed set of words. */
export function choiceFlag<C extends string>(name: string, value: FlagValue, choices: readonly C[], fallback: C): C {
  const text = stringFlag(value);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${text}'`);
  return text as C;
}

/** The text of a string flag (parseArgs gives text for every flag declared `type: 'string'`). */
export function stringFlag(value: FlagValue): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
