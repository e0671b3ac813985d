import { Glob } from './glob';
import { err, ok, Result } from './result';
import { RuleErrorField, RuleValidationError } from './rule-validation.error';

/** Characters with a meaning in a regex; anywhere else they must be `\`-escaped to be literal. */
const REGEX_META = new Set(['\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '/']);

// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u001f\u007f]/;
const ALNUM = /^[A-Za-z0-9]$/;

/** Escapes a literal so that `parseRegexSubset` reads it back unchanged (`.` → `\.`). */
export function escapeLiteral(text: string): string {
  let out = '';
  for (const ch of text) out += REGEX_META.has(ch) && ch !== '/' ? `\\${ch}` : ch;
  return out;
}

/** The regex text of a glob: literal parts escaped, each `*` written `.*`. */
export function globToRegex(g: Glob): string {
  return g.parts.map(escapeLiteral).join('.*');
}

/**
 * Reads one regex of the subset fsmon's pattern parser produces: literal characters, `\`-escaped
 * non-alphanumeric literals (`\.`, `\-`, ...) and `.*`. Everything else — a lone `.`, classes,
 * groups, alternation, anchors, other quantifiers, `\d`-style escapes, `/` — is refused with
 * REGEX_UNSAFE, so that raw filters sent through the API or a CRD mean exactly what a parsed
 * pattern means and can never be a backtracking regex.
 */
export function parseRegexSubset(src: string, field: RuleErrorField): Result<Glob, RuleValidationError> {
  if (CONTROL_CHAR.test(src)) {
    return err(new RuleValidationError('PATTERN_CONTROL_CHAR', `${field} contains a control character`, field));
  }
  const parts: string[][] = [[]];
  const chars = [...src];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\') {
      const next = chars[i + 1];
      if (next === undefined) {
        return err(new RuleValidationError('REGEX_INVALID', `${field} "${src}" ends with a lone backslash`, field));
      }
      if (ALNUM.test(next)) {
        return err(unsafe(src, field, `the escape "\\${next}" is a character class or assertion`));
      }
      parts[parts.length - 1].push(next);
      i++;
    } else if (ch === '.' && chars[i + 1] === '*') {
      // Consecutive `.*` collapse: `.*.*` and `.*` match the same strings.
      if (!(parts.length > 1 && parts[parts.length - 1].length === 0)) parts.push([]);
      i++;
    } else if (ch === '.') {
      return err(unsafe(src, field, 'a lone "." matches any character (write "\\." for a dot or ".*" for a wildcard)'));
    } else if (REGEX_META.has(ch)) {
      return err(unsafe(src, field, `"${ch}" is a regex operator (only literals, "\\"-escapes and ".*" are accepted)`));
    } else {
      parts[parts.length - 1].push(ch);
    }
  }
  return ok({ parts: parts.map((p) => p.join('')) });
}

function unsafe(src: string, field: RuleErrorField, why: string): RuleValidationError {
  return new RuleValidationError('REGEX_UNSAFE', `${field} "${src}" is not accepted: ${why}`, field);
}
