import {
  FAN_EVENT_ON_CHILD,
  FAN_MARK_ADD,
  FAN_MARK_DONT_FOLLOW,
  FAN_MARK_FILESYSTEM,
  FAN_MARK_FLUSH,
  FAN_MARK_IGNORED_MASK,
  FAN_MARK_IGNORED_SURV_MODIFY,
  FAN_MARK_MOUNT,
  FAN_MARK_ONLYDIR,
  FAN_MARK_REMOVE,
  FAN_ONDIR,
  FAN_OPEN,
  FAN_OPEN_PERM,
} from '@fsmon/ffi';
import { type MarkSpec, flushCall, markCall } from './mark-spec';

describe(markCall.name, () => {
  it.each<[string, MarkSpec, 'add' | 'remove', number, number]>([
    ['inode mark', { path: '/d', mask: FAN_OPEN }, 'add', FAN_MARK_ADD, FAN_OPEN],
    ['children and dirs', { path: '/d', mask: FAN_OPEN_PERM, onChild: true, onDir: true }, 'add', FAN_MARK_ADD, FAN_OPEN_PERM | FAN_EVENT_ON_CHILD | FAN_ONDIR],
    ['bits given in the mask are not doubled', { path: '/d', mask: FAN_OPEN | FAN_ONDIR, onDir: true }, 'add', FAN_MARK_ADD, FAN_OPEN | FAN_ONDIR],
    ['mount mark removal', { path: '/d', mask: FAN_OPEN, target: 'mount' }, 'remove', FAN_MARK_REMOVE | FAN_MARK_MOUNT, FAN_OPEN],
    ['filesystem mark', { path: '/d', mask: FAN_OPEN, target: 'filesystem' }, 'add', FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN],
    [
      'ignore mask surviving modify',
      { path: '/d/f', mask: FAN_OPEN, ignore: true, ignoreSurvivesModify: true },
      'add',
      FAN_MARK_ADD | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY,
      FAN_OPEN,
    ],
    ['symlink itself, directories only', { path: '/d', mask: FAN_OPEN, dontFollow: true, onlyDir: true }, 'add', FAN_MARK_ADD | FAN_MARK_DONT_FOLLOW | FAN_MARK_ONLYDIR, FAN_OPEN],
  ])('%s', (_name, spec, op, flags, mask) => {
    expect(markCall(spec, op)).toEqual({ flags, mask });
  });

  it.each<[string, MarkSpec]>([
    ['a relative path', { path: 'd', mask: FAN_OPEN }],
    ['an empty mask', { path: '/d', mask: 0 }],
    ['survive-modify without ignore', { path: '/d', mask: FAN_OPEN, ignoreSurvivesModify: true }],
  ])('rejects %s', (_name, spec) => {
    expect(() => markCall(spec, 'add')).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });

  it('flushes one target kind', () => {
    expect(flushCall('inode')).toBe(FAN_MARK_FLUSH);
    expect(flushCall('mount')).toBe(FAN_MARK_FLUSH | FAN_MARK_MOUNT);
    expect(flushCall('filesystem')).toBe(FAN_MARK_FLUSH | FAN_MARK_FILESYSTEM);
  });
});
