import type { ParseArgsConfig } from 'node:util';
import type { ConfigSources } from './cli-config';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** Where a command writes, and the signal that ends long-running ones (Ctrl-C). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

export interface CommandInput {
  /** The positional arguments after the command words, as named in `Command.args`. */
  args: string[];
  flags: FlagValues;
  sources: ConfigSources;
  io: CliIo;
}

/** One `fsmon <words...>` command. */
export interface Command {
  /** The command words, e.g. ['group', 'mode']. */
  words: string[];
  /** Positional argument names for the usage line; a trailing `...` takes one or more. */
  args: string[];
  summary: string;
  options?: OptionsConfig;
  /** Lines explaining the options, for `--help`. */
  help?: string[];
  run(input: CommandInput): Promise<number | void>;
}
