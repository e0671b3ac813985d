import { resolveInContainer } from './symlink.resolver';

/** A container file system of symlinks only; every other path is a plain entry. */
const links = (table: Record<string, string>) => {
  const asked: string[] = [];
  const readLink = (path: string): string | null => {
    asked.push(path);
    return table[path] ?? null;
  };
  return { readLink, asked };
};

describe(resolveInContainer.name, () => {
  it.each([
    ['no links', {}, '/etc/passwd', '/etc/passwd'],
    ['usr-merge: /bin → usr/bin', { '/bin': 'usr/bin' }, '/bin/sh', '/usr/bin/sh'],
    ['absolute target restarts at the container root', { '/etc/localtime': '/usr/share/zoneinfo/UTC' }, '/etc/localtime', '/usr/share/zoneinfo/UTC'],
    ['chain of links', { '/a': '/b', '/b': 'c', '/c': '/d/e' }, '/a/f', '/d/e/f'],
    ['.. after a link is physical', { '/x/link': '/deep/dir' }, '/x/link/../file', '/deep/file'],
    ['.. stops at the container root', { '/up': '../../../../etc' }, '/up/passwd', '/etc/passwd'],
    ['missing components are kept', {}, '/no/such/path', '/no/such/path'],
  ])('%s', (_name, table, path, expected) => {
    expect(resolveInContainer(path, links(table).readLink)).toEqual({ ok: true, value: expected });
  });

  it('asks only about paths whose parents are resolved', () => {
    const fs = links({ '/bin': 'usr/bin' });
    resolveInContainer('/bin/sh', fs.readLink);
    expect(fs.asked).toEqual(['/bin', '/usr', '/usr/bin', '/usr/bin/sh']);
  });

  it.each([
    ['self loop', { '/loop': '/loop' }],
    ['two-link loop', { '/a': 'b', '/b': 'a' }],
  ])('%s is an error value', (_name, table) => {
    const result = resolveInContainer('/a/x', links({ ...table, '/a/x': '/loop' }).readLink, 10);
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.error.code).toBe('SYMLINK_LOOP');
  });
});
