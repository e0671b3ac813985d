import { isDeepStrictEqual } from 'node:util';
import { mutatedJson, random } from '../test/json-mutations';
import { fileEvent, gapEvent, topicFixtures } from '../test/topic-fixtures';
import { checkOwnedRawEvent } from './decode';
import { compileFastCheck } from './fast-path/fast-check';
import { RawEvent } from './raw-event.schema';
import { Topics } from './topics';

const SAMPLES = 3000;
const minimal = topicFixtures[Topics.RawEvents].minimal.events;
const bases: unknown[] = [fileEvent, gapEvent, { ...fileEvent, container: null, procs: [] }, ...minimal];

describe(checkOwnedRawEvent.name, () => {
  it('uses the fast check', () => {
    // A schema change that makes the check inexact turns the fast path off; this says so.
    expect(compileFastCheck(RawEvent).refused).toBeUndefined();
  });

  it('gives zod’s verdict and value (defaults filled in) for valid and mutated events', () => {
    const seen = { fast: 0, zodAccepts: 0, rejected: 0 };
    const disagreements: string[] = [];
    for (let seed = 1; seed <= SAMPLES; seed++) {
      const next = random(seed);
      const base = bases[Math.floor(next() * bases.length)];
      const text = seed <= bases.length ? JSON.stringify(bases[seed - 1]) : mutatedJson(base, next);
      const owned: unknown = JSON.parse(text);
      const checked = checkOwnedRawEvent(owned);
      const ref = RawEvent.safeParse(JSON.parse(text));
      const agrees = checked.ok ? ref.success && isDeepStrictEqual(checked.value, ref.data) : !ref.success && checked.reason.length > 0;
      if (!agrees) disagreements.push(`seed ${seed}: ${text.slice(0, 400)}`);
      if (checked.ok && checked.value === owned) seen.fast++;
      else if (checked.ok) seen.zodAccepts++;
      else seen.rejected++;
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The comparison means something only if all three outcomes occur often.
    expect(Math.min(seen.fast, seen.zodAccepts, seen.rejected)).toBeGreaterThan(SAMPLES / 50);
  });

  it('returns the event itself when it passes, its defaults filled in place', () => {
    const event = JSON.parse(JSON.stringify(minimal[0])) as { procs: { deny?: boolean }[]; stat: { hash?: string } };
    const checked = checkOwnedRawEvent(event);
    expect(checked).toEqual({ ok: true, value: event });
    expect(checked.ok && checked.value).toBe(event);
    expect(event.procs[0].deny).toBe(false);
    expect(event.stat.hash).toBe('');
  });

  it('names the first problems of an invalid event', () => {
    expect(checkOwnedRawEvent({ ...fileEvent, path: '', mask: -1 })).toEqual({ ok: false, reason: expect.stringMatching(/^path: .*; mask: /) });
  });
});
