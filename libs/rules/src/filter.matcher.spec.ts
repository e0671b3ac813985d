import type { FileFilter } from '@fsmon/contracts';
import { filterCovers } from './filter.matcher';
import { parseFilterPattern } from './filter-pattern.parser';
import { DEFAULT_FILTERS } from './default-filters';

function pattern(p: string, recursive = false): FileFilter {
  const r = parseFilterPattern(p, { recursive, behavior: 'monitor_change', customerAdd: true });
  if (!r.ok) throw r.error;
  return r.value;
}

const byPath = (path: string, regex: string) => {
  const f = DEFAULT_FILTERS.find((d) => d.path === path && d.regex === regex);
  if (!f) throw new Error(`no default ${path} ${regex}`);
  return f;
};

describe(filterCovers.name, () => {
  it.each([
    // §8.12: single files compare un-escaped, so a name with a dot is covered
    ['/etc/resolv.conf', false, '/etc/resolv.conf', true],
    ['/etc/resolv.conf', false, '/etc/resolvXconf', false],
    ['/etc/resolv.conf', false, '/etc/resolv.conf/x', false],
    ['/etc/resolv.conf', true, '/etc/sub/resolv.conf', false],
    ['/etc/passwd', false, '/etc/passwd', true],
    ['/etc/passwd', false, '/etc/passwd-', false],
    // non-recursive directory: the regex applies to names directly in the base
    ['/data/*.log', false, '/data/a.log', true],
    ['/data/*.log', false, '/data/a.txt', false],
    ['/data/*.log', false, '/data/sub/a.log', false],
    ['/data/*.log', false, '/data', false],
    ['/data/*.log', false, '/dataX/a.log', false],
    // recursive directory: the regex applies to the file NAME at any depth (§8.12: not the path)
    ['/data/*.log', true, '/data/sub/deeper/a.log', true],
    ['/data/*.log', true, '/data/sub.log/a.txt', false],
    ['/data/app*', true, '/data/x/app.conf', true],
    ['/data/app*', true, '/data/app/x.conf', false],
    // wildcard segments in the path match exactly one segment (§8.2)
    ['/home/*/.ssh/*', false, '/home/ann/.ssh/id_rsa', true],
    ['/home/*/.ssh/*', false, '/home/.ssh/id_rsa', false],
    ['/home/*/.ssh/*', false, '/home/a/b/.ssh/id_rsa', false],
    ['/home/*/.ssh/*', false, '/home/ann/.ssh/sub/key', false],
    ['/home/*/.bashrc', false, '/home/bob/.bashrc', true],
    ['/home/*/.bashrc', false, '/home/bob/x/.bashrc', false],
    ['/dir/*/abc/*', false, '/dir/x/abc/f', true],
    ['/srv/app-*/conf/*', true, '/srv/app-1/conf/a/b.yaml', true],
    ['/srv/app-*/conf/*', true, '/srv/web-1/conf/a.yaml', false],
  ])('%s (recursive %s) covers %s → %s', (p, recursive, path, expected) => {
    expect(filterCovers(pattern(p, recursive), path)).toBe(expected);
  });

  it.each([
    ['/lib', 'libc\\..*', '/lib/x86_64-linux-gnu/libc.so.6', true],
    ['/lib', 'libc\\..*', '/lib/libcrypt.so.1', false],
    ['/lib', 'ld-linux\\..*', '/lib/ld-linux.so.2', true],
    ['/lib', 'ld-linux\\..*', '/lib/ld-linux-x86-64.so.2', false],
    ['/lib64', 'ld-linux.*', '/lib64/ld-linux-x86-64.so.2', true],
    ['/lib', 'libpthread.*', '/lib/aarch64-linux-gnu/libpthread.so.0', true],
    ['/usr/bin', '.*', '/usr/bin/ls', true],
    ['/usr/bin', '.*', '/usr/bin/x/y', true],
    ['/usr/bin', '.*', '/usr/binx/ls', false],
    ['/etc/resolv\\.conf', '', '/etc/resolv.conf', true],
  ])('default %s %s covers %s → %s', (path, regex, target, expected) => {
    expect(filterCovers(byPath(path, regex), target)).toBe(expected);
  });

  it.each(['relative/path', ''])('covers no relative path (%j)', (path) => {
    expect(filterCovers(pattern('/data/*', true), path)).toBe(false);
  });

  it('tolerates repeated and trailing slashes in the path', () => {
    expect(filterCovers(pattern('/etc/passwd'), '//etc//passwd/')).toBe(true);
  });

  it('covers nothing with a filter that does not validate', () => {
    const bad: FileFilter = { ...pattern('/data/*'), regex: '(a|b)*' };
    expect(filterCovers(bad, '/data/a')).toBe(false);
  });
});
