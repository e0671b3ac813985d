import type { FileFilter, FilterBehavior } from '@fsmon/contracts';
import { coveredBy, coveringFilters } from './filter.coverage';
import { parseFilterPattern } from './filter-pattern.parser';

function pattern(p: string, behavior: FilterBehavior, customerAdd: boolean, recursive = false, dgroup = ''): FileFilter {
  const r = parseFilterPattern(p, { recursive, behavior, customerAdd, dgroup });
  if (!r.ok) throw r.error;
  return r.value;
}

describe(coveredBy.name, () => {
  const etcDir = pattern('/etc/*', 'monitor_change', false);
  const passwdBlock = pattern('/etc/passwd', 'block_access', true);
  const passwdMonitor = pattern('/etc/passwd', 'monitor_change', true);
  const etcCustomer = pattern('/etc/*', 'monitor_change', true, true);
  const etcPredefined = pattern('/etc/*', 'monitor_change', false, true);

  it('§8.8: a blocked file inside a monitored directory keeps its block filter', () => {
    expect(coveredBy('/etc/passwd', [etcDir, passwdBlock])).toBe(passwdBlock);
    expect(coveredBy('/etc/shadow', [etcDir, passwdBlock])).toBe(etcDir);
  });

  it.each([
    ['block beats monitor', [passwdMonitor, pattern('/etc/*', 'block_access', false)], 1],
    ['customer-added beats predefined', [etcPredefined, etcCustomer], 1],
    ['single file beats directory', [etcCustomer, passwdMonitor], 1],
    ['non-recursive beats recursive', [etcCustomer, pattern('/etc/*', 'monitor_change', true, false)], 1],
    ['more literal segments beat fewer', [pattern('/*/passwd', 'monitor_change', true), passwdMonitor], 1],
    ['then input order', [etcCustomer, pattern('/etc/pass*', 'monitor_change', true, true)], 0],
  ])('%s', (_, filters, winner) => {
    expect(coveredBy('/etc/passwd', filters)).toBe(filters[winner]);
  });

  it('lists every covering filter, strongest first, and none for an uncovered path', () => {
    expect(coveringFilters('/etc/passwd', [etcDir, passwdBlock, etcCustomer])).toEqual([passwdBlock, etcCustomer, etcDir]);
    expect(coveredBy('/var/log/x', [etcDir, passwdBlock])).toBeUndefined();
    expect(coveringFilters('etc/passwd', [etcDir])).toEqual([]);
  });
});
