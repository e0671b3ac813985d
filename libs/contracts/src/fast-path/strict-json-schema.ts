import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a zod schema's input, tightened so that a JSON Schema validator accepts only
 * values zod accepts and returns unchanged (after filling the same defaults):
 * - objects get `additionalProperties: false`: zod strips unknown keys, so a value with one must
 *   go to zod, not pass through with the key;
 * - records refuse a `__proto__` key, which zod skips;
 * - a nullable object becomes `type: [..., "null"]` instead of `anyOf`, because a validator fills
 *   no defaults inside `anyOf`;
 * - a discriminated union gets a `discriminator` (and `type: object`), so only the tagged branch
 *   runs and fills its defaults (zod's own dispatch).
 * Throws when the schema uses a keyword this rewrite does not know: tightening must be complete.
 * Callers first check the schema with whyNotJsonSchemaExact.
 */
export function toStrictJsonSchema(schema: z.core.$ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'throw',
    cycles: 'throw',
    reused: 'inline',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; discriminator?: unknown };
      if (def.type === 'union' && typeof def.discriminator === 'string') jsonSchema.discriminator = { propertyName: def.discriminator };
    },
  });
  const strict = tighten(json, '(root)', false);
  if (strict.default !== undefined) throw new Error('(root): a default for the whole value, which ajv would not fill');
  return strict;
}

/** Every keyword zod emits for the constructs whyNotJsonSchemaExact allows. */
const KNOWN_KEYWORDS = new Set([
  '$schema', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'maxItems',
  'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'const', 'enum', 'default', 'anyOf', 'oneOf', 'discriminator', 'description', 'title',
]);

/** Keywords that only constrain values of their own type, so they let `null` through untouched. */
const TYPE_SPECIFIC = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'maxItems',
  'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'default', 'description', 'title',
]);

/**
 * `composite`: inside an `anyOf` (or a `oneOf` without discriminator), where ajv validates but
 * fills no defaults.
 */
function tighten(node: unknown, at: string, composite: boolean): JsonSchema {
  if (!isRecord(node)) throw new Error(`${at}: schema is not an object`);
  const out: JsonSchema = mergeNullable(node);
  const unknown = Object.keys(out).find((k) => !KNOWN_KEYWORDS.has(k));
  if (unknown !== undefined) throw new Error(`${at}: keyword '${unknown}' is not handled`);

  if (isRecord(out.properties)) {
    const props = out.properties;
    out.properties = Object.fromEntries(Object.keys(props).map((k) => [k, tighten(props[k], `${at}.${k}`, composite)]));
  }
  if (out.items !== undefined) out.items = tighten(out.items, `${at}[]`, composite);
  if (isRecord(out.additionalProperties)) out.additionalProperties = tighten(out.additionalProperties, `${at}{}`, composite);
  if (out.propertyNames !== undefined) out.propertyNames = tighten(out.propertyNames, `${at}{key}`, composite);
  if (Array.isArray(out.anyOf)) out.anyOf = out.anyOf.map((b, i) => tighten(b, `${at}|${i}`, true));
  if (Array.isArray(out.oneOf)) out.oneOf = out.oneOf.map((b, i) => tighten(b, `${at}|${i}`, composite || out.discriminator === undefined));

  // ajv applies `discriminator` to objects only (and skips the oneOf it replaces), so without a
  // type a null or an array would pass where zod's union wants an object.
  if (out.discriminator !== undefined) {
    if (out.type !== undefined && out.type !== 'object') throw new Error(`${at}: discriminated union of type ${String(out.type)}`);
    out.type = 'object';
  }
  if (out.properties !== undefined) out.additionalProperties = false;
  else if (isRecord(out.additionalProperties)) out.propertyNames = { ...(isRecord(out.propertyNames) ? out.propertyNames : {}), not: { const: '__proto__' } };
  else if (hasType(out, 'object') && out.discriminator === undefined) throw new Error(`${at}: object that is neither a shape nor a record`);
  // ajv 8.18 skips object keywords it runs after `propertyNames` when the object has no keys (the
  // loop's validity variable is never set): with a `discriminator` beside it, `{}` passes. So a
  // schema with `propertyNames` may carry only what has nothing to check on an empty object.
  if (out.propertyNames !== undefined) {
    const other = Object.keys(out).find((k) => !RECORD_KEYWORDS.has(k));
    if (other !== undefined) throw new Error(`${at}: '${other}' next to propertyNames`);
  }
  assertDefaultsApply(out, at, composite);
  return out;
}

/**
 * ajv fills a default only for a property of an object it validates outside anyOf/oneOf; one
 * anywhere else (an anyOf branch, an array item, a record value) is silently ignored, where zod
 * would fill it. Such a schema cannot have a fast check.
 */
function assertDefaultsApply(node: JsonSchema, at: string, composite: boolean): void {
  const props = isRecord(node.properties) ? Object.entries(node.properties) : [];
  const inProperty = props.find(([, p]) => isRecord(p) && p.default !== undefined);
  if (composite && inProperty) throw new Error(`${at}.${inProperty[0]}: default inside anyOf/oneOf, which ajv would not fill`);
  const elsewhere = [node.items, node.additionalProperties, node.propertyNames, ...(Array.isArray(node.anyOf) ? node.anyOf : []), ...(Array.isArray(node.oneOf) ? node.oneOf : [])];
  if (elsewhere.some((s) => isRecord(s) && s.default !== undefined)) throw new Error(`${at}: default outside an object property, which ajv would not fill`);
}

/** A record's keywords, none of which has anything to check on an empty object. */
const RECORD_KEYWORDS = new Set(['$schema', 'type', 'propertyNames', 'additionalProperties', 'default', 'description', 'title']);

/** `{anyOf: [X, {type: "null"}], ...rest}` → `{...X, ...rest, type: [X.type, "null"]}` when X only has type-specific keywords. */
function mergeNullable(node: JsonSchema): JsonSchema {
  const { anyOf, ...rest } = node;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return { ...node };
  const nullAt = anyOf.findIndex((b) => isRecord(b) && Object.keys(b).length === 1 && b.type === 'null');
  const other: unknown = anyOf[1 - nullAt];
  if (nullAt < 0 || !isRecord(other)) return { ...node };
  if (typeof other.type !== 'string' || other.type === 'null' || !Object.keys(other).every((k) => TYPE_SPECIFIC.has(k))) return { ...node };
  return { ...other, ...rest, type: [other.type, 'null'] };
}

function hasType(node: JsonSchema, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}

function isRecord(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
