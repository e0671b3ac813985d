import { group, NOW } from '../test/groups.fixture';
import { auditFields, type AuditEntry, parseAuditFields } from './audit-entry';

describe(auditFields.name, () => {
  it('round-trips through the flat stream fields', () => {
    const entry: AuditEntry = { revision: 3, at: NOW, who: 'admin:ops', action: 'group.create', changes: [{ name: 'web', before: null, after: group() }], detail: { n: 1 } };
    const fields = auditFields(entry);
    expect(fields).toMatchObject({ revision: '3', who: 'admin:ops', action: 'group.create', groups: '["web"]' });
    expect(parseAuditFields('1-0', fields)).toEqual({ id: '1-0', ...entry });
  });

  it('reads foreign or broken entries as undefined', () => {
    expect(parseAuditFields('1-0', { hello: 'x' })).toBeUndefined();
    expect(parseAuditFields('1-0', { revision: '1', action: 'x', changes: '{' })).toBeUndefined();
  });
});
