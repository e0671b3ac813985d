import path from 'node:path';
import { FAN_ALLOW, FAN_DENY, type TableData, type TableSpace } from '@fsmon/ffi';
import { FsEventsError } from './fs-events.error';

export type Verdict = 'allow' | 'deny';

/**
 * One entry of the permission table. The worker finds the entry for an event by the process's
 * mount namespace and the event's path (readlink of the event fd: container-relative for a file in
 * another mount namespace), in this order: own namespace exact file, own namespace directory
 * children, then the same for '*'. Within a level the first entry wins.
 */
export interface PermissionRule {
  /** Echoed in reports and asks (e.g. the filter key). */
  readonly id: string;
  /** Mount namespace inode (as in /proc/<pid>/ns/mnt) or '*' (default) for every namespace. */
  readonly mntns?: number | '*';
  /** Absolute path: the file itself ('file') or the directory whose entries are covered ('children'). */
  readonly path: string;
  readonly match: 'file' | 'children';
  /** 'children' only: entry names covered, a literal or `*` wildcards (default '*'). */
  readonly name?: string;
  /** '*' = every process; else exe paths, exe base names or process names (comm), as the seed matches apps. */
  readonly allow: '*' | readonly string[];
  /** Verdict for processes not allowed; 'ask' = the responder's onAsk decides within the deadline. */
  readonly otherwise: Verdict | 'ask';
  /** Verdict when no decision can be made (exe unreadable, ask timed out or failed). Default: the responder's default. */
  readonly fail?: Verdict;
}

const CODE: Record<Verdict, 1 | 2> = { allow: FAN_ALLOW as 1, deny: FAN_DENY as 2 };

function invalid(rule: PermissionRule, why: string): FsEventsError {
  return new FsEventsError('invalid-argument', `permission rule ${JSON.stringify(rule.id)}: ${why}`);
}

function validate(rule: PermissionRule): void {
  if (typeof rule.id !== 'string') throw invalid(rule, 'id must be a string');
  if (!rule.path.startsWith('/') || path.posix.normalize(rule.path) !== rule.path || (rule.path.length > 1 && rule.path.endsWith('/'))) {
    throw invalid(rule, `path must be absolute and normalised, got ${JSON.stringify(rule.path)}`);
  }
  if (rule.match !== 'file' && rule.match !== 'children') throw invalid(rule, "match must be 'file' or 'children'");
  if (rule.name !== undefined && (rule.match !== 'children' || rule.name === '' || rule.name.includes('/'))) {
    throw invalid(rule, "name applies to 'children' rules and is a non-empty entry name (no '/')");
  }
  if (rule.allow !== '*' && (!Array.isArray(rule.allow) || rule.allow.some((a) => typeof a !== 'string' || a === ''))) {
    throw invalid(rule, "allow must be '*' or a list of non-empty names");
  }
  if (!['allow', 'deny', 'ask'].includes(rule.otherwise)) throw invalid(rule, "otherwise must be 'allow', 'deny' or 'ask'");
  if (rule.fail !== undefined && rule.fail !== 'allow' && rule.fail !== 'deny') throw invalid(rule, "fail must be 'allow' or 'deny'");
  const ns = rule.mntns ?? '*';
  if (ns !== '*' && (!Number.isSafeInteger(ns) || ns <= 0)) throw invalid(rule, "mntns must be '*' or a namespace inode");
}

/** Validates `rules` and builds the data-only table the permission worker receives. @throws FsEventsError invalid-argument. */
export function compilePermissionTable(rules: readonly PermissionRule[], defaultVerdict: Verdict): TableData {
  const spaces: Record<string, TableSpace> = {};
  const compiled = rules.map((rule, index) => {
    validate(rule);
    const space = (spaces[String(rule.mntns ?? '*')] ??= { exact: {}, dirs: {} });
    if (rule.match === 'file') space.exact[rule.path] ??= index;
    else (space.dirs[rule.path] ??= []).push([rule.name ?? null, index]);
    return {
      id: rule.id,
      apps: rule.allow === '*' ? ('*' as const) : [...rule.allow],
      otherwise: rule.otherwise === 'ask' ? (3 as const) : CODE[rule.otherwise],
      fail: CODE[rule.fail ?? defaultVerdict],
    };
  });
  return { rules: compiled, spaces };
}
