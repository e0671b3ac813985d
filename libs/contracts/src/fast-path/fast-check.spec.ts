import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { compileFastCheck } from './fast-check';
import { toStrictJsonSchema } from './strict-json-schema';

/** The fast check's answer on a copy of `json`: the (defaulted) value when it says valid. */
function fastAnswer(schema: z.ZodType, json: string): { valid: boolean; value: unknown } {
  const check = compileFastCheck(schema).check;
  if (!check) throw new Error(`no fast check: ${compileFastCheck(schema).refused}`);
  const value: unknown = JSON.parse(json);
  return { valid: check(value), value };
}

describe(compileFastCheck.name, () => {
  it.each<[string, z.ZodType, RegExp]>([
    ['a transform', z.object({ a: z.string().transform((s) => s.length) }), /pipe/],
    ['an overwrite (trim)', z.string().trim(), /overwrite/],
    ['a refinement', z.object({ a: z.number() }).refine((o) => o.a > 1), /custom/],
    ['coercion', z.coerce.number(), /coercion/],
    ['a union zod resolves by order', z.union([z.object({ a: z.string() }), z.object({ a: z.string(), b: z.string() })]), /without a discriminator/],
    ['catch', z.string().catch('x'), /catch/],
    ['a Date', z.date(), /date/],
    ['lazy', z.lazy(() => z.string()), /lazy/],
    ['a default that changes', z.object({ id: z.string().default(() => randomUUID()) }), /changes between reads/],
    ['a default its schema rejects', z.object({ a: z.string().min(3).default('') }), /does not return unchanged/],
    ['a pattern with flags', z.string().regex(/^a$/i), /string_format:regex/],
    ['a format checked by more than a pattern', z.url(), /string_format:url/],
    ['multipleOf (zod and ajv round floats differently)', z.number().multipleOf(0.1), /multiple_of/],
    ['a record with enum keys', z.record(z.enum(['a', 'b']), z.string()), /record keys/],
    ['metadata JSON Schema does not define', z.string().meta({ secret: true }), /keyword 'secret'/],
    ['a default ajv would not fill (anyOf branch)', z.object({ a: z.literal('x').default('x').nullable() }), /ajv would not fill/],
  ])('refuses %s', (_case, schema, why) => {
    const path = compileFastCheck(schema);
    expect(path.check).toBeUndefined();
    expect(path.refused).toMatch(why);
  });

  it('never passes a string zod finds too long, and passes every one zod accepts unless astral', () => {
    const schema = z.object({ min1max3: z.string().min(1).max(3) });
    const strings = ['', 'a', 'abc', 'abcd', '😀', '😀😀', '😀😀😀', '😀😀😀😀', 'a😀', '\uD800', '\uD800\uD800\uD800', '\uDC00\uD800', 'e\u0301'];
    for (const s of strings) {
      const json = JSON.stringify({ min1max3: s });
      const zod = schema.safeParse(JSON.parse(json)).success;
      const fast = fastAnswer(schema, json).valid;
      expect({ s, fast }).toEqual({ s, fast: zod && s.length <= 3 });
    }
  });

  it('measures string lengths exactly as zod does when a minimum needs it (code points, lone surrogates count one)', () => {
    const schema = z.object({ min2max3: z.string().min(2).max(3), exactly2: z.string().length(2) });
    const strings = ['', 'a', 'ab', 'abc', 'abcd', '😀', '😀😀', '😀😀😀', '😀😀😀😀', 'a😀', '\uD800', '\uD800\uD800', '\uDC00\uD800', '\uD800😀', 'e\u0301'];
    for (const s of strings) {
      for (const t of strings) {
        const json = JSON.stringify({ min2max3: s, exactly2: t });
        expect({ json, valid: fastAnswer(schema, json).valid }).toEqual({ json, valid: schema.safeParse(JSON.parse(json)).success });
      }
    }
  });

  it('checks numbers and datetimes exactly as zod does', () => {
    const schema = z.object({ n: z.number().int().positive(), x: z.number().nonnegative(), at: z.iso.datetime({ offset: true }) });
    const numbers = ['0', '-0', '1', '1.5', '9007199254740991', '9007199254740992', '1e400', '-1', '1e-7'];
    const dates = ['"2026-01-01T00:00:00Z"', '"2026-01-01T00:00:00z"', '"2026-13-01T00:00:00Z"', '"2026-01-01T00:00:00"', '"2024-02-29T23:59:59.5+14:00"', '"2026-02-29T00:00:00Z"', '"2026-01-01T00:00:00Z\\n"'];
    for (const n of numbers) {
      for (const at of dates) {
        const json = `{"n":${n},"x":${n},"at":${at}}`;
        const answer = fastAnswer(schema, json);
        const zod = schema.safeParse(JSON.parse(json));
        expect({ json, valid: answer.valid }).toEqual({ json, valid: zod.success });
        if (zod.success) expect(isDeepStrictEqual(answer.value, zod.data)).toBe(true);
      }
    }
  });

  it('fills defaults in nullable objects and in the tagged branch only, as zod does', () => {
    const Inner = z.object({ id: z.string(), tags: z.array(z.string()).default([]) });
    const schema = z.object({
      inner: Inner.nullable(),
      maybe: Inner.optional(),
      items: z.array(z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), n: z.number().default(1) }), z.object({ kind: z.literal('b'), m: z.number().default(2) })])),
    });
    for (const json of ['{"inner":{"id":"x"},"items":[{"kind":"a"},{"kind":"b"}]}', '{"inner":null,"maybe":{"id":"y"},"items":[]}']) {
      const answer = fastAnswer(schema, json);
      expect(answer.valid).toBe(true);
      expect(answer.value).toStrictEqual(schema.parse(JSON.parse(json)));
    }
  });

  it('dispatches a top-level union tagged by numbers (a version), which ajv cannot, and fills defaults in the tagged option only', () => {
    const schema = z.discriminatedUnion('v', [z.object({ v: z.literal(1), a: z.number().default(1) }), z.object({ v: z.literal(2), b: z.string().default('') })]);
    for (const json of ['{"v":1}', '{"v":2}', '{"v":2,"b":"x"}']) {
      const answer = fastAnswer(schema, json);
      expect({ json, valid: answer.valid }).toEqual({ json, valid: true });
      expect(answer.value).toStrictEqual(schema.parse(JSON.parse(json)));
    }
    for (const json of ['{"v":3}', '{"v":"1"}', '{}', '[1]', 'null', '{"v":1,"b":""}', '{"v":2,"b":1}']) {
      expect({ json, valid: fastAnswer(schema, json).valid }).toEqual({ json, valid: false });
    }
  });

  it('leaves values zod would change to zod: unknown keys, and a __proto__ key zod skips in records', () => {
    const schema = z.object({ labels: z.record(z.string(), z.string()) });
    expect(fastAnswer(schema, '{"labels":{"__proto__":"x"}}').valid).toBe(false);
    expect(schema.parse(JSON.parse('{"labels":{"__proto__":"x"}}'))).toStrictEqual({ labels: {} });
    expect(fastAnswer(schema, '{"labels":{},"extra":1}').valid).toBe(false);
  });
});

describe(toStrictJsonSchema.name, () => {
  // Second line of defence behind whyNotJsonSchemaExact, which refuses these schemas first.
  it.each<[string, z.ZodType]>([
    ['inside an anyOf branch', z.object({ a: z.object({ b: z.string().default('') }).or(z.literal(1)) })],
    ['on an array item', z.object({ a: z.array(z.string().default('')) })],
    ['on a record value', z.record(z.string(), z.string().default(''))],
    ['on the whole value', z.object({ a: z.string() }).default({ a: '' })],
  ])('throws on a default ajv would not fill: %s', (_case, schema) => {
    expect(() => toStrictJsonSchema(schema)).toThrow(/would not fill/);
  });
});
