import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Values for a zod schema, mostly valid and sometimes not: the IPC fuzzer feeds them to the
 * dispatcher so handlers see well-formed input (not only schema rejections). `hints` give
 * realistic values by field name (ids that exist, URLs of a simulator), always mixed with
 * arbitrary ones.
 */
export type FieldHints = Record<string, fc.Arbitrary<unknown>>;

interface Def {
  type: string;
  [key: string]: unknown;
}

/** Unicode, control characters, look-alike quotes, SQL and path fragments, long strings. */
export function nastyString(maxLength = 300): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: Math.min(maxLength, 40) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: Math.min(maxLength, 30) }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '\u0000',
        '\u202e\u0041dmin',
        "'; DROP TABLE connections; --",
        '../../../../etc/passwd',
        '%2e%2e%2f',
        '<img src=x onerror=alert(1)>',
        '${jndi:ldap://x}',
        '__proto__',
        'constructor',
        '💥🧨',
        'Zoë Åström-Ñúñez',
        '\ud800',
        'null',
        '0',
        '-1',
        'NaN',
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20_000 }))
        .map(([unit, times]) => unit.repeat(times).slice(0, maxLength)),
    },
  );
}

export function zodArbitrary(schema: z.ZodType, hints: FieldHints = {}): fc.Arbitrary<unknown> {
  return build(schema, hints, undefined);
}

function build(
  schema: z.ZodType,
  hints: FieldHints,
  field: string | undefined,
): fc.Arbitrary<unknown> {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const any = schema as unknown as Record<string, unknown>;
  const hint = field !== undefined ? hints[field] : undefined;
  const withHint = (arbitrary: fc.Arbitrary<unknown>) =>
    hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary }) : arbitrary;
  switch (def.type) {
    case 'undefined':
      return fc.constant(undefined);
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (any.format === 'uuid') return withHint(fc.uuid());
      const min = (any.minLength as number | null) ?? 0;
      const max = (any.maxLength as number | null) ?? 300;
      return withHint(
        fc.oneof(
          {
            weight: 4,
            arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, min + 40) }),
          },
          { weight: 1, arbitrary: nastyString(max) },
        ),
      );
    }
    case 'number': {
      const min = Math.max((any.minValue as number | null) ?? -1e6, -1e9);
      const max = Math.min((any.maxValue as number | null) ?? 1e6, 1e9);
      const valid = any.isInt
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true });
      return withHint(
        fc.oneof(
          { weight: 6, arbitrary: valid },
          { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -1, 0, 1e308, 0.5) },
        ),
      );
    }
    case 'enum':
      return withHint(fc.constantFrom(...(any.options as unknown[])));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'optional':
      return fc.option(build(def.innerType as z.ZodType, hints, field), { nil: undefined });
    case 'default':
      return fc.option(build(def.innerType as z.ZodType, hints, field), { nil: undefined });
    case 'nullable':
      return fc.option(build(def.innerType as z.ZodType, hints, field), { nil: null });
    case 'pipe':
      return build(def.in as z.ZodType, hints, field);
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((option) => build(option, hints, field)));
    case 'array': {
      const element = build(def.element as z.ZodType, hints, field);
      return withHint(fc.array(element, { minLength: 0, maxLength: 6 }));
    }
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const entries = Object.entries(shape).map(
        ([key, value]) => [key, build(value, hints, key)] as const,
      );
      // Optional keys are sometimes absent, sometimes present with undefined.
      return fc
        .record(Object.fromEntries(entries), {
          requiredKeys: Object.keys(shape).filter((key) => !isOptional(shape[key]!)),
        })
        .map((value) => value as unknown);
    }
    default:
      return fc.anything();
  }
}

function isOptional(schema: z.ZodType): boolean {
  const type = (schema as unknown as { _zod: { def: Def } })._zod.def.type;
  return type === 'optional' || type === 'default';
}

/** Values of the wrong shape entirely: what a compromised or buggy renderer could send. */
export function hostileInput(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withDate: true }),
    fc.constantFrom(
      null,
      [],
      '',
      { __proto__: { polluted: true } },
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
      { constructor: { prototype: { polluted: true } } },
    ),
  );
}
