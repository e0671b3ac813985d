import { z } from 'zod';

/**
 * Why a zod schema cannot be checked exactly by its JSON Schema, or undefined when it can.
 *
 * z.toJSONSchema silently drops refinements, reads only the input side of pipes and keeps no trace
 * of coercion, so its output alone does not tell whether a JSON Schema validator would accept
 * exactly what zod accepts and leave the value as zod would return it. This walk answers that
 * with an allowlist: plain types, the length/range/pattern checks JSON Schema has keywords for,
 * constant JSON defaults, and unions with a discriminator. Anything else (transform, pipe, refine,
 * coerce, catch, lazy, ...) sends the whole schema to zod alone.
 */
export function whyNotJsonSchemaExact(schema: z.core.$ZodType, path = '(root)'): string | undefined {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  const badCheck = checksOf(schema).find((c) => !isExactCheck(def.type, c._zod.def));
  if (badCheck) return `${path}: ${def.type} check '${describeCheck(badCheck._zod.def)}' has no exact JSON Schema keyword`;
  if ('coerce' in def && def.coerce) return `${path}: coercion changes the value`;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return undefined;
    case 'literal':
      return def.values.every(isJsonPrimitive) ? undefined : `${path}: literal that is not a JSON value`;
    case 'enum':
      return Object.values(def.entries).every((v) => typeof v === 'string' || isFiniteNumber(v)) ? undefined : `${path}: enum value that is not a string or number`;
    case 'array':
      return whyNotJsonSchemaExact(def.element, `${path}[]`);
    case 'object':
      // The catchall is not walked: the fast path rejects every unknown key (additionalProperties
      // false), so zod alone ever sees one.
      if (Object.prototype.hasOwnProperty.call(def.shape, '__proto__')) return `${path}: a __proto__ field`;
      return firstReason(Object.entries(def.shape).map(([key, field]) => () => whyNotJsonSchemaExact(field, `${path}.${key}`)));
    case 'record':
      // zod owns the record semantics of enum or literal keys (every key required); plain strings only.
      if ((def.keyType as z.core.$ZodTypes)._zod.def.type !== 'string') return `${path}: record keys that are not plain strings`;
      return whyNotJsonSchemaExact(def.keyType, `${path}{key}`) ?? whyNotJsonSchemaExact(def.valueType, `${path}{}`);
    case 'optional':
    case 'nullable':
      return whyNotJsonSchemaExact(def.innerType, path);
    case 'default':
      return whyNotExactDefault(def, path) ?? whyNotJsonSchemaExact(def.innerType, path);
    case 'union': {
      const discriminated = def as z.core.$ZodDiscriminatedUnionDef;
      if (typeof discriminated.discriminator !== 'string') return `${path}: union without a discriminator (zod picks the first option that parses)`;
      if (discriminated.unionFallback) return `${path}: discriminated union with a plain-union fallback`;
      return firstReason(def.options.map((o, i) => () => whyNotJsonSchemaExact(o, `${path}|${i}`)));
    }
    // Not JSON data, changed by zod on the way (transform, pipe, catch, prefault, readonly
    // freezes), or not expressible as a JSON Schema keyword (tuple rest, intersection, lazy cycles).
    case 'any':
    case 'unknown':
    case 'bigint':
    case 'symbol':
    case 'undefined':
    case 'void':
    case 'never':
    case 'nan':
    case 'date':
    case 'file':
    case 'function':
    case 'promise':
    case 'map':
    case 'set':
    case 'success':
    case 'template_literal':
    case 'custom':
    case 'transform':
    case 'pipe':
    case 'catch':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'lazy':
    case 'tuple':
    case 'intersection':
      return `${path}: ${def.type} is not plain JSON data zod returns unchanged`;
    default:
      // A type a later zod adds is refused until someone decides otherwise.
      return `${path}: unknown zod type ${(def as { type: string }).type}`;
  }
}

/** What the JSON Schema emitted for each check expresses exactly (see zod's json-schema-processors). */
function isExactCheck(type: string, check: z.core.$ZodCheckDef): boolean {
  switch (check.check) {
    case 'min_length':
    case 'max_length':
    case 'length_equals':
      return type === 'string' || type === 'array';
    case 'greater_than':
    case 'less_than':
      return type === 'number' && isFiniteNumber((check as z.core.$ZodCheckGreaterThanDef).value);
    case 'number_format':
      // Integer formats only: JSON Schema "integer" plus a range is exactly zod's safe-integer check.
      return ['safeint', 'int32', 'uint32'].includes((check as z.core.$ZodCheckNumberFormatDef).format);
    case 'string_format': {
      // Formats whose zod check is the pattern alone (no URL parsing and the like); the pattern
      // must carry no flags, as only its source reaches the JSON Schema.
      const { format, pattern } = check as z.core.$ZodCheckStringFormatDef;
      return (format === 'datetime' || format === 'regex') && pattern instanceof RegExp && pattern.flags === '';
    }
    default:
      return false;
  }
}

/**
 * The validator writes the default from the schema, zod reads it from the def: they agree only for
 * a constant JSON value. zod also returns a default without parsing it, so it must be a value its
 * own schema accepts unchanged, or a failed fast check that filled it in would change zod's verdict.
 */
function whyNotExactDefault(def: z.core.$ZodDefaultDef, path: string): string | undefined {
  const first: unknown = def.defaultValue;
  const again: unknown = def.defaultValue;
  if (!isJsonValue(first)) return `${path}: default that is not a JSON value`;
  if (JSON.stringify(first) !== JSON.stringify(again)) return `${path}: default that changes between reads`;
  const parsed = z.safeParse(def.innerType, first);
  if (!parsed.success || JSON.stringify(parsed.data) !== JSON.stringify(first)) return `${path}: default its own schema does not return unchanged`;
  return undefined;
}

function checksOf(schema: z.core.$ZodType): z.core.$ZodCheck[] {
  const own = schema._zod.def.checks ?? [];
  // A string format (z.iso.datetime) is its own first check.
  return schema._zod.traits.has('$ZodCheck') ? [schema as unknown as z.core.$ZodCheck, ...own] : own;
}

function describeCheck(check: z.core.$ZodCheckDef): string {
  const format = (check as { format?: unknown }).format;
  return typeof format === 'string' ? `${check.check}:${format}` : check.check;
}

function firstReason(reasons: (() => string | undefined)[]): string | undefined {
  for (const reason of reasons) {
    const r = reason();
    if (r !== undefined) return r;
  }
  return undefined;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isJsonPrimitive(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || isFiniteNumber(v);
}

/** A value JSON.stringify writes back unchanged (-0 would come back as 0). */
function isJsonValue(v: unknown): boolean {
  if (Object.is(v, -0)) return false;
  if (isJsonPrimitive(v)) return true;
  if (Array.isArray(v)) return v.every(isJsonValue);
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every(isJsonValue);
}
