import type { FileFilter } from '@fsmon/contracts';
import { HOST_GROUP } from '@fsmon/contracts';
import { estimateGroup, EstimateGroupInput } from './group.estimate';

const f = (over: Partial<FileFilter>): FileFilter => ({
  filter: '',
  path: '/data',
  regex: '.*',
  recursive: false,
  customerAdd: true,
  behavior: 'monitor_change',
  dgroup: '',
  ...over,
});

const crdLogs = f({ regex: '.*\\.log', dgroup: 'crd-logs' });
const monitorAll = f({ dgroup: 'monitor-all' });
const blockAll = f({ behavior: 'block_access', dgroup: 'blockers' });
const noGroup = f({ path: '/srv', dgroup: '' });
const base: EstimateGroupInput = { containerFilters: [crdLogs, monitorAll, blockAll, noGroup], path: '/data/x.log', denied: false, isHost: false, fallbackGroup: 'nv.svc' };

describe(estimateGroup.name, () => {
  it.each<[string, Partial<EstimateGroupInput>, string]>([
    ['the host → nodes', { isHost: true }, HOST_GROUP],
    ['the first covering filter (CRD first)', {}, 'crd-logs'],
    ['§8.12: the regex counts for a non-recursive filter', { path: '/data/x.txt' }, 'monitor-all'],
    ['§8.15: a denial prefers the covering block filter', { denied: true }, 'blockers'],
    ['a denial with no covering block filter keeps the first match', { denied: true, containerFilters: [crdLogs, monitorAll] }, 'crd-logs'],
    ['an empty dgroup falls back to the service group', { path: '/srv/a' }, 'nv.svc'],
    ['nothing covers → the service group', { path: '/elsewhere/a' }, 'nv.svc'],
    ['nothing covers, no fallback → empty', { path: '/elsewhere/a', fallbackGroup: undefined }, ''],
    ['a deeper path is not covered by non-recursive filters', { path: '/data/sub/x.log' }, 'nv.svc'],
  ])('%s', (_, over, expected) => {
    expect(estimateGroup({ ...base, ...over })).toBe(expected);
  });
});
