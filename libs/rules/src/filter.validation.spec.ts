import type { FileFilter } from '@fsmon/contracts';
import { validateFilter, validateFilters } from './filter.validation';

const raw = (path: string, regex: string, filter = ''): FileFilter => ({
  filter,
  path,
  regex,
  recursive: true,
  customerAdd: true,
  behavior: 'block_access',
  dgroup: 'g',
});

describe(validateFilter.name, () => {
  it('fills an empty display pattern', () => {
    expect(validateFilter(raw('/etc/resolv\\.conf', ''))).toEqual({ ok: true, value: raw('/etc/resolv\\.conf', '', '/etc/resolv.conf') });
  });

  it('keeps a given display pattern and object', () => {
    const f = raw('/bin', '.*', 'my bins');
    const r = validateFilter(f);
    expect(r.ok && r.value).toBe(f);
  });

  it('refuses raw regexes outside the safe subset (REGEX_UNSAFE)', () => {
    const r = validateFilter(raw('/bin', '(a+)+$'));
    expect(r.ok || r.error.code).toBe('REGEX_UNSAFE');
  });
});

describe(validateFilters.name, () => {
  it('splits usable and refused filters, losing none', () => {
    const good = raw('/bin', '.*');
    const bad = raw('/bin', '[a-z]+');
    const r = validateFilters([good, bad]);
    expect(r.valid).toEqual([good]);
    expect(r.rejected).toEqual([{ filter: bad, error: expect.objectContaining({ code: 'REGEX_UNSAFE' }) }]);
  });
});
