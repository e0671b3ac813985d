import { Logger } from '@nestjs/common';
import { parseCommandLine } from './cli-args';
import { findRepoRoot } from './cli-config';
import { CliError, EXIT } from './cli-error';
import type { CliIo } from './command';
import { COMMANDS } from './commands';
import { stderrLogger } from './stderr-logger';
import { commandHelp, generalHelp } from './usage';

export interface CliEnvironment {
  env: Record<string, string | undefined>;
  cwd: string;
  io: CliIo;
}

/** Runs one `fsmon` command line; resolves with the exit code (never throws for a CliError). */
export async function runCli(argv: readonly string[], { env, cwd, io }: CliEnvironment): Promise<number> {
  try {
    const parsed = parseCommandLine(argv, COMMANDS);
    if ('help' in parsed) {
      for (const line of parsed.help ? commandHelp(parsed.help) : generalHelp(COMMANDS)) io.out(line);
      return argv.length === 0 ? EXIT.usage : EXIT.ok;
    }
    const flags = parsed.flags;
    const sources = {
      env,
      cwd,
      repoRoot: findRepoRoot(__dirname),
      flags: { policyUrl: flags['policy-url'] as string | undefined, tokenFile: flags['token-file'] as string | undefined, brokers: flags.brokers as string | undefined },
    };
    const code = await parsed.command.run({ args: parsed.args, flags, sources, io });
    // A command that only prints resolves with nothing (or whatever its last call returned): success.
    return typeof code === 'number' ? code : EXIT.ok;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(`fsmon: ${e.message}`);
    return e.exitCode;
  }
}

/**
 * The `fsmon` bin: process argv, stdout/stderr, Ctrl-C as an abort signal (a second one exits at
 * once); a closed stdout (EPIPE) ends the command like Ctrl-C.
 */
export function main(): void {
  const abort = new AbortController();
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(EXIT.interrupted);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let readerGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    // Whoever read our output is gone (`fsmon reports tail | head -3`): stop as on Ctrl-C, quietly.
    readerGone = true;
    abort.abort();
  });
  const io: CliIo = {
    out: (l) => void (readerGone || process.stdout.write(`${l}\n`)),
    err: (l) => void process.stderr.write(`${l}\n`),
    signal: abort.signal,
  };
  // The Kafka layer logs through Nest's static Logger: keep stdout for the command's own output.
  Logger.overrideLogger(stderrLogger(io));
  runCli(process.argv.slice(2), { env: process.env, cwd: process.cwd(), io }).then(
    (code) => {
      process.exitCode = code;
      // Sockets of a stopped Kafka client can linger for a moment; the answer is complete.
      setTimeout(() => process.exit(code), 200).unref();
    },
    (e: Error) => {
      process.stderr.write(`fsmon: unexpected error: ${e.stack ?? e.message}\n`);
      process.exit(EXIT.failure);
    },
  );
}

if (require.main === module) main();
