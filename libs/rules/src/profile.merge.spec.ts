import type { FileFilter, FileMonitorProfile, PolicyMode } from '@fsmon/contracts';
import { mergeProfiles, strictestMode } from './profile.merge';

const filter = (over: Partial<FileFilter> & Pick<FileFilter, 'filter' | 'path' | 'regex'>): FileFilter => ({
  recursive: false,
  customerAdd: false,
  behavior: 'monitor_change',
  dgroup: '',
  ...over,
});

const profile = (group: string, mode: PolicyMode, filters: FileFilter[], filtersCRD: FileFilter[] = []): FileMonitorProfile => ({
  group,
  mode,
  cfgType: 'user_created',
  filters,
  filtersCRD,
});

const bin = filter({ filter: '/bin/*', path: '/bin', regex: '.*' });
const passwd = filter({ filter: '/etc/passwd', path: '/etc/passwd', regex: '' });

describe(mergeProfiles.name, () => {
  it.each([
    ['block beats monitor', { behavior: 'block_access' as const }, { behavior: 'block_access' }],
    ['recursive beats non-recursive', { recursive: true }, { recursive: true }],
    ['customer-added beats predefined', { customerAdd: true }, { customerAdd: true }],
  ])('on a key collision, %s (either order)', (_, stronger, expected) => {
    const strong = { ...bin, ...stronger, dgroup: 'g2' };
    for (const [first, second] of [
      [bin, strong],
      [strong, bin],
    ]) {
      const merged = mergeProfiles([profile('g1', 'Discover', [first]), profile('g2', 'Discover', [second])]);
      expect(merged.filters).toHaveLength(1);
      expect(merged.filters[0]).toMatchObject(expected);
    }
  });

  it('keeps the first dgroup and fills an empty one with the owning group', () => {
    const merged = mergeProfiles([profile('g1', 'Monitor', [bin]), profile('g2', 'Monitor', [{ ...bin, dgroup: 'other' }])]);
    expect(merged.filters.map((f) => f.dgroup)).toEqual(['g1']);
    const reversed = mergeProfiles([profile('g2', 'Monitor', [{ ...bin, dgroup: 'other' }]), profile('g1', 'Monitor', [bin])]);
    expect(reversed.filters.map((f) => f.dgroup)).toEqual(['other']);
  });

  it('keeps filters on the same directory with different regexes apart (the seed keyed them by path)', () => {
    const a = filter({ filter: '/data/*.log', path: '/data', regex: '.*\\.log' });
    const b = filter({ filter: '/data/*.txt', path: '/data', regex: '.*\\.txt' });
    expect(mergeProfiles([profile('g', 'Monitor', [a, b])]).filters).toHaveLength(2);
  });

  it('sorts by filter, then path', () => {
    const z = filter({ filter: '/z', path: '/z', regex: '' });
    const merged = mergeProfiles([profile('g1', 'Discover', [z, passwd]), profile('g2', 'Discover', [bin])]);
    expect(merged.filters.map((f) => f.filter)).toEqual(['/bin/*', '/etc/passwd', '/z']);
  });

  it('§8.6/§8.7: keeps CRD filters apart, even in a CRD-only profile, and lists them first in `all`', () => {
    const crd = filter({ filter: '/data/*', path: '/data', regex: '.*', customerAdd: true, behavior: 'block_access' });
    const merged = mergeProfiles([profile('crd', 'Protect', [], [crd]), profile('svc', 'Discover', [bin])]);
    expect(merged.filtersCRD).toEqual([{ ...crd, dgroup: 'crd' }]);
    expect(merged.filters).toEqual([{ ...bin, dgroup: 'svc' }]);
    expect(merged.all).toEqual([...merged.filtersCRD, ...merged.filters]);
    expect(merged.groups).toEqual(['crd', 'svc']);
  });

  it('takes the strictest mode of the member groups', () => {
    expect(mergeProfiles([profile('a', 'Discover', []), profile('b', 'Protect', []), profile('c', 'Monitor', [])]).mode).toBe('Protect');
    expect(mergeProfiles([]).mode).toBe('Discover');
  });

  it('does not change its inputs', () => {
    const input = [profile('g1', 'Discover', [bin]), profile('g2', 'Discover', [{ ...bin, behavior: 'block_access' }])];
    const copy = structuredClone(input);
    mergeProfiles(input);
    expect(input).toEqual(copy);
  });
});

describe(strictestMode.name, () => {
  it.each([
    [[], 'Discover'],
    [['Discover'], 'Discover'],
    [['Discover', 'Monitor'], 'Monitor'],
    [['Protect', 'Discover'], 'Protect'],
    [['Monitor', 'Protect', 'Monitor'], 'Protect'],
  ] as [PolicyMode[], PolicyMode][])('%j → %s', (modes, expected) => {
    expect(strictestMode(modes)).toBe(expected);
  });
});
