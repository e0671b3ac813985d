/**
 * A wildcard pattern over one string: literal `parts` joined by `*`, where `*` stands for any run
 * of characters (possibly empty). One part means a plain literal. This is the only pattern form
 * fsmon matches with: every filter regex is compiled to it (see `parseRegexSubset`).
 */
export interface Glob {
  readonly parts: readonly string[];
}

export function literalGlob(text: string): Glob {
  return { parts: [text] };
}

/** A `*`-wildcard string (group selectors): every other character is literal. */
export function wildcardGlob(pattern: string): Glob {
  return { parts: pattern.split('*') };
}

export function isLiteralGlob(g: Glob): boolean {
  return g.parts.length === 1;
}

/** Number of `*` in the pattern. */
export function wildcardCount(g: Glob): number {
  return g.parts.length - 1;
}

/** Characters the pattern needs at least (its literal parts). */
export function literalLength(g: Glob): number {
  return g.parts.reduce((n, p) => n + p.length, 0);
}

/**
 * Whether `text` matches the whole pattern. Greedy left-to-right search of each literal part:
 * with `*` as the only operator the leftmost occurrence is always a valid choice, so nothing is
 * ever retried. Cost is at most |text| × |pattern| character comparisons, never exponential.
 */
export function globMatches(g: Glob, text: string): boolean {
  const parts = g.parts;
  const first = parts[0];
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1];
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let pos = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i];
    if (part === '') continue;
    const at = text.indexOf(part, pos);
    if (at < 0 || at + part.length > end) return false;
    pos = at + part.length;
  }
  return true;
}
