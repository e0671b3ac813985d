import { formatCollectors } from './collectors.format';
import { formatRules } from './group.format';
import { age, table } from './table';

describe(table.name, () => {
  it('aligns columns under an upper-case header and leaves the last column unpadded', () => {
    expect(table(['name', 'apps'], [['a', 'x, y'], ['longer', 'z']])).toEqual(['NAME    APPS', 'a       x, y', 'longer  z']);
  });
});

describe(age.name, () => {
  it('says how long ago in the largest sensible unit', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(age('2026-12-02T11:59:57Z', now)).toBe('3s ago');
    expect(age('2026-12-02T11:50:00Z', now)).toBe('10m ago');
    expect(age('2026-12-02T09:00:00Z', now)).toBe('3h ago');
    expect(age('not a time', now)).toBe('?');
  });
});

describe(formatCollectors.name, () => {
  it('shows state, applied revision, workloads, blocking and non-zero drops', () => {
    const row = {
      collectorId: 'vm',
      host: { id: 'h', name: 'vm' },
      version: '0.1.0',
      lastStatusAt: '2026-12-02T11:59:58Z',
      capabilities: { permissionEvents: false, fidReporting: true },
      containers: 3,
      currentRevision: 6,
      appliedRevision: 5,
      lagging: true,
      reason: 'behind' as const,
      drops: { unlocated: 0, 'kernel-overflow': 2 },
    };
    expect(formatCollectors([row], Date.parse('2026-12-02T12:00:00Z'))).toEqual([
      'COLLECTOR  HOST  STATE   POLICY   WORKLOADS  BLOCKING                   LAST STATUS  DROPS',
      'vm         vm    behind  rev 5/6  3          no (no permission events)  2s ago       kernel-overflow=2',
    ]);
    expect(formatCollectors([], 0)[0]).toMatch(/^no collector has reported yet/);
  });
});

describe(formatRules.name, () => {
  it('names each rule by the pattern the user typed', () => {
    const rule = { apps: ['/opt/app/cat'], behavior: 'block_access' as const, customerAdd: true, createdAt: '', updatedAt: '', failMode: 'open' as const };
    const lines = formatRules({ group: 'demo', filters: { '/etc/app\\.conf/': rule }, filtersCRD: {} }, new Map([['/etc/app\\.conf/', '/etc/app.conf']]));
    expect(lines).toEqual(['FILTER         BEHAVIOR  FAIL MODE  ALLOWED APPS', '/etc/app.conf  block     open       /opt/app/cat']);
  });
});
