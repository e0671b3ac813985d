import type { FileFilter } from '@fsmon/contracts';
import { filterKey } from '@fsmon/contracts';
import { accessRuleFor, type FailMode, type MergedAccessRules } from '@fsmon/rules';
import { toKernelPath } from './kernel-path';

/** The verdict logic of one filter's table entries. */
export interface RuleShape {
  readonly allow: '*' | readonly string[];
  readonly otherwise: 'allow' | 'deny' | 'ask';
  readonly fail: 'allow' | 'deny';
}

export interface ShapeContext {
  readonly accessRules: MergedAccessRules | undefined;
  /** Protect with permission events: not-allowed opens are refused. */
  readonly blocking: boolean;
  /** Discover: every open is reported (and learned from on the main thread). */
  readonly learning: boolean;
  /** A decision hook is configured: blocking entries ask it instead of refusing. */
  readonly ask: boolean;
  readonly defaultFailMode: FailMode;
  readonly kernelRoot: string;
}

const VERDICT: Record<FailMode, 'allow' | 'deny'> = { open: 'allow', closed: 'deny' };

/**
 * The table form of `checkAccess` (@fsmon/rules) for one filter: no rules at all → the default
 * fail mode decides everyone ('*' when open); a rule map without this filter's key → nobody is
 * allowed (seed); otherwise its apps, CRD rules included. Non-blocking entries always allow: they
 * only make the worker report who opened what (with the exe read while the opener waits).
 * Exe paths in the allow-list also appear as the kernel renders them under a chroot-style root.
 */
export function ruleShape(filter: FileFilter, ctx: ShapeContext): RuleShape {
  if (ctx.learning) return { allow: [], otherwise: 'allow', fail: 'allow' };
  const otherwise = ctx.blocking ? (ctx.ask ? 'ask' : 'deny') : 'allow';
  if (ctx.accessRules === undefined) {
    const fail = VERDICT[ctx.defaultFailMode];
    return { allow: ctx.defaultFailMode === 'open' ? '*' : [], otherwise, fail: ctx.blocking ? fail : 'allow' };
  }
  const rule = accessRuleFor(ctx.accessRules, filterKey(filter));
  const fail = VERDICT[rule?.failMode ?? ctx.defaultFailMode];
  return { allow: withKernelPaths(rule?.apps ?? [], ctx.kernelRoot), otherwise, fail: ctx.blocking ? fail : 'allow' };
}

function withKernelPaths(apps: readonly string[], root: string): string[] {
  if (root === '') return [...apps];
  const extra = apps.filter((a) => a.startsWith('/')).map((a) => toKernelPath(root, a));
  return [...new Set([...apps, ...extra])];
}
