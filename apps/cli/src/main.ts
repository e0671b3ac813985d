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
    return (await parsed.command.run({ args: parsed.args, flags, sources, io })) ?? EXIT.ok;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(`fsmon: ${e.message}`);
    return e.exitCode;
  }
}

/** The `fsmon` bin: process argv, stdout/stderr, Ctrl-C as an abort signal (a second one exits at once). */
export function main(): void {
  const abort = new AbortController();
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(EXIT.interrupted);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), signal: abort.signal };
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
