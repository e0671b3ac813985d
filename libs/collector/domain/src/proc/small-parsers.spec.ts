import { readFileSync, readlinkSync } from 'node:fs';
import { parseCmdline } from './cmdline.parser';
import { parseNamespaceLink } from './ns-link.parser';
import { parsePasswd } from './passwd.parser';

describe(parseCmdline.name, () => {
  it.each([
    ['argv with terminator', 'nginx\u0000-g\u0000daemon off;\u0000', ['nginx', '-g', 'daemon off;']],
    ['empty argument kept', 'sh\u0000-c\u0000\u0000x\u0000', ['sh', '-c', '', 'x']],
    ['title rewritten with padding', 'nginx: worker process\u0000\u0000\u0000\u0000', ['nginx: worker process']],
    ['title without NULs', 'postgres: checkpointer ', ['postgres: checkpointer ']],
    ['kernel thread', '', []],
  ])('%s', (_name, content, argv) => {
    expect(parseCmdline(content)).toEqual({ argv, truncated: false });
  });

  it('cuts to the contract limits and says so', () => {
    expect(parseCmdline('a\u0000b\u0000c\u0000', { maxArgs: 2 })).toEqual({ argv: ['a', 'b'], truncated: true });
    expect(parseCmdline('abcdef\u0000', { maxArgLength: 3 })).toEqual({ argv: ['abc'], truncated: true });
  });

  it('reads this very process from the real /proc', () => {
    const { argv } = parseCmdline(readFileSync('/proc/self/cmdline', 'utf8'));
    // The kernel's argv is node's own: argv[0], node options, then the script and its arguments.
    expect(argv).toEqual([expect.any(String), ...process.execArgv, ...process.argv.slice(1)]);
  });
});

describe(parsePasswd.name, () => {
  const content = [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    '# a comment',
    '',
    'nginx:x:101:101:nginx user:/nonexistent:/bin/false',
    'toor:x:0:0:second root:/root:/bin/sh',
    '+@netgroup::::::',
    'broken line',
    'bad:x:notanumber:0::/:/bin/sh',
  ].join('\n');

  it('maps uid → first name and counts unusable lines', () => {
    const parsed = parsePasswd(content);
    expect([...parsed.users]).toEqual([
      [0, 'root'],
      [1, 'daemon'],
      [101, 'nginx'],
    ]);
    expect(parsed.skipped).toBe(3);
  });

  it('reads the real /etc/passwd', () => {
    expect(parsePasswd(readFileSync('/etc/passwd', 'utf8')).users.get(0)).toBe('root');
  });
});

describe(parseNamespaceLink.name, () => {
  it.each([
    ['mnt:[4026531840]', 'mnt', 4026531840],
    ['pid:[4026531836]', 'pid', 4026531836],
  ])('%s', (link, type, inode) => {
    expect(parseNamespaceLink(link, type)).toEqual({ ok: true, value: inode });
  });

  it.each([['net:[4026531840]'], ['mnt:4026531840'], ['mnt:[]'], ['mnt:[0]'], ['/proc/1/ns/mnt']])('%s is an error value for mnt', (link) => {
    const result = parseNamespaceLink(link);
    expect(result.ok ? undefined : result.error.code).toBe('NS_LINK_INVALID');
  });

  it('reads this process’s real mount namespace', () => {
    const result = parseNamespaceLink(readlinkSync('/proc/self/ns/mnt'));
    expect(result.ok && result.value).toBeGreaterThan(0);
  });
});
