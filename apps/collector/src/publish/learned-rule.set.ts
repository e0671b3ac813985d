import type { LearnedRule } from '@fsmon/contracts';

/** The identity of a learned rule: group, filter key and exe path. */
export function learnedRuleKey(r: LearnedRule): string {
  return `${r.group}\u0000${r.filter}\u0000${r.path}`;
}

/** Rules by key, in insertion order; with a limit, the oldest are forgotten first. */
export class LearnedRuleSet {
  private readonly rules = new Map<string, LearnedRule>();

  constructor(private readonly limit = Infinity) {}

  get size(): number {
    return this.rules.size;
  }

  has(key: string): boolean {
    return this.rules.has(key);
  }

  add(key: string, rule: LearnedRule): void {
    this.rules.set(key, rule);
    if (this.rules.size > this.limit) this.rules.delete(this.rules.keys().next().value as string);
  }

  /** Removes and returns the oldest rules, at most `maxCount` and about `maxBytes` of JSON. */
  take(maxCount: number, maxBytes: number): [string, LearnedRule][] {
    const out: [string, LearnedRule][] = [];
    let bytes = 0;
    for (const [key, rule] of this.rules) {
      const size = key.length + 40;
      if (out.length >= maxCount || (out.length > 0 && bytes + size > maxBytes)) break;
      out.push([key, rule]);
      bytes += size;
    }
    for (const [key] of out) this.rules.delete(key);
    return out;
  }

  deleteGroups(groups: readonly string[]): void {
    const names = new Set(groups);
    for (const [key, rule] of this.rules) if (names.has(rule.group)) this.rules.delete(key);
  }
}
