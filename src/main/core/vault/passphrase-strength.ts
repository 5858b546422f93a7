/**
 * A simple strength estimate for a new vault passphrase: length, the kinds of characters used,
 * and the patterns that make a long passphrase easy to guess (one character repeated, runs like
 * "abcd" or "1234", common words). It does not replace a real password meter; it stops the
 * passphrases a guesser tries first.
 */

export const NEW_PASSPHRASE_MIN_LENGTH = 12;
/** About what four random common words give; far above what a guesser reaches offline per key. */
const MIN_BITS = 50;

const COMMON = [
  'password',
  'passphrase',
  'passwort',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'secret',
  'iloveyou',
  'monkey',
  'dragon',
  'kula',
  'console',
  'changeme',
];

/** Why the passphrase is too weak to start a vault with, or null when it will do. */
export function weakPassphraseReason(passphrase: string): string | null {
  if ([...passphrase].length < NEW_PASSPHRASE_MIN_LENGTH) {
    return `A new vault passphrase needs at least ${NEW_PASSPHRASE_MIN_LENGTH} characters.`;
  }
  if (estimateBits(passphrase) < MIN_BITS) {
    return 'The vault passphrase is too easy to guess (repeated characters, a run like "1234" or a common word).';
  }
  return null;
}

/** Bits of guessing work, roughly: characters that add something, times the alphabet they use. */
export function estimateBits(passphrase: string): number {
  let text = passphrase.toLowerCase();
  for (const word of COMMON) text = text.split(word).join('\u0000');
  const chars = [...text];
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(passphrase)) pool += 33;
  let counted = 0;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const previous = chars[i - 1];
    // A common word counts as one character; a repeat or the next step of a run adds nothing.
    if (char === '\u0000') counted += 1;
    else if (previous === undefined) counted += 1;
    else if (char === previous) continue;
    else if (Math.abs(char.codePointAt(0)! - previous.codePointAt(0)!) === 1) continue;
    else counted += 1;
  }
  return counted * Math.log2(Math.max(pool, 2));
}
