import { parseArgs } from 'node:util';
import { CliError, EXIT } from './cli-error';
import type { Command, FlagValues, OptionsConfig } from './command';

/** Options every command takes (the sources of the CLI's configuration, and output). */
export const GLOBAL_OPTIONS: OptionsConfig = {
  'policy-url': { type: 'string' },
  'token-file': { type: 'string' },
  brokers: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export interface ParsedCommand {
  command: Command;
  args: string[];
  flags: FlagValues;
}

/**
 * Finds the command named by the leading words of `argv` (the longest match), then parses the
 * rest strictly with node:util's parseArgs: unknown options and a wrong number of arguments are
 * usage errors naming the command. Returns null for `--help` or no command at all.
 */
export function parseCommandLine(argv: readonly string[], commands: readonly Command[]): ParsedCommand | { help: Command | null } {
  const words = argv.slice(0, argv.findIndex((a) => a.startsWith('-')) === -1 ? argv.length : argv.findIndex((a) => a.startsWith('-')));
  const command = [...commands]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.length <= words.length && c.words.every((w, i) => words[i] === w));
  if (!command) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { help: null };
    const known = commands.filter((c) => c.words[0] === words[0]).map((c) => c.words.join(' '));
    throw new CliError(`unknown command "${words.join(' ')}"${known.length ? `; did you mean: ${known.join(', ')}` : ''} (fsmon --help lists them)`, EXIT.usage);
  }
  const rest = argv.slice(command.words.length);
  let parsed: { values: FlagValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    throw new CliError(`fsmon ${command.words.join(' ')}: ${(e as Error).message}`, EXIT.usage);
  }
  if (parsed.values.help) return { help: command };
  const variadic = command.args.at(-1)?.endsWith('...') ?? false;
  const min = command.args.length;
  const ok = variadic ? parsed.positionals.length >= min : parsed.positionals.length === min;
  if (!ok) throw new CliError(`usage: ${usageLine(command)}`, EXIT.usage);
  return { command, args: parsed.positionals, flags: parsed.values };
}

export function usageLine(c: Command): string {
  const args = c.args.map((a) => `<${a}>`).join(' ');
  const opts = Object.entries(c.options ?? {})
    .map(([name, o]) => (o.type === 'boolean' ? `[--${name}]` : `[--${name} ${name.toUpperCase()}]${o.multiple ? '...' : ''}`))
    .join(' ');
  return ['fsmon', ...c.words, args, opts].filter(Boolean).join(' ');
}

/** A flag's string value (last one wins if repeated without `multiple`). */
export function str(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(flags: FlagValues, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** A positive integer flag, or a usage error naming it. */
export function positiveInt(flags: FlagValues, name: string): number | undefined {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliError(`--${name}: expected a positive integer, got "${v}"`, EXIT.usage);
  return Number(v);
}
