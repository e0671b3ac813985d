import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import { whyNotJsonSchemaExact } from './exact-zod-subset';
import { toStrictJsonSchema, type JsonSchema } from './strict-json-schema';

/**
 * A quick yes for values the schema's zod parse would return unchanged, after filling zod's
 * defaults into `data` in place. `false` proves nothing: the caller asks zod, which decides.
 */
export type FastCheck = (data: unknown) => boolean;

export type FastPath = { check: FastCheck; refused?: undefined } | { check?: undefined; refused: string };

/**
 * Options chosen so that ajv accepts a subset of what zod accepts:
 * - strictSchema: an unknown keyword fails the compile instead of loosening the check; every
 *   other strict option is explicit, so nothing is only logged (hence no logger, which also
 *   hushes the deprecation notice of `unicode`);
 * - unicode: how string lengths are counted, see ajvFor;
 * - unicodeRegExp false: patterns compiled without flags, as zod's own RegExp;
 * - validateFormats false: zod checks formats by the pattern it also emits;
 * - useDefaults: zod's defaults, filled in where zod would fill them; no coercion, no removal.
 */
function newAjv(countCodePoints: boolean): Ajv2020 {
  return new Ajv2020({
    strict: true,
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    discriminator: true,
    unicode: countCodePoints,
    unicodeRegExp: false,
    validateFormats: false,
    useDefaults: true,
    coerceTypes: false,
    removeAdditional: false,
    allErrors: false,
    messages: false,
    addUsedSchema: false,
    logger: false,
  });
}

const ajvs = new Map<boolean, Ajv2020>();

/**
 * zod (4.6) counts string lengths in code points, ajv can count either; counting UTF-16 units is
 * cheaper (about half of the whole check on raw events). Units never undercount, so a maxLength
 * in units only sends the odd astral-heavy string to zod, and a minLength of 1 means the same in
 * both; a larger minLength in units would pass strings zod rejects, so a schema with one is
 * counted in code points. Conservative: any `minLength` key anywhere counts.
 */
function ajvFor(schema: JsonSchema): Ajv2020 {
  const countCodePoints = zodCountsCodePoints() && hasMinLengthAbove1(schema);
  let ajv = ajvs.get(countCodePoints);
  if (!ajv) ajvs.set(countCodePoints, (ajv = newAjv(countCodePoints)));
  return ajv;
}

function hasMinLengthAbove1(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasMinLengthAbove1);
  if (typeof v !== 'object' || v === null) return false;
  return Object.entries(v).some(([k, x]) => (k === 'minLength' && typeof x === 'number' && x > 1) || hasMinLengthAbove1(x));
}

/**
 * Whether zod measures string lengths in code points (zod 4.6 does: a surrogate pair is one, a
 * lone surrogate one, as ajv's `unicode` counts) or in UTF-16 units (`.length`, earlier releases).
 * Asked of zod itself, so a zod upgrade cannot silently desynchronise the two.
 */
function zodCountsCodePoints(): boolean {
  const pair = '\u{1F600}'; // one code point, two UTF-16 units
  const verdicts = [
    z.string().max(1).safeParse(pair).success,
    !z.string().min(2).safeParse(pair).success,
    z.string().length(1).safeParse(pair).success,
  ];
  if (verdicts.some((v) => v !== verdicts[0])) throw new Error('zod measures string lengths differently in min, max and length');
  return verdicts[0];
}

/** Compiles the fast check of a zod schema, or says why zod must check it alone. */
export function compileFastCheck(schema: z.core.$ZodType): FastPath {
  try {
    const notExact = whyNotJsonSchemaExact(schema);
    if (notExact !== undefined) return { refused: notExact };
    const tagged = numberTaggedOptions(schema);
    if (tagged) return { check: dispatchByTag(tagged) };
    const json = toStrictJsonSchema(schema);
    const validate = ajvFor(json).compile(json);
    return { check: (data) => validate(data) };
  } catch (e) {
    // Never a reason to fail a decode: zod alone still decides.
    return { refused: `JSON Schema: ${(e as Error).message}` };
  }
}

interface TaggedOptions {
  discriminator: string;
  options: Map<unknown, z.core.$ZodType>;
}

/**
 * The options of a top-level discriminated union tagged by numbers (a payload's `schema` version):
 * ajv's `discriminator` takes string tags only, and without it ajv fills no defaults inside the
 * union, so such a union is dispatched here, as zod does, each option checked on its own.
 */
function numberTaggedOptions(schema: z.core.$ZodType): TaggedOptions | undefined {
  const def = (schema as z.core.$ZodTypes)._zod.def as { type: string; discriminator?: unknown; options?: z.core.$ZodType[] };
  if (def.type !== 'union' || typeof def.discriminator !== 'string' || !def.options) return undefined;
  const discriminator = def.discriminator;
  const options = new Map<unknown, z.core.$ZodType>();
  for (const option of def.options) {
    const tags = option._zod.propValues?.[discriminator];
    if (!tags || [...tags].some((tag) => typeof tag !== 'number')) return undefined;
    for (const tag of tags) options.set(tag, option);
  }
  return { discriminator, options };
}

function dispatchByTag({ discriminator, options }: TaggedOptions): FastCheck {
  const checks = new Map<unknown, FastCheck>();
  for (const [tag, option] of options) {
    const path = compileFastCheck(option);
    if (!path.check) throw new Error(`option ${String(tag)}: ${path.refused}`);
    checks.set(tag, path.check);
  }
  return (data) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
    const check = checks.get((data as Record<string, unknown>)[discriminator]);
    return check !== undefined && check(data);
  };
}
