import type { FileFilter, FilterBehavior } from '@fsmon/contracts';
import { compileFilter } from './filter.compiler';
import { wildcardGlob } from './glob';
import { MAX_PATH_LENGTH, MAX_SEGMENT_LENGTH, MAX_WILDCARDS } from './limits';
import { globToRegex } from './regex-subset';
import { err, ok, Result } from './result';
import { RuleValidationError } from './rule-validation.error';

export interface PatternOptions {
  readonly recursive: boolean;
  readonly behavior: FilterBehavior;
  readonly customerAdd: boolean;
  readonly dgroup?: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u001f\u007f]/;
const BRACKETS = /[[\]()<>]/;

/**
 * Turns a user pattern (UI, REST, CRD) into a filter, as the seed's `parseFileFilter` does
 * (fsmon-behaviour §1.1):
 * 1. a trailing `/` gets `*` appended; repeated slashes collapse (and `**` to `*`);
 * 2. refused: `[ ] ( ) < >`, `..` anywhere, a `.` segment (`/./`), `/` or `.` alone, relative
 *    paths, control characters, more than 4096 characters or a segment over 255, more than 16
 *    wildcards, and a wildcard name directly under `/` (`/*`, `/tmp*`);
 * 3. every character is literal except `*`: `.` becomes `\.` (and the other regex operators the
 *    seed left live, `+ ? { } | ^ $ \`, are escaped too), `*` becomes `.*`;
 * 4./5. split at the last `/`: the left part is `path`; the right part is `regex` when it has a
 *    `*`, otherwise it goes back onto `path` and the filter is a single file (`regex` empty);
 * 6. the result is validated like any raw filter (`compileFilter`).
 * `filter` is the cleaned pattern. `filterToPattern` is the reverse.
 */
export function parseFilterPattern(input: string, opts: PatternOptions): Result<FileFilter, RuleValidationError> {
  const problem = checkInput(input);
  if (problem) return err(problem);
  const cleaned = (input.endsWith('/') ? `${input}*` : input).replace(/\/+/g, '/').replace(/\*+/g, '*');
  const segments = cleaned.slice(1).split('/');
  const long = segments.find((s) => s.length > MAX_SEGMENT_LENGTH);
  if (long !== undefined) {
    return err(new RuleValidationError('PATTERN_SEGMENT_TOO_LONG', `a segment of "${cleaned}" is longer than ${MAX_SEGMENT_LENGTH} characters`));
  }
  const wildcards = cleaned.split('*').length - 1;
  if (wildcards > MAX_WILDCARDS) {
    return err(new RuleValidationError('PATTERN_TOO_MANY_WILDCARDS', `"${cleaned}" has ${wildcards} wildcards (at most ${MAX_WILDCARDS})`));
  }
  const regexes = segments.map((s) => globToRegex(wildcardGlob(s)));
  const last = segments[segments.length - 1];
  const dir = last.includes('*');
  if (dir && segments.length === 1) {
    return err(new RuleValidationError('PATTERN_ROOT', `"${cleaned}" puts a wildcard directly under "/"; name a directory first`));
  }
  const filter: FileFilter = {
    filter: cleaned,
    path: `/${(dir ? regexes.slice(0, -1) : regexes).join('/')}`,
    regex: dir ? regexes[regexes.length - 1] : '',
    recursive: opts.recursive,
    customerAdd: opts.customerAdd,
    behavior: opts.behavior,
    dgroup: opts.dgroup ?? '',
  };
  const compiled = compileFilter(filter);
  return compiled.ok ? ok(filter) : compiled;
}

function checkInput(input: string): RuleValidationError | undefined {
  if (input === '') return new RuleValidationError('PATTERN_EMPTY', 'pattern is empty');
  if (CONTROL_CHAR.test(input)) return new RuleValidationError('PATTERN_CONTROL_CHAR', 'pattern contains a control character');
  if (input.length > MAX_PATH_LENGTH) {
    return new RuleValidationError('PATTERN_TOO_LONG', `pattern is longer than ${MAX_PATH_LENGTH} characters`);
  }
  if (input === '.' || /^\/+$/.test(input)) {
    return new RuleValidationError('PATTERN_ROOT', `pattern "${input}" would cover the whole file system`);
  }
  if (!input.startsWith('/')) return new RuleValidationError('PATTERN_RELATIVE', `pattern "${input}" is not an absolute path`);
  if (BRACKETS.test(input)) {
    return new RuleValidationError('PATTERN_BRACKETS', `pattern "${input}" contains one of [ ] ( ) < >`);
  }
  if (input.includes('..')) return new RuleValidationError('PATTERN_DOTDOT', `pattern "${input}" contains ".."`);
  if (input.includes('/./') || input.endsWith('/.')) {
    return new RuleValidationError('PATTERN_DOT_SEGMENT', `pattern "${input}" has a "." segment`);
  }
  return undefined;
}
