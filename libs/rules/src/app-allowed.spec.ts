import { isAppAllowed } from './app-allowed';

describe(isAppAllowed.name, () => {
  it.each([
    [['/usr/bin/cat'], '/usr/bin/cat', 'cat', true],
    [['cat'], '/usr/bin/cat', 'whatever', true],
    [['myproc'], '/usr/bin/python3', 'myproc', true],
    [['/bin/cat'], '/usr/bin/cat', 'cat', false],
    [['vi'], '/usr/bin/cat', 'cat', false],
    [[], '/usr/bin/cat', 'cat', false],
    [['cat'], '', '', false],
  ])('apps %j, exe %s, name %s → %s', (apps, exePath, name, expected) => {
    expect(isAppAllowed(apps, { exePath, name })).toBe(expected);
  });
});
