import type { FileFilter } from '@fsmon/contracts';
import { filterKey } from '@fsmon/contracts';
import { Glob, literalLength, wildcardCount } from './glob';
import { MAX_PATH_LENGTH, MAX_REGEX_LENGTH, MAX_SEGMENT_LENGTH, MAX_WILDCARDS } from './limits';
import { parseRegexSubset } from './regex-subset';
import { err, ok, Result } from './result';
import { RuleErrorField, RuleValidationError } from './rule-validation.error';

/**
 * A validated filter, ready to match. A path is covered when its directory segments match
 * `dirSegments` one for one and its last segment (the file name) matches `name`; when
 * `recursive`, any number of further directories may sit between the two.
 * - single file (`regex` empty): `dirSegments` is `path` without its last segment, `name` that
 *   segment; never recursive.
 * - directory: `dirSegments` is `path`, `name` the regex.
 * Each segment of `path` matches exactly one path segment, so `/home/.*\/\.ssh` covers
 * `/home/ann/.ssh/id_rsa` but not `/home/a/b/.ssh/id_rsa`.
 */
export interface CompiledFilter {
  readonly filter: FileFilter;
  readonly key: string;
  readonly single: boolean;
  readonly dirSegments: readonly Glob[];
  readonly name: Glob;
  readonly recursive: boolean;
}

/**
 * Validates a raw filter (from the parser, the API or a CRD) and compiles it. Errors name the
 * field (`path` or `regex`) and carry the same codes as `parseFilterPattern`.
 */
export function compileFilter(filter: FileFilter): Result<CompiledFilter, RuleValidationError> {
  const path = filter.path;
  const pathProblem = checkPath(path);
  if (pathProblem) return err(pathProblem);
  const segments: Glob[] = [];
  for (const text of path.slice(1).split('/')) {
    const seg = checkedGlob(text, 'path');
    if (!seg.ok) return seg;
    segments.push(seg.value);
  }
  const single = filter.regex === '';
  let name: Glob;
  if (single) {
    name = segments.pop() as Glob;
  } else {
    if (filter.regex.length > MAX_REGEX_LENGTH) {
      return err(new RuleValidationError('PATTERN_TOO_LONG', `regex is longer than ${MAX_REGEX_LENGTH} characters`, 'regex'));
    }
    const parsed = checkedGlob(filter.regex, 'regex');
    if (!parsed.ok) return parsed;
    name = parsed.value;
  }
  const wildcards = [...segments, name].reduce((n, g) => n + wildcardCount(g), 0);
  if (wildcards > MAX_WILDCARDS) {
    return err(new RuleValidationError('PATTERN_TOO_MANY_WILDCARDS', `filter has ${wildcards} wildcards (at most ${MAX_WILDCARDS})`, 'path'));
  }
  return ok({ filter, key: filterKey(filter), single, dirSegments: segments, name, recursive: !single && filter.recursive });
}

const memo = new WeakMap<FileFilter, Result<CompiledFilter, RuleValidationError>>();

/**
 * `compileFilter`, remembered per filter object (filters are treated as immutable). The shared
 * matching functions use it, so a rule set is compiled once however often it is consulted.
 */
export function compiledFilter(filter: FileFilter): Result<CompiledFilter, RuleValidationError> {
  let r = memo.get(filter);
  if (!r) {
    r = compileFilter(filter);
    memo.set(filter, r);
  }
  return r;
}

function checkPath(path: string): RuleValidationError | undefined {
  if (path === '') return new RuleValidationError('PATTERN_EMPTY', 'path is empty', 'path');
  if (path.length > MAX_PATH_LENGTH) {
    return new RuleValidationError('PATTERN_TOO_LONG', `path is longer than ${MAX_PATH_LENGTH} characters`, 'path');
  }
  if (!path.startsWith('/')) return new RuleValidationError('PATTERN_RELATIVE', `path "${path}" is not absolute`, 'path');
  if (path === '/') return new RuleValidationError('PATTERN_ROOT', 'path "/" would cover the whole file system', 'path');
  if (path.includes('//') || path.endsWith('/')) {
    return new RuleValidationError('PATTERN_NOT_CANONICAL', `path "${path}" has an empty segment`, 'path');
  }
  return undefined;
}

function checkedGlob(text: string, field: RuleErrorField): Result<Glob, RuleValidationError> {
  const parsed = parseRegexSubset(text, field);
  if (!parsed.ok) return parsed;
  const g = parsed.value;
  if (g.parts.some((p) => p.includes('..'))) {
    return err(new RuleValidationError('PATTERN_DOTDOT', `${field} "${text}" contains ".."`, field));
  }
  if (g.parts.length === 1 && g.parts[0] === '.') {
    return err(new RuleValidationError('PATTERN_DOT_SEGMENT', `${field} "${text}" has a "." segment`, field));
  }
  if (literalLength(g) > MAX_SEGMENT_LENGTH) {
    return err(new RuleValidationError('PATTERN_SEGMENT_TOO_LONG', `${field} segment is longer than ${MAX_SEGMENT_LENGTH} characters`, field));
  }
  return ok(g);
}
