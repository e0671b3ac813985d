import { addFilter, removeFilter, updateFilter } from './filter.edits';
import { group, LATER, NOW } from '../test/groups.fixture';

describe(addFilter.name, () => {
  it('adds a customer filter with its access-rule entry', () => {
    const r = addFilter(group(), { pattern: '/app/conf/*.yaml', recursive: true, behavior: 'block_access', apps: ['/usr/bin/vi', 'cat', 'cat'] }, NOW);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.profile.filters.at(-1)).toEqual({
      filter: '/app/conf/*.yaml',
      path: '/app/conf',
      regex: '.*\\.yaml',
      recursive: true,
      customerAdd: true,
      behavior: 'block_access',
      dgroup: '',
    });
    expect(r.value.accessRule.filters['/app/conf/.*\\.yaml']).toEqual({
      apps: ['/usr/bin/vi', 'cat'],
      behavior: 'block_access',
      customerAdd: true,
      createdAt: NOW,
      updatedAt: NOW,
      failMode: 'open',
    });
  });

  it('accepts a raw path and regex within the safe subset', () => {
    const r = addFilter(group(), { path: '/data', regex: '.*\\.db' }, NOW);
    expect(r.ok && r.value.profile.filters.at(-1)).toMatchObject({ filter: '/data/*.db', path: '/data', regex: '.*\\.db' });
  });

  it.each([
    ['/etc/../passwd', 'PATTERN_DOTDOT'],
    ['/etc/./passwd', 'PATTERN_DOT_SEGMENT'],
    ['/etc/[ab]', 'PATTERN_BRACKETS'],
    ['/etc/(a+)+', 'PATTERN_BRACKETS'],
    ['/etc/<x>', 'PATTERN_BRACKETS'],
    ['/', 'PATTERN_ROOT'],
    ['.', 'PATTERN_ROOT'],
    ['/tmp*', 'PATTERN_ROOT'],
    ['etc/passwd', 'PATTERN_RELATIVE'],
    ['', 'PATTERN_EMPTY'],
    ['/etc/pass\nwd', 'PATTERN_CONTROL_CHAR'],
    [`/${'a/'.repeat(2100)}x`, 'PATTERN_TOO_LONG'],
    [`/etc/${'x'.repeat(256)}`, 'PATTERN_SEGMENT_TOO_LONG'],
    [`/tmp/${'*a'.repeat(17)}`, 'PATTERN_TOO_MANY_WILDCARDS'],
  ])('refuses the pattern %j with %s', (pattern, reason) => {
    const r = addFilter(group(), { pattern }, NOW);
    expect(r.ok || [r.problem.code, r.problem.reason]).toEqual(['VALIDATION_FAILED', reason]);
  });

  it.each([
    ['/bin', '(a+)+', 'REGEX_UNSAFE'],
    ['/bin', '[a-z]*', 'REGEX_UNSAFE'],
    ['/bin', '.+', 'REGEX_UNSAFE'],
    ['/bin', 'ls\\', 'REGEX_INVALID'],
    ['/', '.*', 'PATTERN_ROOT'],
  ])('refuses the raw filter %j + %j with %s', (path, regex, reason) => {
    const r = addFilter(group(), { path, regex }, NOW);
    expect(r.ok || r.problem.reason).toBe(reason);
  });

  it('refuses both forms at once, a taken key, and block or apps on the host group', () => {
    const both = addFilter(group(), { pattern: '/a/b', path: '/a/b' }, NOW);
    expect(!both.ok && both.problem.reason).toBe('FILTER_FORM');
    const taken = addFilter(group(), { pattern: '/etc/passwd' }, NOW);
    expect(!taken.ok && [taken.problem.code, taken.problem.reason, taken.problem.details]).toEqual(['CONFLICT', 'FILTER_EXISTS', { key: '/etc/passwd/' }]);
    const block = addFilter(group('nodes'), { pattern: '/srv/x', behavior: 'block_access' }, NOW);
    expect(!block.ok && block.problem.reason).toBe('HOST_GROUP_NO_BLOCK');
    const apps = addFilter(group('nodes'), { pattern: '/srv/x', apps: ['cat'] }, NOW);
    expect(!apps.ok && apps.problem.reason).toBe('HOST_GROUP_NO_ACCESS_RULES');
  });

  it('gives host-group filters no access-rule entry', () => {
    const r = addFilter(group('nodes'), { pattern: '/srv/app.conf' }, NOW);
    expect(r.ok && r.value.accessRule.filters).toEqual({});
  });
});

describe(updateFilter.name, () => {
  it('changes recursion and behavior; the rule follows the behavior', () => {
    const g = group('web', { pattern: '/data/*' });
    const r = updateFilter(g, '/data/.*', { behavior: 'block_access', recursive: true }, LATER);
    expect(r.ok && r.value.profile.filters.at(-1)).toMatchObject({ behavior: 'block_access', recursive: true });
    expect(r.ok && r.value.accessRule.filters['/data/.*']).toMatchObject({ behavior: 'block_access', createdAt: NOW, updatedAt: LATER });
  });

  it('refuses predefined filters and unknown keys', () => {
    const pre = updateFilter(group(), '/etc/passwd/', { recursive: true }, LATER);
    expect(!pre.ok && pre.problem.reason).toBe('FILTER_PREDEFINED');
    const missing = updateFilter(group(), '/nope/', {}, LATER);
    expect(!missing.ok && [missing.problem.code, missing.problem.reason]).toEqual(['NOT_FOUND', 'FILTER_NOT_FOUND']);
  });
});

describe(removeFilter.name, () => {
  it('removes the filter and its access rule, never a predefined one', () => {
    const g = group('web', { pattern: '/data/*' });
    const r = removeFilter(g, '/data/.*');
    expect(r.ok && r.value.profile.filters).toEqual(group('web').profile.filters);
    expect(r.ok && r.value.accessRule.filters).toEqual({});
    const pre = removeFilter(g, '/bin/.*');
    expect(!pre.ok && pre.problem.reason).toBe('FILTER_PREDEFINED');
  });
});
