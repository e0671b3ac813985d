import { isDeepStrictEqual } from 'node:util';
import { mutatedJson, random } from '../test/json-mutations';
import { topicFixtures } from '../test/topic-fixtures';
import { decodePathOf, decodeValue, decodeValueWithZod, encodeOwnedValue, encodeValue, TopicSchemas, type SchemaTopic, type TopicInput } from './decode';
import { compileFastCheck } from './fast-path/fast-check';

const topics = Object.keys(TopicSchemas) as SchemaTopic[];
const SAMPLES = 3000;
const pick = <T>(xs: readonly T[], next: () => number): T => xs[Math.floor(next() * xs.length)];

describe('decodeValue against zod alone', () => {
  it.each(topics)('uses the fast check for %s', (topic) => {
    // A schema change that makes the check inexact turns the fast path off; this says so.
    expect(decodePathOf(topic)).toEqual({ fast: true });
  });

  it.each(topics)('returns the fixtures of %s as zod does, defaults filled in', (topic) => {
    for (const fixture of Object.values(topicFixtures[topic])) {
      const value = Buffer.from(JSON.stringify(fixture));
      const ref = decodeValueWithZod(topic, value);
      expect(ref.ok).toBe(true);
      expect(decodeValue(topic, value)).toStrictEqual(ref);
      expect(compileFastCheck(TopicSchemas[topic]).check?.(JSON.parse(value.toString()))).toBe(true);
    }
  });

  it.each(topics)('gives zod’s verdict, value and reason for mutated values of %s', (topic) => {
    const check = compileFastCheck(TopicSchemas[topic]).check;
    const seen = { fast: 0, zodAccepts: 0, rejected: 0 };
    const disagreements: string[] = [];
    for (let seed = 1; seed <= SAMPLES; seed++) {
      const next = random(seed);
      const base = pick(Object.values(topicFixtures[topic]), next);
      const text = mutatedJson(base, next);
      const value = Buffer.from(text);
      const fast = decodeValue(topic, value);
      const ref = decodeValueWithZod(topic, value);
      if (!isDeepStrictEqual(fast, ref)) disagreements.push(`seed ${seed}: ${text.slice(0, 400)}`);
      const fastSaysValid = check?.(JSON.parse(text)) === true;
      if (fastSaysValid) seen.fast++;
      else if (ref.ok) seen.zodAccepts++;
      else seen.rejected++;
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The comparison means something only if all three outcomes occur often.
    expect(Math.min(seen.fast, seen.zodAccepts, seen.rejected)).toBeGreaterThan(SAMPLES / 50);
  });
});

describe('encodeOwnedValue against encodeValue (zod)', () => {
  /** The JSON (parsed back: the fast path keeps the value's key order) or the error's message. */
  function outcome(encode: () => Buffer): unknown {
    try {
      return { json: JSON.parse(encode().toString('utf8')) as unknown };
    } catch (e) {
      return { threw: e instanceof Error };
    }
  }

  it.each(topics)('encodes valid and mutated values of %s as zod does, or throws as zod does', (topic) => {
    const disagreements: string[] = [];
    for (let seed = 1; seed <= SAMPLES / 3; seed++) {
      const next = random(seed);
      const base = pick(Object.values(topicFixtures[topic]), next);
      const text = seed <= 10 ? JSON.stringify(base) : mutatedJson(base, next);
      const value = () => JSON.parse(text) as TopicInput<typeof topic>;
      const fast = outcome(() => encodeOwnedValue(topic, value()));
      const ref = outcome(() => encodeValue(topic, value()));
      if (!isDeepStrictEqual(fast, ref)) disagreements.push(`seed ${seed}: ${text.slice(0, 400)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});
