/**
 * Why a filter pattern or a raw filter was refused. The codes are stable: the policy API returns
 * them in its 400 bodies and tests assert on them.
 */
export type RuleErrorCode =
  | 'PATTERN_EMPTY'
  | 'PATTERN_CONTROL_CHAR'
  | 'PATTERN_TOO_LONG'
  | 'PATTERN_SEGMENT_TOO_LONG'
  | 'PATTERN_RELATIVE'
  | 'PATTERN_ROOT'
  | 'PATTERN_BRACKETS'
  | 'PATTERN_DOTDOT'
  | 'PATTERN_DOT_SEGMENT'
  | 'PATTERN_NOT_CANONICAL'
  | 'PATTERN_TOO_MANY_WILDCARDS'
  | 'REGEX_UNSAFE'
  | 'REGEX_INVALID';

/** Which input the problem is in: the user pattern, or a raw filter's `path` or `regex`. */
export type RuleErrorField = 'pattern' | 'path' | 'regex';

export class RuleValidationError extends Error {
  override readonly name = 'RuleValidationError';

  constructor(
    readonly code: RuleErrorCode,
    message: string,
    readonly field: RuleErrorField = 'pattern',
  ) {
    super(message);
  }
}
