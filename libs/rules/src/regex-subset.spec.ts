import { escapeLiteral, globToRegex, parseRegexSubset } from './regex-subset';
import { wildcardGlob } from './glob';

describe(parseRegexSubset.name, () => {
  it.each([
    ['.*', ['', '']],
    ['ld-linux\\..*', ['ld-linux.', '']],
    ['libc\\..*', ['libc.', '']],
    ['libpthread.*', ['libpthread', '']],
    ['resolv\\.conf', ['resolv.conf']],
    ['a\\+b\\$c\\-d', ['a+b$c-d']],
    ['.*.*x.*.*', ['', 'x', '']],
    ['caf\u00e9 ~!@#%&=,;:\'"', ['caf\u00e9 ~!@#%&=,;:\'"']],
  ])('accepts %s', (src, parts) => {
    expect(parseRegexSubset(src, 'regex')).toEqual({ ok: true, value: { parts } });
  });

  it.each([
    ['.', 'lone "."'],
    ['a.b', 'lone "."'],
    ['.+', 'lone "."'],
    ['.**', '"*"'],
    ['.*?', '"?"'],
    ['a+', '"+"'],
    ['(a)', '"("'],
    ['[ab]', '"["'],
    ['a{2}', '"{"'],
    ['a|b', '"|"'],
    ['^a', '"^"'],
    ['a$', '"$"'],
    ['\\d+', '\\d'],
    ['\\w', '\\w'],
    ['\\b', '\\b'],
    ['a/b', '"/"'],
    ['(a+)+$', '"("'],
  ])('refuses %s with REGEX_UNSAFE', (src, hint) => {
    const r = parseRegexSubset(src, 'regex');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('REGEX_UNSAFE');
      expect(r.error.field).toBe('regex');
      expect(r.error.message).toContain(hint);
    }
  });

  it('refuses a dangling backslash with REGEX_INVALID', () => {
    const r = parseRegexSubset('abc\\', 'path');
    expect(r.ok || r.error.code).toBe('REGEX_INVALID');
    expect(r.ok || r.error.field).toBe('path');
  });

  it('refuses control characters with PATTERN_CONTROL_CHAR', () => {
    const r = parseRegexSubset('a\u0000b', 'regex');
    expect(r.ok || r.error.code).toBe('PATTERN_CONTROL_CHAR');
  });
});

describe(escapeLiteral.name, () => {
  it.each(['resolv.conf', 'a+b?{c}|^$\\', 'x*y', 'plain'])('round-trips %s through parseRegexSubset', (text) => {
    expect(parseRegexSubset(escapeLiteral(text), 'regex')).toEqual({ ok: true, value: { parts: [text] } });
  });

  it('writes wildcards as .*', () => {
    expect(globToRegex(wildcardGlob('*.conf'))).toBe('.*\\.conf');
  });
});
