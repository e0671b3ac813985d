/** sysexits.h codes, so scripts can tell a usage mistake from an unreachable service. */
export const EXIT = { ok: 0, failure: 1, usage: 64, dataErr: 65, unavailable: 69, protocol: 76, noPerm: 77, config: 78, interrupted: 130 } as const;

/** A failure the CLI explains in one line (no stack trace) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
