import type { FileFilter } from '@fsmon/contracts';
import { compiledFilter, compileFilter } from './filter.compiler';
import { RuleErrorCode, RuleErrorField } from './rule-validation.error';

const raw = (path: string, regex = '', recursive = false): FileFilter => ({
  filter: '',
  path,
  regex,
  recursive,
  customerAdd: true,
  behavior: 'monitor_change',
  dgroup: '',
});

describe(compileFilter.name, () => {
  it('splits a single-file filter into its directory and its name', () => {
    const r = compileFilter(raw('/etc/resolv\\.conf', '', true));
    expect(r.ok && r.value).toMatchObject({
      key: '/etc/resolv\\.conf/',
      single: true,
      dirSegments: [{ parts: ['etc'] }],
      name: { parts: ['resolv.conf'] },
      recursive: false,
    });
  });

  it('keeps a directory filter whole and compiles its regex as the name', () => {
    const r = compileFilter(raw('/home/.*/\\.ssh', '.*', true));
    expect(r.ok && r.value).toMatchObject({
      key: '/home/.*/\\.ssh/.*',
      single: false,
      dirSegments: [{ parts: ['home'] }, { parts: ['', ''] }, { parts: ['.ssh'] }],
      name: { parts: ['', ''] },
      recursive: true,
    });
  });

  const rejections: [string, string, RuleErrorCode, RuleErrorField][] = [
    ['', '', 'PATTERN_EMPTY', 'path'],
    [`/${'a/'.repeat(2048)}b`, '', 'PATTERN_TOO_LONG', 'path'],
    ['/data', `${'a'.repeat(1025)}`, 'PATTERN_TOO_LONG', 'regex'],
    [`/${'a'.repeat(256)}`, '', 'PATTERN_SEGMENT_TOO_LONG', 'path'],
    ['/data', `${'a'.repeat(256)}.*`, 'PATTERN_SEGMENT_TOO_LONG', 'regex'],
    ['etc/passwd', '', 'PATTERN_RELATIVE', 'path'],
    ['/', '', 'PATTERN_ROOT', 'path'],
    ['/', '.*', 'PATTERN_ROOT', 'path'],
    ['/etc//passwd', '', 'PATTERN_NOT_CANONICAL', 'path'],
    ['/etc/', '.*', 'PATTERN_NOT_CANONICAL', 'path'],
    ['/etc/\\.\\./shadow', '', 'PATTERN_DOTDOT', 'path'],
    ['/etc', '\\.\\..*', 'PATTERN_DOTDOT', 'regex'],
    ['/etc/\\./passwd', '', 'PATTERN_DOT_SEGMENT', 'path'],
    ['/etc/pass\u0001wd', '', 'PATTERN_CONTROL_CHAR', 'path'],
    ['/etc', 'a\nb', 'PATTERN_CONTROL_CHAR', 'regex'],
    ['/data', '.*a'.repeat(17), 'PATTERN_TOO_MANY_WILDCARDS', 'path'],
    ['/etc/resolv.conf', '', 'REGEX_UNSAFE', 'path'],
    ['/bin', '(a+)+', 'REGEX_UNSAFE', 'regex'],
    ['/bin', '[a-z]*', 'REGEX_UNSAFE', 'regex'],
    ['/bin', '.+', 'REGEX_UNSAFE', 'regex'],
    ['/bin', 'a/b.*', 'REGEX_UNSAFE', 'regex'],
    ['/bin', '^ls$', 'REGEX_UNSAFE', 'regex'],
    ['/b.n', '.*', 'REGEX_UNSAFE', 'path'],
    ['/bin?', '.*', 'REGEX_UNSAFE', 'path'],
    ['/bin', 'ls\\', 'REGEX_INVALID', 'regex'],
    ['/bin\\', '.*', 'REGEX_INVALID', 'path'],
  ];
  it.each(rejections)('refuses path %j regex %j with %s in %s', (path, regex, code, field) => {
    const r = compileFilter(raw(path, regex));
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.field]).toEqual([code, field]);
  });
});

describe(compiledFilter.name, () => {
  it('compiles each filter object once', () => {
    const f = raw('/bin', '.*');
    expect(compiledFilter(f)).toBe(compiledFilter(f));
    expect(compiledFilter({ ...f })).not.toBe(compiledFilter(f));
  });
});
