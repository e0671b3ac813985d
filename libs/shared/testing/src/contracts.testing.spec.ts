import { CollectorStatus, FileRawEvent, GapRawEvent, ProcInfo } from '@fsmon/contracts';
import { collectorStatus, fileRawEvent, gapRawEvent, procInfo } from './contracts.testing';

describe('contract builders', () => {
  it('build values the contracts accept as they are', () => {
    const values = [
      [CollectorStatus, collectorStatus('c1', 3)],
      [ProcInfo, procInfo('vi', 42)],
      [FileRawEvent, fileRawEvent()],
      [FileRawEvent, fileRawEvent({ procs: [procInfo('vi', 42)], container: null })],
      [GapRawEvent, gapRawEvent({ lost: 7 })],
    ] as const;
    for (const [schema, value] of values) expect(schema.parse(value)).toEqual(value);
  });

  it('take any field from `over`, and keep the default where `over` leaves a field undefined', () => {
    expect(collectorStatus('c1', 3, { drops: { 'kernel-overflow': 2 } })).toMatchObject({ collectorId: 'c1', appliedRevision: 3, drops: { 'kernel-overflow': 2 } });
    expect(procInfo('vi', 42, { cmds: ['vi', '-x'], euid: undefined })).toMatchObject({ name: 'vi', path: '/usr/bin/vi', cmds: ['vi', '-x'], euid: 0 });
    expect(fileRawEvent({ path: '/etc/shadow', group: undefined })).toMatchObject({ path: '/etc/shadow', group: 'nv.web' });
  });

  it('take the event source from the processes: fanotify when one is known, else inotify', () => {
    expect(fileRawEvent().source).toBe('inotify');
    expect(fileRawEvent({ procs: [procInfo('vi', 42)] }).source).toBe('fanotify');
    expect(fileRawEvent({ procs: [procInfo('vi', 42)], source: 'rescan' }).source).toBe('rescan');
  });
});
