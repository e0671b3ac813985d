import type { FailMode } from '@fsmon/rules';
import { kernelRootOf } from './compile/kernel-path';
import { compileProtection, type CompiledProtection } from './compile/protection.compiler';
import type { HostMark } from './kernel/mark.ledger';
import type { ObserveMode, ProtectPolicy, ProtectTarget } from './protect.types';

/** One workload as the module holds it: what the watcher said, its policy, and what that compiled to. */
export interface TargetState {
  readonly target: ProtectTarget;
  readonly policy: ProtectPolicy;
  /** How event paths of this workload are rendered (see kernelRootOf). */
  readonly kernelRoot: string;
  readonly compiled: CompiledProtection;
}

export interface CompileSettings {
  readonly permissionSupported: boolean;
  readonly observe: ObserveMode;
  readonly suspended: boolean;
  readonly askUnauthorized: boolean;
  readonly defaultFailMode: FailMode;
}

export function targetState(target: ProtectTarget, policy: ProtectPolicy, settings: CompileSettings): TargetState {
  return {
    target,
    policy,
    kernelRoot: kernelRootOf(target.workload.rootLink),
    compiled: compileProtection({ target, policy, ...settings }),
  };
}

/** The permission marks of a state, as this process reaches them. */
export function hostMarks(state: TargetState): HostMark[] {
  const root = state.target.workload.rootPath;
  return state.compiled.permissionMarks.map((m) => ({
    hostPath: m.path === '/' ? root || '/' : `${root}${m.path}`,
    kind: m.kind,
    ...(m.inode === undefined ? {} : { inode: m.inode }),
  }));
}

/** Block filters set fail-closed that a state enforces (what a suspension leaves unenforced). */
export function failClosedFilters(state: TargetState): number {
  return new Set(state.compiled.entries.filter((e) => e.otherwise !== 'allow' && e.fail === 'deny').map((e) => e.id)).size;
}
