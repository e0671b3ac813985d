import type { PolicyMode } from '@fsmon/contracts';

export interface ModeInput {
  readonly mode: PolicyMode;
  /** The host itself (group `nodes`, root pid 1). */
  readonly isHost: boolean;
  /** false for platform/system containers, which are never blocked. */
  readonly capBlock: boolean;
  /** Whether the kernel and storage driver allow fanotify permission events (not aufs). */
  readonly permissionSupported: boolean;
  /** The monitor's own containers: forced to Monitor, never block or learn (seed NV containers). */
  readonly isSelf?: boolean;
}

/**
 * What the engines do for one workload (fsmon-behaviour §2.3, §4.6):
 * - `permission`: customer-added and block filters are marked FAN_OPEN_PERM and opens decided;
 * - `openTracking`: they are marked FAN_OPEN instead (notification only); exactly one of the
 *   two is set, as every mode observes opens on those filters;
 * - `learning`: opens on customer-added filters feed allowed-app learning (Discover only);
 * - `reportReads`: opens are reported as incidents (Monitor and Protect; Discover only learns).
 * `mode` is the effective mode (host and self are forced to Monitor). `fallbackReason` says why
 * a Protect workload is not enforced.
 */
export interface ModeFlags {
  readonly mode: PolicyMode;
  readonly permission: boolean;
  readonly openTracking: boolean;
  readonly learning: boolean;
  readonly reportReads: boolean;
  readonly fallbackReason?: string;
}

export function modeFlags(input: ModeInput): ModeFlags {
  const forced = input.isHost || input.isSelf === true;
  const mode: PolicyMode = forced ? 'Monitor' : input.mode;
  const fallbackReason = input.mode === 'Protect' ? protectFallback(input) : undefined;
  const permission = mode === 'Protect' && fallbackReason === undefined;
  return {
    mode,
    permission,
    openTracking: !permission,
    learning: mode === 'Discover',
    reportReads: mode !== 'Discover',
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
  };
}

function protectFallback(input: ModeInput): string | undefined {
  if (input.isHost) return 'the host is never blocked; monitoring only';
  if (input.isSelf === true) return "the monitor's own containers are never blocked; monitoring only";
  if (!input.capBlock) return 'platform/system container (capBlock false); monitoring only';
  if (!input.permissionSupported) return 'fanotify permission events are not supported here; notification fallback';
  return undefined;
}
