import fc from 'fast-check';

/**
 * An ATS payload as it might really arrive: a valid sample with fields dropped, set to null, given
 * the wrong type, replaced by huge or odd unicode strings or out-of-range numbers, nested objects
 * mutated in turn. Only JSON values: that is all an HTTP body can carry.
 */
export function oddJsonValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        null,
        '',
        ' ',
        0,
        -1,
        1.5,
        1e16,
        -8.64e15 - 1,
        1e308,
        Number.MAX_SAFE_INTEGER,
        true,
        [],
        {},
        [null],
        '2026-13-45T99:99:99Z',
        'not a date',
        '\u0000',
        'Zoë 李 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e',
        '<script>alert(1)</script>',
        'x'.repeat(200_000),
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) },
  );
}

export function mutatedPayload(sample: Record<string, unknown>, depth = 2): fc.Arbitrary<unknown> {
  const fields = Object.entries(sample).map(([key, value]) => {
    const options: Array<fc.Arbitrary<unknown>> = [
      fc.constant(value),
      fc.constant(value),
      fc.constant(MISSING),
      oddJsonValue(),
    ];
    if (depth > 0 && value && typeof value === 'object' && !Array.isArray(value)) {
      options.push(mutatedPayload(value as Record<string, unknown>, depth - 1));
    }
    if (depth > 0 && Array.isArray(value) && value[0] && typeof value[0] === 'object') {
      options.push(
        fc.array(mutatedPayload(value[0] as Record<string, unknown>, depth - 1), { maxLength: 3 }),
      );
    }
    return [key, fc.oneof(...options)] as const;
  });
  const mutated = fc
    .record(Object.fromEntries(fields))
    .map((record) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== MISSING)),
    );
  return fc.oneof({ weight: 12, arbitrary: mutated }, { weight: 1, arbitrary: oddJsonValue() });
}

const MISSING = Symbol('missing');

/** Every path to a value inside a JSON document, objects and arrays included. */
function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

/**
 * A few small edits to a valid document, as a person editing it by hand makes them: a value
 * replaced or removed at one to three places, the rest untouched.
 */
export function editedDocument(document: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(document).filter((path) => path.length > 0);
  const edit = fc.record({
    path: fc.constantFrom(...paths),
    value: fc.oneof(fc.constant(MISSING), oddJsonValue()),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const copy = structuredClone(document) as Record<string | number, unknown>;
    for (const { path, value } of edits) {
      let parent: unknown = copy;
      for (const key of path.slice(0, -1)) {
        parent =
          parent && typeof parent === 'object'
            ? (parent as Record<string | number, unknown>)[key]
            : undefined;
      }
      if (!parent || typeof parent !== 'object') continue;
      const last = path[path.length - 1]!;
      const target = parent as Record<string | number, unknown>;
      if (value !== MISSING) target[last] = value;
      else if (Array.isArray(target) && typeof last === 'number') target.splice(last, 1);
      else delete target[last];
    }
    return copy;
  });
}
