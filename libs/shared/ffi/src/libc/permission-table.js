'use strict';
// The permission decision table as the permission worker uses it: built once per table push from
// plain data (fs-events validates and compiles the public shape into `TableData`, see index.d.ts),
// then queried per event with no allocation on the common path.

const VERDICT_ALLOW = 1;
const VERDICT_DENY = 2;
const OTHERWISE_ASK = 3;
const ANY_NS = '*';

function dirname(path) {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function basename(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A name pattern with `*` wildcards only, as a RegExp; null means "every name". */
function namePattern(pattern) {
  if (pattern === null || pattern === '*') return null;
  const source = pattern.split('*').map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's');
}

function buildSpace(space) {
  const exact = new Map(Object.entries(space.exact));
  const dirs = new Map();
  for (const [dir, entries] of Object.entries(space.dirs)) {
    dirs.set(dir, entries.map(([pattern, rule]) => ({ re: namePattern(pattern), rule })));
  }
  return { exact, dirs };
}

class PermissionTable {
  /** @param {import('./index').TableData} data */
  constructor(data) {
    this.rules = data.rules.map((r) => ({ ...r, apps: r.apps === '*' ? null : new Set(r.apps) }));
    this.spaces = new Map(Object.entries(data.spaces).map(([ns, space]) => [ns, buildSpace(space)]));
    this.any = this.spaces.get(ANY_NS) ?? null;
    this.nsSpecific = this.spaces.size > (this.any ? 1 : 0);
    // Union of every key: most events match nothing, and this answers them without /proc reads.
    this.exactKeys = new Set();
    this.dirKeys = new Set();
    for (const space of this.spaces.values()) {
      for (const key of space.exact.keys()) this.exactKeys.add(key);
      for (const key of space.dirs.keys()) this.dirKeys.add(key);
    }
    this.empty = this.exactKeys.size === 0 && this.dirKeys.size === 0;
    // Rules with an allow-list, in any namespace: a process on all of them is allowed whatever it opens.
    this.restricting = this.rules.flatMap((r, i) => (r.apps === null ? [] : [i]));
  }

  /**
   * Whether the exe path (or its base name) is on the allow-list of every rule that has one, in
   * every namespace: then no entry of this table can refuse that program or report it as
   * unauthorized, and its verdict does not depend on the path (the decider's shortcut).
   */
  allowsExeEverywhere(exe) {
    for (const i of this.restricting) if (!this.allowsExe(i, exe)) return false;
    return true;
  }

  /** True when `path` is covered by some entry in some namespace (cheap pre-check). */
  mayMatch(path) {
    return this.exactKeys.has(path) || this.dirKeys.has(dirname(path));
  }

  /** Whether finding the rule for `path` needs the process's mount namespace. */
  needsNamespace() {
    return this.nsSpecific;
  }

  /** The index of the rule for `path` seen from mount namespace `ns` (a string), or -1. */
  find(path, ns) {
    const own = ns === null ? undefined : this.spaces.get(ns);
    if (own) {
      const hit = lookup(own, path);
      if (hit >= 0) return hit;
    }
    return this.any ? lookup(this.any, path) : -1;
  }

  /** Whether the process (exe path, comm) is on rule `index`'s allow-list. */
  allows(index, exe, comm) {
    return this.allowsExe(index, exe) || this.allowsComm(index, comm);
  }

  /** Whether the exe path or its base name is on rule `index`'s allow-list (the name not needed). */
  allowsExe(index, exe) {
    const apps = this.rules[index].apps;
    return apps === null || apps.has(exe) || apps.has(basename(exe));
  }

  /** Whether the process name (comm) is on rule `index`'s allow-list. */
  allowsComm(index, comm) {
    const apps = this.rules[index].apps;
    return apps === null || (comm !== null && apps.has(comm));
  }
}

function lookup(space, path) {
  const exact = space.exact.get(path);
  if (exact !== undefined) return exact;
  const children = space.dirs.get(dirname(path));
  if (children === undefined) return -1;
  const name = basename(path);
  for (const { re, rule } of children) if (re === null || re.test(name)) return rule;
  return -1;
}

module.exports = { PermissionTable, VERDICT_ALLOW, VERDICT_DENY, OTHERWISE_ASK, ANY_NS, namePattern };
