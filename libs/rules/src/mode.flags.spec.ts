import type { PolicyMode } from '@fsmon/contracts';
import { ModeFlags, modeFlags } from './mode.flags';

const flags = (permission: boolean, learning: boolean, reportReads: boolean, mode: PolicyMode) => ({
  mode,
  permission,
  openTracking: !permission,
  learning,
  reportReads,
});

describe(modeFlags.name, () => {
  it.each<[string, Parameters<typeof modeFlags>[0], Partial<ModeFlags>]>([
    ['Protect + permission + capBlock → permission', { mode: 'Protect', isHost: false, capBlock: true, permissionSupported: true }, flags(true, false, true, 'Protect')],
    ['Monitor → notifications, reads reported', { mode: 'Monitor', isHost: false, capBlock: true, permissionSupported: true }, flags(false, false, true, 'Monitor')],
    ['Discover → open tracking and learning, reads not reported', { mode: 'Discover', isHost: false, capBlock: true, permissionSupported: true }, flags(false, true, false, 'Discover')],
    ['Discover without capBlock still learns', { mode: 'Discover', isHost: false, capBlock: false, permissionSupported: false }, flags(false, true, false, 'Discover')],
    ['host in Discover is forced to Monitor, never learns', { mode: 'Discover', isHost: true, capBlock: true, permissionSupported: true }, flags(false, false, true, 'Monitor')],
    ['self in Discover is forced to Monitor', { mode: 'Discover', isHost: false, isSelf: true, capBlock: true, permissionSupported: true }, flags(false, false, true, 'Monitor')],
  ])('%s', (_, input, expected) => {
    expect(modeFlags(input)).toEqual(expected);
  });

  it.each<[string, Parameters<typeof modeFlags>[0], RegExp]>([
    ['host never blocks', { mode: 'Protect', isHost: true, capBlock: true, permissionSupported: true }, /host/],
    ['self never blocks', { mode: 'Protect', isHost: false, isSelf: true, capBlock: true, permissionSupported: true }, /own containers/],
    ['system container (capBlock false)', { mode: 'Protect', isHost: false, capBlock: false, permissionSupported: true }, /capBlock/],
    ['no permission support (aufs, old kernel)', { mode: 'Protect', isHost: false, capBlock: true, permissionSupported: false }, /notification fallback/],
  ])('Protect falls back to notifications: %s', (_, input, reason) => {
    const f = modeFlags(input);
    expect(f).toMatchObject({ permission: false, openTracking: true, learning: false, reportReads: true });
    expect(f.fallbackReason).toMatch(reason);
  });
});
