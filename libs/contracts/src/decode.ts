import { z } from 'zod';
import { CollectorStatus } from './collector-status.schema';
import { compileFastCheck, type FastPath } from './fast-path/fast-check';
import { LearnedRulesBatch } from './learned-rules.schema';
import { MonitorMessage } from './monitor-message.schema';
import { GroupPolicy } from './policy.schema';
import { expandRawEventBatch } from './raw-event-batch.expand';
import { RawEvent, RawEventBatchWire, type RawEventBatch } from './raw-event.schema';
import { Topics } from './topics';

/** The schema every consumer validates a topic's values against (dead letters carry raw bytes). */
export const TopicSchemas = {
  [Topics.RawEvents]: RawEventBatchWire,
  [Topics.Reports]: MonitorMessage,
  [Topics.Policy]: GroupPolicy,
  [Topics.LearnedRules]: LearnedRulesBatch,
  [Topics.CollectorStatus]: CollectorStatus,
} as const;

export type SchemaTopic = keyof typeof TopicSchemas;
/** What a consumer gets: the checked value, or for raw events the batch expanded into form 1. */
export type TopicValue<T extends SchemaTopic> = T extends typeof Topics.RawEvents ? RawEventBatch : z.infer<(typeof TopicSchemas)[T]>;

/** What a producer passes: the schema's input type (defaults are filled in by encodeValue). */
export type TopicInput<T extends SchemaTopic> = z.input<(typeof TopicSchemas)[T]>;

/** Why a value could not be decoded; a stable label for counters and dead-letter routing. */
export type DecodeFailureCause = 'empty' | 'too-big' | 'not-json' | 'schema';

export type Decoded<T> = { ok: true; value: T } | { ok: false; cause: DecodeFailureCause; reason: string };

/** Largest value a consumer will parse; anything bigger is dead-lettered unparsed. */
export const MAX_VALUE_BYTES = 4 * 1024 * 1024;

/**
 * Parses and validates one message value. Never throws: a bad message is a value the caller
 * dead-letters, with `reason` naming the first problems found.
 *
 * The verdict and the value are zod's; most values get them faster from a JSON Schema check
 * compiled from the same zod schema (fast-path/), which may only say "valid, unchanged". Every
 * other value, and every topic whose schema the check cannot express exactly, goes to zod.
 * A raw-event batch of either wire form comes back in form 1 (expandRawEventBatch).
 */
export function decodeValue<T extends SchemaTopic>(topic: T, value: Buffer | null): Decoded<TopicValue<T>> {
  const json = parseValue(value);
  if (!json.ok) return json;
  if (fastPathOf(topic).check?.(json.value)) return expanded(topic, json.value);
  return validateWithZod(topic, json.value);
}

/** decodeValue by zod alone: the reference the fast path is tested against. */
export function decodeValueWithZod<T extends SchemaTopic>(topic: T, value: Buffer | null): Decoded<TopicValue<T>> {
  const json = parseValue(value);
  return json.ok ? validateWithZod(topic, json.value) : json;
}

/** Whether a topic decodes through the fast check, or why zod checks it alone. */
export function decodePathOf(topic: SchemaTopic): { fast: true } | { fast: false; why: string } {
  const path = fastPathOf(topic);
  return path.check ? { fast: true } : { fast: false, why: path.refused };
}

/**
 * Compiles the topics' fast checks now rather than on their first decode or encode (tens of
 * milliseconds each): for a hot consumer, so its first messages do not pay for it.
 */
export function prepareCodecs(...topics: SchemaTopic[]): void {
  for (const topic of topics) fastPathOf(topic);
}

// Compiled on a schema's first use, not at import: a compile costs tens of milliseconds per
// schema, and most importers decode one topic or none.
const fastPaths = new Map<z.core.$ZodType, FastPath>();
function fastPathOf(topic: SchemaTopic): FastPath {
  return fastPathOfSchema(TopicSchemas[topic]);
}
function fastPathOfSchema(schema: z.core.$ZodType): FastPath {
  let path = fastPaths.get(schema);
  if (!path) fastPaths.set(schema, (path = compileFastCheck(schema)));
  return path;
}

function parseValue(value: Buffer | null): Decoded<unknown> {
  if (value === null) return { ok: false, cause: 'empty', reason: 'empty value (tombstone) where a payload is required' };
  if (value.length > MAX_VALUE_BYTES) return { ok: false, cause: 'too-big', reason: `value of ${value.length} bytes exceeds ${MAX_VALUE_BYTES}` };
  try {
    return { ok: true, value: JSON.parse(value.toString('utf8')) as unknown };
  } catch (e) {
    return { ok: false, cause: 'not-json', reason: `not JSON: ${(e as Error).message}` };
  }
}

function validateWithZod<T extends SchemaTopic>(topic: T, json: unknown): Decoded<TopicValue<T>> {
  const parsed = TopicSchemas[topic].safeParse(json);
  if (parsed.success) return expanded(topic, parsed.data);
  return { ok: false, cause: 'schema', reason: `${topic} schema: ${describeIssues(parsed.error)}` };
}

/** The checked value as consumers get it: a raw-event batch in form 1 (the check cannot see its table indexes). */
function expanded<T extends SchemaTopic>(topic: T, value: unknown): Decoded<TopicValue<T>> {
  if (topic !== Topics.RawEvents) return { ok: true, value: value as TopicValue<T> };
  const batch = expandRawEventBatch(value as RawEventBatchWire);
  return batch.ok ? { ok: true, value: batch.value as TopicValue<T> } : { ok: false, cause: 'schema', reason: `${topic} schema: ${batch.reason}` };
}

/** Encodes after validating, so a producer bug fails at the producer, not at every consumer. */
export function encodeValue<T extends SchemaTopic>(topic: T, value: TopicInput<T>): Buffer {
  const parsed = TopicSchemas[topic].parse(value);
  return Buffer.from(JSON.stringify(parsed));
}

/**
 * encodeValue for a value the caller built for this message and drops after it (e.g. a report):
 * the same verdict and the same JSON up to key order, faster. A value the fast check accepts is
 * serialized as it is: zod would return it unchanged apart from the defaults, which the check
 * fills into `value` in place (hence "owned"); keys stay in the value's own order. Anything else
 * goes through zod's parse, which throws on an invalid value.
 */
export function encodeOwnedValue<T extends SchemaTopic>(topic: T, value: TopicInput<T>): Buffer {
  if (fastPathOf(topic).check?.(value)) return Buffer.from(JSON.stringify(value));
  return encodeValue(topic, value);
}

export type CheckedRawEvent = { ok: true; value: RawEvent } | { ok: false; reason: string };

/**
 * `RawEvent.safeParse` for an event the caller built and hands over (a collector's classified
 * events): the same verdict and, on success, the same value up to key order, several times faster.
 * As in encodeOwnedValue, an event the fast check accepts is returned itself, zod's defaults filled
 * into it in place (hence "owned"); any other goes to zod, whose verdict and copy it returns.
 */
export function checkOwnedRawEvent(event: unknown): CheckedRawEvent {
  if (fastPathOfSchema(RawEvent).check?.(event)) return { ok: true, value: event as RawEvent };
  const parsed = RawEvent.safeParse(event);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}

export function isSchemaTopic(topic: string): topic is SchemaTopic {
  return Object.prototype.hasOwnProperty.call(TopicSchemas, topic);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

