import crypto from 'node:crypto';

/** A new id for a Kula record: the kind's prefix and 16 random hex digits (`cand_…`, `flow_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(8).toString('hex')}`;
}
