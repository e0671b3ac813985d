export interface Cmdline {
  readonly argv: string[];
  /** Arguments beyond `maxArgs`, or characters beyond `maxArgLength`, were cut off. */
  readonly truncated: boolean;
}

export interface CmdlineLimits {
  /** Default 256 (the report contract's limit). */
  readonly maxArgs?: number;
  /** Default 4096 (the report contract's limit). */
  readonly maxArgLength?: number;
}

/**
 * Parses `/proc/<pid>/cmdline`: NUL-separated argv. Trailing NULs (the terminator, or padding left
 * by a process that rewrote its title) are removed; empty arguments inside are kept. Empty content
 * (kernel thread, zombie) gives []. A process that rewrote its argv with spaces gives one element.
 */
export function parseCmdline(content: string, limits: CmdlineLimits = {}): Cmdline {
  const maxArgs = limits.maxArgs ?? 256;
  const maxArgLength = limits.maxArgLength ?? 4096;
  const argv = content.split('\u0000');
  while (argv.length > 0 && argv[argv.length - 1] === '') argv.pop();
  let truncated = argv.length > maxArgs;
  const kept = argv.slice(0, maxArgs).map((arg) => {
    if (arg.length <= maxArgLength) return arg;
    truncated = true;
    return arg.slice(0, maxArgLength);
  });
  return { argv: kept, truncated };
}
