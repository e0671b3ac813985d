/**
 * Seeded mutations of valid JSON values, for differential tests of validators: each call of
 * `mutatedJson` returns the JSON text of the value with a few random edits aimed at the edges
 * where two validators may disagree (lengths in UTF-16 units vs code points, integer ranges,
 * dates, unknown and `__proto__` keys, nulls, swapped discriminators, absent defaults...).
 * Text rather than values, so it can also carry what JSON.stringify cannot write (-0, 1e400).
 */

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number token written as is (JSON.stringify would turn these into 0 or null). */
class RawNumber {
  constructor(readonly text: string) {}
}

type Json = null | boolean | number | string | RawNumber | Json[] | { [key: string]: Json };
type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number };

const ASTRAL = '\u{1F600}'; // two UTF-16 units, one code point
const LENGTHS = [0, 1, 63, 64, 65, 255, 256, 257, 1024, 1025, 4096, 4097, 8192, 8193];
const DATES = [
  '2026-13-01T00:00:00Z', '2026-01-01T00:00:00z', '2026-01-01T00:00:00', '2026-02-29T00:00:00Z', '2024-02-29T00:00:00Z',
  '2026-01-01T24:00:00Z', '2026-01-01T00:00Z', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00+0530', '2026-01-01T00:00:00+05:30',
  '2026-01-01T00:00:00.123456789-11:59', '+002026-01-01T00:00:00Z', ' 2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z\n',
  '2026-04-31T00:00:00Z', '2026-01-01T00:00:60Z', '2026-01-01T00:00:00.Z', '2026-01-01T00:00:00+24:00', '2026-01-01',
];
const NUMBERS: (number | RawNumber)[] = [
  -1, 0, 1, 0.5, 1.5, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 53 - 1), -(2 ** 53), 1e-7, 1e21,
  new RawNumber('-0'), new RawNumber('1e400'), new RawNumber('-1e400'), new RawNumber('1.0'), new RawNumber('2e0'),
];
const ODD_VALUES: Json[] = [null, 0, 1, -1, 1.5, '', 'x', true, false, [], {}, [1], { id: 'x' }];
const EXTRA_KEYS = ['extra', '__proto__', 'constructor', 'toString', '', 'x'.repeat(256), 'x'.repeat(257), ASTRAL.repeat(128), ASTRAL.repeat(129)];
const ARRAY_LENGTHS = [0, 1, 2, 32, 33, 64, 65, 256, 257];

export function mutatedJson(valid: unknown, next: () => number, edits = 1 + Math.floor(next() * 3)): string {
  const root: { value: Json } = { value: clone(valid as Json) };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  for (let i = 0; i < edits; i++) {
    const slots = slotsOf(root as { [key: string]: Json });
    const slot = pick(slots);
    const strings = ['x', ...slots.map(valueAt).filter((v): v is string => typeof v === 'string')];
    editSlot(slot, pick, strings, next);
    if (root.value === undefined) root.value = null; // the whole value was removed
  }
  return write(root.value);
}

function editSlot(slot: Slot, pick: <T>(xs: readonly T[]) => T, strings: string[], next: () => number): void {
  const v = valueAt(slot);
  const set = (value: Json) => setAt(slot, clone(value));
  const roll = next();
  if (roll < 0.12) return remove(slot);
  if (roll < 0.22) return set(pick(ODD_VALUES));
  if (typeof v === 'string') {
    if (roll < 0.45) return set(pick([ASTRAL, 'x', '\uD800', 'e\u0301']).repeat(pick(LENGTHS)).slice(0, 9000));
    if (roll < 0.65) return set(pick(DATES));
    if (roll < 0.8) return set(pick(strings));
    return set(pick([v.toLowerCase(), v.toUpperCase(), `${v} `, `${v}${ASTRAL}`, v.slice(1)]));
  }
  if (typeof v === 'number') return set(roll < 0.85 ? pick(NUMBERS) : v + pick([0.5, 1, -1]));
  if (Array.isArray(v)) {
    if (roll < 0.6 && v.length > 0) {
      const n = pick(ARRAY_LENGTHS);
      return set(Array.from({ length: n }, (_, i) => clone(v[i % v.length])));
    }
    return set(roll < 0.8 ? [] : [...v].reverse());
  }
  if (v !== null && typeof v === 'object' && !(v instanceof RawNumber)) {
    if (roll < 0.55) return addKey(v, pick(EXTRA_KEYS), clone(roll < 0.4 ? pick(ODD_VALUES) : pick(strings)));
    if (roll < 0.75) return set(Object.fromEntries(Object.entries(v).reverse()));
    return set(roll < 0.85 ? {} : Object.values(v));
  }
  set(pick(ODD_VALUES));
}

/** Every place a value sits, the root included. */
function slotsOf(root: { [key: string]: Json }): Slot[] {
  const out: Slot[] = [];
  const walk = (parent: Json[] | { [key: string]: Json }) => {
    for (const key of Array.isArray(parent) ? parent.keys() : Object.keys(parent)) {
      out.push({ parent, key });
      const child = valueAt({ parent, key });
      if (child !== null && typeof child === 'object' && !(child instanceof RawNumber)) walk(child);
    }
  };
  walk(root);
  return out;
}

function valueAt({ parent, key }: Slot): Json {
  return (parent as Record<string | number, Json>)[key];
}

function setAt({ parent, key }: Slot, value: Json): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function remove({ parent, key }: Slot): void {
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
}

/** defineProperty, so that `__proto__` becomes an own key (as JSON.parse makes it). */
function addKey(target: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(v: Json): Json {
  if (Array.isArray(v)) return v.map(clone);
  if (v === null || typeof v !== 'object' || v instanceof RawNumber) return v;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(v)) addKey(out, key, clone(v[key]));
  return out;
}

function write(v: Json): string {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${write(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
