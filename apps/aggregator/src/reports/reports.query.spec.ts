import { ReportsQuery, toReportFilter } from './reports.query';

describe('ReportsQuery', () => {
  it('turns a valid query into a filter, limit defaulted and capped at the buffer size', () => {
    const q = ReportsQuery.parse({ host: 'node-1', kind: 'Host.Package.Updated', since: '2025-01-01T00:00:00Z', limit: '5000' });
    expect(toReportFilter(q, 1000)).toEqual({
      host: 'node-1',
      container: undefined,
      path: undefined,
      kind: 'Host.Package.Updated',
      sinceMs: Date.parse('2025-01-01T00:00:00Z'),
      untilMs: undefined,
      limit: 1000,
    });
    expect(toReportFilter(ReportsQuery.parse({}), 1000).limit).toBe(100);
  });

  it.each([
    [{ kind: 'Container.Oops' }, 'kind'],
    [{ since: 'yesterday' }, 'since'],
    [{ limit: '0' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ path: ['a', 'b'] }, 'path'],
    [{ colour: 'red' }, 'colour'],
  ])('rejects %j naming %s', (query, name) => {
    const result = ReportsQuery.safeParse(query);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(name);
  });
});
