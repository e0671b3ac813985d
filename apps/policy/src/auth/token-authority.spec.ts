import { TokenAuthority } from './token-authority';

describe(TokenAuthority.name, () => {
  const admin = 'a'.repeat(40);
  const read = 'r'.repeat(40);
  const sut = new TokenAuthority([admin], [read, admin]);

  it('knows each token with its scope and a label that does not reveal it', () => {
    const a = sut.identify(admin);
    const r = sut.identify(read);
    expect(a).toEqual({ scope: 'admin', label: expect.stringMatching(/^token:[0-9a-f]{12}$/) });
    expect(r?.scope).toBe('read');
    expect(a?.label).not.toBe(r?.label);
    expect(`${a?.label}${r?.label}`).not.toContain('aaaa');
    expect(sut.counts).toEqual({ admin: 1, read: 1 });
  });

  it.each(['', 'a', 'a'.repeat(39), 'a'.repeat(41), `${read} `])('refuses %j', (token) => {
    expect(sut.identify(token)).toBeNull();
  });
});
