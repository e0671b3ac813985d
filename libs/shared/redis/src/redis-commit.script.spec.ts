import { encodeCommit, writeCommand } from './redis-commit.script';
import { RedisUsageError } from './redis.errors';
import type { RedisWrite } from './redis-store';

describe(writeCommand.name, () => {
  it.each<[RedisWrite, string[]]>([
    [{ op: 'set', key: 'k', value: 'v' }, ['SET', 'v']],
    [{ op: 'set', key: 'k', value: 'v', ttlMs: 1500 }, ['SET', 'v', 'PX', '1500']],
    [{ op: 'del', key: 'k' }, ['DEL']],
    [{ op: 'hset', key: 'k', fields: { a: '1', b: '2' } }, ['HSET', 'a', '1', 'b', '2']],
    [{ op: 'hdel', key: 'k', fields: ['a'] }, ['HDEL', 'a']],
    [{ op: 'incrby', key: 'k', by: -3 }, ['INCRBY', '-3']],
    [{ op: 'sadd', key: 'k', members: ['x', 'y'] }, ['SADD', 'x', 'y']],
    [{ op: 'srem', key: 'k', members: ['x'] }, ['SREM', 'x']],
    [{ op: 'xadd', key: 'k', fields: { who: 'me' } }, ['XADD', '*', 'who', 'me']],
    [{ op: 'xadd', key: 'k', fields: { who: 'me' }, maxLen: 1000 }, ['XADD', 'MAXLEN', '~', '1000', '*', 'who', 'me']],
  ])('%j → %j', (write, command) => {
    expect(writeCommand(write)).toEqual(command);
  });

  it.each<RedisWrite>([
    { op: 'set', key: 'k', value: 'v', ttlMs: 0 },
    { op: 'hset', key: 'k', fields: {} },
    { op: 'hdel', key: 'k', fields: [] },
    { op: 'incrby', key: 'k', by: 1.5 },
    { op: 'incrby', key: 'k', by: Number.MAX_SAFE_INTEGER + 1 },
    { op: 'sadd', key: 'k', members: [] },
    { op: 'xadd', key: 'k', fields: {} },
    { op: 'xadd', key: 'k', fields: { a: 'b' }, maxLen: -1 },
  ])('refuses %j before anything is sent', (write) => {
    expect(() => writeCommand(write)).toThrow(RedisUsageError);
  });
});

describe(encodeCommit.name, () => {
  it('numbers each distinct key once and encodes guards (absent, string, hash field) and writes', () => {
    const encoded = encodeCommit(
      [
        { op: 'incrby', key: 'p:rev', by: 1 },
        { op: 'hset', key: 'p:g', fields: { rev: '2' } },
      ],
      [
        { key: 'p:rev', equals: '1' },
        { key: 'p:g', field: 'rev', equals: null },
        { key: 'p:x', equals: '' },
      ],
    );
    expect(encoded).toEqual({
      keys: ['p:rev', 'p:g', 'p:x'],
      args: ['3', '1', '', 'v1', '2', 'hrev', '', '3', '', 'v', '2', '1', '1', 'INCRBY', '1', '2', '2', 'HSET', 'rev', '2'],
    });
  });
});
