/**
 * Deterministic ids and hashes for the Ashby simulator. Every id is UUID-shaped and carries its
 * record's index in the last group, so the simulator can find a record from its id without an
 * index of 100k entries; a foreign or altered id fails the round trip and is "not found".
 */

/** A 32-bit mix of integers (murmur3 finalizer over a running state). */
export function mix(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h = Math.imul(h ^ (value | 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A stable number in [0, 1) for (values). */
export function unit(...values: number[]): number {
  return mix(...values) / 4294967296;
}

export function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const ENTITY_TAGS = {
  candidate: 1,
  application: 2,
  job: 3,
  plan: 4,
  stage: 5,
  user: 6,
  source: 7,
  sourceType: 8,
  archiveReason: 9,
  note: 10,
  file: 11,
  posting: 12,
  location: 13,
  department: 14,
} as const;
export type IdEntity = keyof typeof ENTITY_TAGS;

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0').slice(-width);

/** `xxxxxxxx-xxxx-4xxx-8xxx-<index as 12 hex digits>`, unique per (seed, entity, index). */
export function idFor(seed: number, entity: IdEntity, index: number): string {
  const tag = ENTITY_TAGS[entity];
  const b = mix(seed, tag, index);
  return `${prefixOf(seed, tag)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${hex(0x8000 | (mix(b, tag) & 0x3fff), 4)}-${hex(index, 12)}`;
}

const prefixes = new Map<number, string>();
function prefixOf(seed: number, tag: number): string {
  const key = seed * 64 + tag;
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    prefix = hex(mix(seed, tag, 0x5eed), 8);
    prefixes.set(key, prefix);
  }
  return prefix;
}

/** The index inside an id of this entity, or null when the id is not one of ours. */
export function indexOf(seed: number, entity: IdEntity, id: unknown): number | null {
  if (typeof id !== 'string' || id.length !== 36) return null;
  const index = Number.parseInt(id.slice(24), 16);
  if (!Number.isFinite(index) || index < 0) return null;
  return idFor(seed, entity, index) === id ? index : null;
}

/** A ULID-looking request id (Crockford base32, 26 characters). */
export function requestId(counter: number, now = Date.now()): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = now;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[time % 32] + out;
    time = Math.floor(time / 32);
  }
  let rand = mix(counter, now & 0xffffffff);
  for (let i = 0; i < 16; i++) {
    out += alphabet[rand % 32];
    rand = i % 6 === 5 ? mix(rand, i) : Math.floor(rand / 32);
  }
  return out;
}
