import { RedisUsageError } from './redis.errors';
import { redisKeys } from './redis-keys';

describe(redisKeys.name, () => {
  it.each(['fsmon:', 'test:rules:3f9a1c2b:', 'a.b-c_d:'])('accepts the prefix %j', (prefix) => {
    expect(redisKeys(prefix).policyRevision()).toBe(`${prefix}policy:revision`);
  });

  it.each(['', 'fsmon', ':', 'fsmon::', 'has space:', 'star*:', 'x:{tag}:'])('rejects the prefix %j', (prefix) => {
    expect(() => redisKeys(prefix)).toThrow(RedisUsageError);
  });

  it('names every key under the prefix', () => {
    const sut = redisKeys('fsmon:');
    expect([
      sut.policyRevision(),
      sut.groupNames(),
      sut.group('web'),
      sut.profile('web'),
      sut.accessRule('web'),
      sut.auditStream(),
      sut.misc('a', 'b'),
    ]).toEqual([
      'fsmon:policy:revision',
      'fsmon:policy:groups',
      'fsmon:policy:group:web',
      'fsmon:policy:profile:web',
      'fsmon:policy:access-rule:web',
      'fsmon:policy:audit',
      'fsmon:misc:a:b',
    ]);
  });

  it('encodes names so that a name containing ":" cannot collide with another key', () => {
    const sut = redisKeys('fsmon:');
    expect(sut.group('a:b')).toBe('fsmon:policy:group:a%3Ab');
    expect(sut.misc('a:b')).not.toBe(sut.misc('a', 'b'));
    expect(sut.group('nv.web 1/ü')).toBe('fsmon:policy:group:nv.web%201%2F%C3%BC');
  });

  it('refuses an empty name', () => {
    expect(() => redisKeys('fsmon:').group('')).toThrow(/empty name/);
  });
});
