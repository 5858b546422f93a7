import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../../../../src/main/core/http/json-body';

/** What decoding the whole answer as UTF-8 and parsing it gives: the reference. */
function reference(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString('utf8'));
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SAMPLES = ['Zoë', 'Łukasz Żak', '山田 太郎', 'José 🎉', 'plain', '', 'Ünïcödé', '€', 'ÿ'];

describe('parseJsonBytes', () => {
  it('reads an ASCII page as JSON.parse does', () => {
    const bytes = Buffer.from(JSON.stringify({ results: [{ id: 'a', name: 'Ada' }], more: false }));
    expect(parseJsonBytes(bytes)).toEqual({ value: reference(bytes), json: true });
  });

  it('decodes multi-byte characters in values, nested objects, arrays and keys exactly as UTF-8 decoding would', () => {
    const page = {
      success: true,
      results: SAMPLES.map((name, index) => ({
        id: `id-${index}`,
        name,
        emails: [{ value: `${name}@example.com` }, name],
        [`clé-${name}`]: { nested: [name, [name, index, null, true]] },
      })),
    };
    const bytes = Buffer.from(JSON.stringify(page));
    const parsed = parseJsonBytes(bytes);
    expect(parsed.json).toBe(true);
    expect(parsed.value).toEqual(reference(bytes));
    expect(parsed.value).toEqual(page);
  });

  it('rejects a backslash escaping a non-ASCII character, as whole-page decoding does, but reads an escaped backslash before one', () => {
    expect(() => reference(Buffer.from('{"a":"\\é"}'))).toThrow();
    expect(parseJsonBytes(Buffer.from('{"a":"\\é"}'))).toEqual({ value: undefined, json: false });
    const escapedBackslash = Buffer.from('{"a":"\\\\é"}');
    expect(parseJsonBytes(escapedBackslash)).toEqual({ value: { a: '\\é' }, json: true });
  });

  it('keeps key order when keys are decoded', () => {
    const bytes = Buffer.from('{"a":1,"é":2,"z":3}');
    expect(Object.keys(parseJsonBytes(bytes).value as object)).toEqual(['a', 'é', 'z']);
  });

  it('reads \\u escapes beside raw multi-byte characters correctly', () => {
    const bytes = Buffer.from('{"escaped":"caf\\u00e9 \\u00ff \\ud83c\\udf89","raw":"café ÿ 🎉"}');
    const parsed = parseJsonBytes(bytes).value as { escaped: string; raw: string };
    expect(parsed).toEqual(reference(bytes));
    expect(parsed.escaped).toBe(parsed.raw);
  });

  it('turns invalid UTF-8 into U+FFFD as whole-page decoding does, also at a string boundary', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"x'),
      Buffer.from([0xc3]), // a lead byte cut off by the closing quote
      Buffer.from('","b":"'),
      Buffer.from([0xff, 0xfe, 0xe2, 0x82]), // invalid bytes, a truncated 3-byte character
      Buffer.from('y","c":"é"}'),
    ]);
    expect(parseJsonBytes(bytes)).toEqual({ value: reference(bytes), json: true });
  });

  it('keeps a "__proto__" key as a plain key, also when other keys are decoded', () => {
    const bytes = Buffer.from('{"__proto__":{"polluted":"é"},"ä":1}');
    const value = parseJsonBytes(bytes).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'ä']);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: 'é' });
  });

  it('reports an empty or malformed answer as not JSON, without throwing', () => {
    expect(parseJsonBytes(Buffer.alloc(0))).toEqual({ value: undefined, json: false });
    expect(parseJsonBytes(Buffer.from('{"cut":"Zo'))).toEqual({ value: undefined, json: false });
    expect(parseJsonBytes(Buffer.from('<html>é</html>'))).toEqual({
      value: undefined,
      json: false,
    });
    // A non-ASCII character outside a string is not JSON either way.
    expect(parseJsonBytes(Buffer.from('{"a":1}\u00a0'))).toEqual({ value: undefined, json: false });
  });

  it('matches whole-page UTF-8 decoding on 300 random documents of random code points and bytes', () => {
    const random = seeded(42);
    const pick = (n: number) => Math.floor(random() * n);
    const randomString = () => {
      let out = '';
      const length = pick(12);
      for (let i = 0; i < length; i++) {
        const kind = pick(5);
        if (kind === 0) out += String.fromCharCode(0x20 + pick(0x5f));
        else if (kind === 1) out += String.fromCharCode(0x80 + pick(0x780));
        else if (kind === 2) out += String.fromCharCode(0x800 + pick(0xd000));
        else if (kind === 3) out += String.fromCodePoint(0x10000 + pick(0xfffff));
        else out += SAMPLES[pick(SAMPLES.length)];
      }
      return out;
    };
    for (let doc = 0; doc < 300; doc++) {
      const value = Array.from({ length: 1 + pick(6) }, () => ({
        [randomString()]: randomString(),
        list: [randomString(), { inner: randomString() }],
      }));
      let bytes = Buffer.from(JSON.stringify(value));
      if (doc % 3 === 0) {
        // Corrupts one byte inside a string value: invalid UTF-8 must read the same both ways.
        const at = bytes.indexOf('"inner":"') + 9;
        if (at > 8 && bytes[at] !== 0x22 && bytes[at] !== 0x5c) {
          bytes = Buffer.from(bytes);
          bytes[at] = 0x80 + pick(0x40);
        }
      }
      expect(parseJsonBytes(bytes).value).toEqual(reference(bytes));
    }
  });
});
