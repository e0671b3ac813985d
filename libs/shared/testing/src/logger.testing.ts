/**
 * A logger that drops everything: for code under test whose logs the test does not read (it fits
 * Nest's LoggerService and the libs' `{ log, warn, error }` logger options).
 */
export const quietLogger = { log: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };
