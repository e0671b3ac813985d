import * as FAN from './linux-fanotify.constants';
import * as IN from './linux-inotify.constants';
import { describeMask } from './internal-mask';
import { fanotifyToInternal, inotifyToInternal, isPermissionEvent, isQueueOverflow, isWatchGone } from './mask.translate';
import { isReadException } from './read-exceptions';

describe(fanotifyToInternal.name, () => {
  it.each([
    ['FAN_MODIFY', FAN.FAN_MODIFY, IN.IN_MODIFY],
    ['FAN_CLOSE_WRITE', FAN.FAN_CLOSE_WRITE, IN.IN_CLOSE_WRITE],
    ['FAN_OPEN', FAN.FAN_OPEN, IN.IN_ACCESS],
    ['FAN_OPEN_PERM', FAN.FAN_OPEN_PERM, IN.IN_ACCESS],
    ['FAN_ACCESS', FAN.FAN_ACCESS, IN.IN_ACCESS],
    ['FAN_ACCESS_PERM', FAN.FAN_ACCESS_PERM, IN.IN_ACCESS],
    ['FAN_OPEN_EXEC_PERM', FAN.FAN_OPEN_EXEC_PERM, IN.IN_ACCESS],
    ['merged MODIFY|CLOSE_WRITE keeps both', FAN.FAN_MODIFY | FAN.FAN_CLOSE_WRITE, IN.IN_MODIFY | IN.IN_CLOSE_WRITE],
    ['FAN_CREATE', FAN.FAN_CREATE, IN.IN_CREATE],
    ['FAN_CREATE|FAN_ONDIR', FAN.FAN_CREATE | FAN.FAN_ONDIR, IN.IN_CREATE | IN.IN_ISDIR],
    ['FAN_DELETE', FAN.FAN_DELETE, IN.IN_DELETE],
    ['FAN_MOVED_FROM', FAN.FAN_MOVED_FROM, IN.IN_MOVED_FROM],
    ['FAN_MOVED_TO|FAN_ONDIR', FAN.FAN_MOVED_TO | FAN.FAN_ONDIR, IN.IN_MOVED_TO | IN.IN_ISDIR],
    ['FAN_ATTRIB', FAN.FAN_ATTRIB, IN.IN_ATTRIB],
    ['FAN_DELETE_SELF', FAN.FAN_DELETE_SELF, IN.IN_DELETE_SELF],
    ['FAN_MOVE_SELF', FAN.FAN_MOVE_SELF, IN.IN_MOVE_SELF],
    ['FAN_CLOSE_NOWRITE is not an event of interest', FAN.FAN_CLOSE_NOWRITE, 0],
    ['FAN_EVENT_ON_CHILD is a mark flag, not an event', FAN.FAN_EVENT_ON_CHILD | FAN.FAN_MODIFY, IN.IN_MODIFY],
    ['FAN_Q_OVERFLOW is not translated', FAN.FAN_Q_OVERFLOW, 0],
  ])('%s', (_name, fan, internal) => {
    expect(describeMask(fanotifyToInternal(fan))).toBe(describeMask(internal));
  });
});

describe(inotifyToInternal.name, () => {
  it.each([
    ['event bits pass through', IN.IN_DIR_WATCH_MASK, IN.IN_DIR_WATCH_MASK],
    ['IN_ISDIR kept', IN.IN_CREATE | IN.IN_ISDIR, IN.IN_CREATE | IN.IN_ISDIR],
    ['IN_OPEN reads as an access', IN.IN_OPEN, IN.IN_ACCESS],
    ['control bits dropped', IN.IN_IGNORED | IN.IN_UNMOUNT | IN.IN_Q_OVERFLOW | IN.IN_CLOSE_NOWRITE, 0],
  ])('%s', (_name, inMask, internal) => {
    expect(inotifyToInternal(inMask)).toBe(internal);
  });

  it('keeps the seed watch masks (0xECE files, 0xFCE directories)', () => {
    expect(IN.IN_FILE_WATCH_MASK).toBe(0xece);
    expect(IN.IN_DIR_WATCH_MASK).toBe(0xfce);
  });
});

describe('control predicates', () => {
  it('detects queue overflow for both APIs', () => {
    expect(isQueueOverflow(FAN.FAN_Q_OVERFLOW)).toBe(true);
    expect(isQueueOverflow(IN.IN_Q_OVERFLOW)).toBe(true);
    expect(isQueueOverflow(FAN.FAN_MODIFY)).toBe(false);
  });

  it('detects a dropped inotify watch', () => {
    expect(isWatchGone(IN.IN_IGNORED)).toBe(true);
    expect(isWatchGone(IN.IN_UNMOUNT)).toBe(true);
    expect(isWatchGone(IN.IN_DELETE_SELF)).toBe(false);
  });

  it('detects permission events, which the kernel waits on', () => {
    expect(isPermissionEvent(FAN.FAN_OPEN_PERM)).toBe(true);
    expect(isPermissionEvent(FAN.FAN_ACCESS_PERM)).toBe(true);
    expect(isPermissionEvent(FAN.FAN_PRE_ACCESS)).toBe(true);
    expect(isPermissionEvent(FAN.FAN_OPEN | FAN.FAN_CLOSE_WRITE)).toBe(false);
  });
});

describe(describeMask.name, () => {
  it('names bits and shows unknown ones in hex', () => {
    expect(describeMask(IN.IN_CREATE | IN.IN_ISDIR)).toBe('CREATE|ISDIR');
    expect(describeMask(0)).toBe('0');
    expect(describeMask(IN.IN_IGNORED)).toBe('0x8000');
  });
});

describe(isReadException.name, () => {
  it.each([
    ['ps', '/etc/passwd', true],
    ['ls', '/etc/group', true],
    ['cat', '/etc/passwd', false],
    ['ps', '/etc/shadow', false],
    ['ls', '/etc/passwd', false],
  ])('%s reading %s → %s', (proc, path, expected) => {
    expect(isReadException(proc, path)).toBe(expected);
  });
});
