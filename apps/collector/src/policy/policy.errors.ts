/** POLICY_FILE is missing, unreadable, not JSON, or not a valid GroupPolicy[]: the collector does not boot. */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  readonly code = 'POLICY_FILE_INVALID';

  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`policy file ${path} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
  }
}

/** A policy message that passed its schema but contradicts itself or its key; it is dead-lettered. */
export class PolicyMessageError extends Error {
  override readonly name = 'PolicyMessageError';
  readonly code = 'POLICY_MESSAGE_INVALID';
}
