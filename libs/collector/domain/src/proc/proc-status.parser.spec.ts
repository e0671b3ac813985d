import { readFileSync } from 'node:fs';
import { parseProcStatus } from './proc-status.parser';

const status = (name: string, extra = ''): string =>
  [`Name:\t${name}`, 'Umask:\t0022', 'State:\tS (sleeping)', 'Tgid:\t4242', 'Pid:\t4242', 'PPid:\t4200', 'Uid:\t1000\t0\t0\t1000', 'Gid:\t0\t0\t0\t0', extra, ''].join('\n');

describe(parseProcStatus.name, () => {
  it('reads name, pids and the effective uid (the second Uid field)', () => {
    expect(parseProcStatus(status('nginx', 'NSpid:\t4242\t7'))).toEqual({
      ok: true,
      value: { name: 'nginx', pid: 4242, ppid: 4200, uids: [1000, 0, 0, 1000], euid: 0, nspid: [4242, 7] },
    });
  });

  it.each([
    ['spaces kept', 'my worker', 'my worker'],
    ['escaped newline', 'a\\nb', 'a\nb'],
    ['escaped backslash', 'a\\\\nb', 'a\\nb'],
    ['colon inside the name', 'x:y', 'x:y'],
  ])('name: %s', (_name, raw, name) => {
    const result = parseProcStatus(status(raw));
    expect(result.ok && result.value.name).toBe(name);
  });

  it('has no NSpid on old kernels', () => {
    const result = parseProcStatus(status('sh'));
    expect(result.ok && result.value.nspid).toEqual([]);
  });

  it.each([
    ['no Name', 'PPid:\t1\nUid:\t0\t0\t0\t0\n'],
    ['no PPid', 'Name:\tsh\nUid:\t0\t0\t0\t0\n'],
    ['short Uid', 'Name:\tsh\nPPid:\t1\nUid:\t0\t0\n'],
    ['garbage Uid', 'Name:\tsh\nPPid:\t1\nUid:\ta b c d\n'],
  ])('%s is an error value', (_name, content) => {
    const result = parseProcStatus(content);
    expect(result.ok ? undefined : result.error.code).toBe('PROC_STATUS_INVALID');
  });

  it('reads this very process from the real /proc', () => {
    const result = parseProcStatus(readFileSync('/proc/self/status', 'utf8'));
    expect(result).toMatchObject({ ok: true, value: { pid: process.pid, ppid: process.ppid } });
    expect(result.ok && result.value.euid).toBe(process.geteuid?.());
  });
});
