import { filterToPattern } from './filter-pattern.format';

describe(filterToPattern.name, () => {
  it.each([
    ['/etc/passwd', '', '/etc/passwd'],
    ['/etc/resolv\\.conf', '', '/etc/resolv.conf'],
    ['/bin', '.*', '/bin/*'],
    ['/home/.*/\\.ssh', '.*', '/home/*/.ssh/*'],
    ['/lib', 'ld-linux\\..*', '/lib/ld-linux.*'],
    ['/lib64', 'ld-linux.*', '/lib64/ld-linux*'],
    ['/srv', 'a\\+b.*', '/srv/a+b*'],
  ])('path %s regex %s → %s', (path, regex, pattern) => {
    expect(filterToPattern({ path, regex })).toBe(pattern);
  });

  it('renders a filter that does not validate by text substitution, as the seed does', () => {
    expect(filterToPattern({ path: '/b.n', regex: '(a|b).*' })).toBe('/b.n/(a|b)*');
  });
});
