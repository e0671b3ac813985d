import { parseFilterPattern, PatternOptions } from './filter-pattern.parser';
import { filterToPattern } from './filter-pattern.format';
import { RuleErrorCode } from './rule-validation.error';

const opts: PatternOptions = { recursive: false, behavior: 'monitor_change', customerAdd: true };

describe(parseFilterPattern.name, () => {
  it.each([
    ['/etc/passwd', '/etc/passwd', '/etc/passwd', ''],
    ['/etc/resolv.conf', '/etc/resolv.conf', '/etc/resolv\\.conf', ''],
    ['/bin/*', '/bin/*', '/bin', '.*'],
    ['/bin/', '/bin/*', '/bin', '.*'],
    ['/dir/xxx.*', '/dir/xxx.*', '/dir', 'xxx\\..*'],
    ['/dir/*.xxx', '/dir/*.xxx', '/dir', '.*\\.xxx'],
    ['/dir/*/abc/*', '/dir/*/abc/*', '/dir/.*/abc', '.*'],
    ['/home/*/.ssh/*', '/home/*/.ssh/*', '/home/.*/\\.ssh', '.*'],
    ['/home/*/.bashrc', '/home/*/.bashrc', '/home/.*/\\.bashrc', ''],
    ['//etc///passwd', '/etc/passwd', '/etc/passwd', ''],
    ['/data//', '/data/*', '/data', '.*'],
    ['/tmp/**.log', '/tmp/*.log', '/tmp', '.*\\.log'],
    ['/srv/a+b$c^d{1}|e\\f', '/srv/a+b$c^d{1}|e\\f', '/srv/a\\+b\\$c\\^d\\{1\\}\\|e\\\\f', ''],
    ['/opt/app v1/*', '/opt/app v1/*', '/opt/app v1', '.*'],
    ['/foo', '/foo', '/foo', ''],
  ])('%s → filter %s, path %s, regex %s', (input, filter, path, regex) => {
    const r = parseFilterPattern(input, opts);
    expect(r).toEqual({ ok: true, value: { filter, path, regex, recursive: false, customerAdd: true, behavior: 'monitor_change', dgroup: '' } });
  });

  it('keeps the options it is given', () => {
    const r = parseFilterPattern('/data/*', { recursive: true, behavior: 'block_access', customerAdd: false, dgroup: 'g1' });
    expect(r.ok && r.value).toMatchObject({ recursive: true, behavior: 'block_access', customerAdd: false, dgroup: 'g1' });
  });

  it.each([
    '/etc/passwd',
    '/etc/resolv.conf',
    '/bin/*',
    '/home/*/.ssh/*',
    '/dir/*.xxx',
    '/srv/a+b$c^d{1}|e\\f',
  ])('round-trips %s through filterToPattern', (input) => {
    const r = parseFilterPattern(input, opts);
    if (!r.ok) throw r.error;
    expect(filterToPattern(r.value)).toBe(r.value.filter);
    expect(parseFilterPattern(filterToPattern(r.value), opts)).toEqual(r);
  });

  const rejections: [string, RuleErrorCode][] = [
    ['', 'PATTERN_EMPTY'],
    ['/etc/pass\u0000wd', 'PATTERN_CONTROL_CHAR'],
    ['/etc/pass\nwd', 'PATTERN_CONTROL_CHAR'],
    ['/etc/pass\u007fwd', 'PATTERN_CONTROL_CHAR'],
    [`/${'a/'.repeat(2048)}b`, 'PATTERN_TOO_LONG'],
    [`/${'a.'.repeat(1000)}/${'b.'.repeat(1100)}`, 'PATTERN_TOO_LONG'],
    [`/data/${'x'.repeat(256)}`, 'PATTERN_SEGMENT_TOO_LONG'],
    ['etc/passwd', 'PATTERN_RELATIVE'],
    ['./etc/passwd', 'PATTERN_RELATIVE'],
    ['*', 'PATTERN_RELATIVE'],
    ['/', 'PATTERN_ROOT'],
    ['//', 'PATTERN_ROOT'],
    ['.', 'PATTERN_ROOT'],
    ['/*', 'PATTERN_ROOT'],
    ['/tmp*', 'PATTERN_ROOT'],
    ['/etc/[ab]', 'PATTERN_BRACKETS'],
    ['/etc/a]', 'PATTERN_BRACKETS'],
    ['/etc/(a)', 'PATTERN_BRACKETS'],
    ['/etc/a)', 'PATTERN_BRACKETS'],
    ['/etc/<a>', 'PATTERN_BRACKETS'],
    ['/etc/a>', 'PATTERN_BRACKETS'],
    ['/etc/../shadow', 'PATTERN_DOTDOT'],
    ['/etc/..', 'PATTERN_DOTDOT'],
    ['/etc/a..b', 'PATTERN_DOTDOT'],
    ['/etc/./passwd', 'PATTERN_DOT_SEGMENT'],
    ['/etc/.', 'PATTERN_DOT_SEGMENT'],
    [`/data/${'*x'.repeat(17)}`, 'PATTERN_TOO_MANY_WILDCARDS'],
  ];
  it.each(rejections)('refuses %j with %s', (input, code) => {
    const r = parseFilterPattern(input, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
    }
  });
});
