/** The spool's directory or files could not be used (permissions, disk full, I/O error). */
export class SpoolError extends Error {
  override readonly name = 'SpoolError';
  readonly code = 'SPOOL_IO';
}

/** Runs a file-system action, turning its failure into a SpoolError that names `dir` and `what`. */
export function spoolIo<T>(dir: string, what: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    throw new SpoolError(`spool ${dir}: cannot ${what}: ${(e as Error).message}`, { cause: e });
  }
}
