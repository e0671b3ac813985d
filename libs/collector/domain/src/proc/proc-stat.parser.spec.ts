import { readFileSync } from 'node:fs';
import { parseProcStat } from './proc-stat.parser';

const tail = '0 -1 4194304 98 0 0 0 0 0 0 0 20 0 1 0 111306 3133440 414 18446744073709551615 94693441343488 0';

describe(parseProcStat.name, () => {
  it.each([
    ['plain comm', `14162 (cat) R 14158 14158 3861 ${tail}`, 'cat'],
    ['comm with spaces', `14162 (Web Content) R 14158 14158 3861 ${tail}`, 'Web Content'],
    ['comm with parentheses', `14162 (a) (b) R 14158 14158 3861 ${tail}`, 'a) (b'],
    ['comm that is only ")"', `14162 ()) R 14158 14158 3861 ${tail}`, ')'],
    ['empty comm', `14162 () R 14158 14158 3861 ${tail}`, ''],
  ])('%s', (_name, content, comm) => {
    expect(parseProcStat(content)).toEqual({ ok: true, value: { pid: 14162, comm, state: 'R', ppid: 14158, startTime: 111306 } });
  });

  it.each([
    ['no parentheses', '14162 cat R 14158'],
    ['truncated', '14162 (cat) R 14158 14158'],
    ['non-numeric ppid', `14162 (cat) R x 14158 3861 ${tail}`],
    ['empty', ''],
  ])('%s is an error value', (_name, content) => {
    const result = parseProcStat(content);
    expect(result.ok ? undefined : result.error.code).toBe('PROC_STAT_INVALID');
  });

  it('reads this very process from the real /proc', () => {
    const result = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
    expect(result).toMatchObject({ ok: true, value: { pid: process.pid, ppid: process.ppid } });
    expect(result.ok && result.value.startTime).toBeGreaterThan(0);
  });
});
