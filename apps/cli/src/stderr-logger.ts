import type { LoggerService } from '@nestjs/common';
import type { CliIo } from './command';

/**
 * The shared Kafka layer logs through Nest's LoggerService; in the CLI its warnings and errors go
 * to stderr as plain lines (stdout carries only what the command prints), the rest is dropped
 * unless FSMON_DEBUG is set.
 */
export function stderrLogger(io: Pick<CliIo, 'err'>, debug = process.env.FSMON_DEBUG === '1'): LoggerService {
  const write = (level: string) => (message: unknown, ...rest: unknown[]) => {
    const context = typeof rest.at(-1) === 'string' ? ` ${rest.at(-1) as string}:` : '';
    io.err(`fsmon: ${level}${context} ${message instanceof Error ? message.message : String(message)}`);
  };
  const quiet = () => undefined;
  return { error: write('error'), warn: write('warning'), log: debug ? write('info') : quiet, debug: debug ? write('debug') : quiet, verbose: quiet };
}
