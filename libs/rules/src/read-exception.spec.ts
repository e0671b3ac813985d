import { isReadException } from './read-exception';

describe(isReadException.name, () => {
  it.each([
    ['ps', '/etc/passwd', true],
    ['ls', '/etc/group', true],
    ['ps', '/etc/group', false],
    ['ls', '/etc/passwd', false],
    ['cat', '/etc/passwd', false],
    ['ps', '/etc/shadow', false],
  ])('%s reading %s → %s', (name, path, expected) => {
    expect(isReadException(name, path)).toBe(expected);
  });
});
