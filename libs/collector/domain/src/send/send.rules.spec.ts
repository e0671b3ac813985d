import type { FileEventKind, PolicyMode } from '@fsmon/contracts';
import { IN_ACCESS, IN_CLOSE_WRITE, IN_MODIFY } from '../masks/linux-inotify.constants';
import { eventText, reportAction } from './event-text';
import { isRuntimeFile, RUNTIME_FILES } from './runtime-files';
import { type ReportInput, shouldReport } from './send.rules';

const START = 1_000_000;
const LATER = START + 61_000;

const input = (kind: FileEventKind, mode: PolicyMode, over: Partial<ReportInput> = {}): ReportInput => ({
  kind,
  mode,
  mask: kind === 'Accessed' ? IN_ACCESS : IN_CLOSE_WRITE,
  isRuntimeFile: false,
  watchStartedAt: START,
  now: LATER,
  filterCustomerAdd: false,
  decision: 'none',
  source: 'fanotify',
  ...over,
});

describe(shouldReport.name, () => {
  it.each([
    // Modifications and other changes: every mode.
    ['Modified in Discover', input('Modified', 'Discover'), true, undefined],
    ['Modified in Monitor', input('Modified', 'Monitor'), true, undefined],
    ['Removed in Protect', input('Removed', 'Protect'), true, undefined],
    ['Create from inotify in Discover', input('Create', 'Discover', { source: 'inotify' }), true, undefined],
    // Reads.
    ['read in Discover (learn only)', input('Accessed', 'Discover', { decision: 'denied' }), false, 'discover-read'],
    ['allowed read in Monitor', input('Accessed', 'Monitor', { decision: 'allowed' }), false, 'allowed-read'],
    ['unchecked read in Monitor', input('Accessed', 'Monitor'), false, 'allowed-read'],
    ['unauthorized read in Monitor', input('Accessed', 'Monitor', { decision: 'denied' }), true, undefined],
    ['denied open in Protect', input('Accessed', 'Protect', { decision: 'denied' }), true, undefined],
    ['write with unchanged content in Monitor', input('Accessed', 'Monitor', { mask: IN_CLOSE_WRITE }), true, undefined],
    ['modify-only write, unchanged content, in Protect', input('Accessed', 'Protect', { mask: IN_MODIFY }), true, undefined],
    // Runtime files.
    ['runtime file read', input('Accessed', 'Monitor', { isRuntimeFile: true, decision: 'denied' }), false, 'runtime-file-read'],
    ['runtime file written in the grace period', input('Modified', 'Monitor', { isRuntimeFile: true, now: START + 59_999 }), false, 'runtime-file-grace'],
    ['runtime file written after the grace period', input('Modified', 'Monitor', { isRuntimeFile: true, now: START + 60_000 }), true, undefined],
  ])('%s', (_name, given, send, drop) => {
    const verdict = shouldReport(given);
    expect(verdict.send).toBe(send);
    expect(verdict.send ? undefined : verdict.drop).toBe(drop);
  });

  it.each([
    ['Discover, customer filter, fanotify', input('Accessed', 'Discover', { filterCustomerAdd: true }), true],
    ['Discover, customer filter, inotify (no process)', input('Modified', 'Discover', { filterCustomerAdd: true, source: 'inotify' }), false],
    ['Discover, predefined filter', input('Accessed', 'Discover'), false],
    ['Monitor, customer filter', input('Accessed', 'Monitor', { filterCustomerAdd: true }), false],
    ['Discover, runtime file in grace (learning is independent)', input('Accessed', 'Discover', { filterCustomerAdd: true, isRuntimeFile: true }), true],
  ])('learn: %s → %s', (_name, given, learn) => {
    expect(shouldReport(given).learn).toBe(learn);
  });

  it('takes a configured grace period and can report allowed reads', () => {
    expect(shouldReport(input('Modified', 'Monitor', { isRuntimeFile: true, now: START + 5_000 }), { graceMs: 1_000 }).send).toBe(true);
    expect(shouldReport(input('Accessed', 'Monitor', { decision: 'allowed' }), { reportAllowedReads: true }).send).toBe(true);
  });
});

describe(eventText.name, () => {
  it('uses the kind text, or the denial text when the process was blocked', () => {
    expect(eventText('Modified', false)).toBe('File was modified.');
    expect(eventText('DirCreate', false)).toBe('Directory was created.');
    expect(eventText('Accessed', true)).toBe('File access was denied.');
    expect(reportAction(true)).toBe('deny');
    expect(reportAction(false)).toBe('violate');
  });
});

describe(isRuntimeFile.name, () => {
  it('matches exactly the three runtime-injected files', () => {
    expect(RUNTIME_FILES).toEqual(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf']);
    expect(isRuntimeFile('/etc/hosts')).toBe(true);
    expect(isRuntimeFile('/etc/hosts.allow')).toBe(false);
  });
});
