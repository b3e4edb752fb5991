/** One subcommand of the `backprop` CLI: its one-line summary, its --help text, and its body. */
export interface Command {
  summary: string;
  help: string;
  /** Returns the process exit code. Throw UsageError for bad flags (exit 2); other errors exit 1. */
  run(argv: string[]): Promise<number> | number;
}
