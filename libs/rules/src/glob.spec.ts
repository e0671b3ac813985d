import { globMatches, isLiteralGlob, literalGlob, wildcardCount, wildcardGlob } from './glob';

describe(globMatches.name, () => {
  it.each([
    ['passwd', 'passwd', true],
    ['passwd', 'passwd2', false],
    ['*', '', true],
    ['*', 'anything at all', true],
    ['libc.*', 'libc.so.6', true],
    ['libc.*', 'libc.', true],
    ['libc.*', 'libc', false],
    ['libc.*', 'libcrypt.so', false],
    ['*.conf', 'resolv.conf', true],
    ['*.conf', 'resolv.conf.bak', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['ab*ba', 'aba', false],
    ['*ab*ab*', 'abab', true],
    ['*ab*ab*', 'aab', false],
    ['x*yy*yz', 'xyyz', false],
    ['x*yy*yz', 'xyyyyz', true],
  ])('%s matches %s → %s', (pattern, text, expected) => {
    expect(globMatches(wildcardGlob(pattern), text)).toBe(expected);
  });

  it('agrees with a regex on random patterns and texts', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = (alphabet: string, max: number) => Array.from({ length: rnd(max + 1) }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const pattern = word('ab*', 7);
      const text = word('ab', 9);
      const oracle = new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(text);
      expect([pattern, text, globMatches(wildcardGlob(pattern), text)]).toEqual([pattern, text, oracle]);
    }
  });

  it('answers inputs that make backtracking regexes explode', () => {
    expect(globMatches(wildcardGlob(`${'a*'.repeat(16)}b`), 'a'.repeat(4096))).toBe(false);
  });

  it('describes literal and wildcard globs', () => {
    expect(isLiteralGlob(literalGlob('a*b'))).toBe(true);
    expect(globMatches(literalGlob('a*b'), 'a*b')).toBe(true);
    expect(globMatches(literalGlob('a*b'), 'axb')).toBe(false);
    expect(wildcardCount(wildcardGlob('*a*'))).toBe(2);
  });
});
