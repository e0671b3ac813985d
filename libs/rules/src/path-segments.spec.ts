import { baseName, joinSegments, splitPath } from './path-segments';

describe(splitPath.name, () => {
  it.each([
    ['/usr/bin/ls', ['usr', 'bin', 'ls']],
    ['/', []],
    ['//etc//passwd/', ['etc', 'passwd']],
    ['etc/passwd', undefined],
    ['', undefined],
  ])('%j → %j', (path, expected) => {
    expect(splitPath(path)).toEqual(expected);
  });
});

describe(joinSegments.name, () => {
  it.each([
    [[], '/'],
    [['usr', 'bin'], '/usr/bin'],
  ])('%j → %s', (segments, expected) => {
    expect(joinSegments(segments)).toBe(expected);
  });
});

describe(baseName.name, () => {
  it.each([
    ['/usr/bin/ls', 'ls'],
    ['ls', 'ls'],
    ['/usr/bin/', ''],
    ['', ''],
  ])('%s → %s', (path, expected) => {
    expect(baseName(path)).toBe(expected);
  });
});
