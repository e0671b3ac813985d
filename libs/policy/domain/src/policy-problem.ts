/**
 * Stable codes of the policy's expected refusals. The admin API maps them to HTTP:
 * VALIDATION_FAILED 400, NOT_FOUND 404, CONFLICT 409, PRECONDITION_FAILED 412.
 */
export type PolicyProblemCode = 'VALIDATION_FAILED' | 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED';

/**
 * Why a policy operation was refused: a value, not an exception. `reason` is a stable, finer code
 * (a RuleValidationError code such as `PATTERN_DOTDOT`, or e.g. `GROUP_EXISTS`); `details` says
 * where (field, key, current ETag).
 */
export class PolicyProblem {
  constructor(
    readonly code: PolicyProblemCode,
    readonly reason: string,
    readonly message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {}

  static invalid(reason: string, message: string, details: Record<string, unknown> = {}): PolicyProblem {
    return new PolicyProblem('VALIDATION_FAILED', reason, message, details);
  }

  static notFound(reason: string, message: string, details: Record<string, unknown> = {}): PolicyProblem {
    return new PolicyProblem('NOT_FOUND', reason, message, details);
  }

  static conflict(reason: string, message: string, details: Record<string, unknown> = {}): PolicyProblem {
    return new PolicyProblem('CONFLICT', reason, message, details);
  }

  static precondition(message: string, details: Record<string, unknown> = {}): PolicyProblem {
    return new PolicyProblem('PRECONDITION_FAILED', 'ETAG_MISMATCH', message, details);
  }
}

/** An operation's outcome: the new value, or the problem that stopped it. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: PolicyProblem };

export function success<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function failure(problem: PolicyProblem): { readonly ok: false; readonly problem: PolicyProblem } {
  return { ok: false, problem };
}
