import type { PolicyProblem } from '@fsmon/policy-domain';

/** A refused policy operation (see PolicyProblem); mapped to 400/404/409/412. */
export class ProblemError extends Error {
  constructor(readonly problem: PolicyProblem) {
    super(problem.message);
    this.name = 'ProblemError';
  }
}

/** The request carries no valid token (401), or a token without the needed scope (403). */
export class AuthError extends Error {
  constructor(
    readonly code: 'UNAUTHORIZED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** A request body or query that fails its schema (400 VALIDATION_FAILED, reason BODY_INVALID). */
export class RequestShapeError extends Error {
  constructor(
    readonly where: 'body' | 'query',
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(`invalid request ${where}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'RequestShapeError';
  }
}
