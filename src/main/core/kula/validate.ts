import type { InputIssue } from '../../../shared/ipc/result';
import type { CandidateInput } from '../../../shared/domain/kula';

/**
 * Checks a candidate as typed in a form, a CSV row or a CLI command. Returns the cleaned values,
 * or every problem at once (one message per field, saying what to type instead).
 */

export interface CleanCandidate {
  name: string;
  /** Lower-cased, without duplicates, primary first. */
  emails: string[];
  phone: string | null;
  links: string[];
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const PHONE = /^\+?[0-9 ().\-/]{5,30}$/;
export const MAX_NAME = 200;
export const MAX_EMAILS = 10;
export const MAX_LINKS = 10;

/**
 * Text as a person would have typed it: control characters (a NUL from a damaged file) become
 * spaces, a lone UTF-16 surrogate becomes U+FFFD, so what is saved (SQLite stores UTF-8) and
 * sent to the ATS reads back exactly as it was previewed; and the bidirectional embeddings,
 * overrides and isolates are dropped, since they make text display as something else
 * (`rlo\u202Efdp.txt` reads as "rlotxt.pdf").
 */
export function plainText(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\p{Cs}/gu, '\uFFFD')
    .replace(BIDI_CONTROLS, '');
}

/** U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Whether the text has something visible: not only spaces and invisible format characters. */
function hasVisible(text: string): boolean {
  return text.replace(/[\s\p{Cf}]/gu, '').length > 0;
}

/**
 * A name as it goes to the ATS: one starting with `=`, `+`, `-` or `@` gets a leading apostrophe,
 * so a spreadsheet export of the ATS shows it as text instead of running it as a formula.
 */
export function atsSafeName(name: string): string {
  return /^[=+\-@]/.test(name) ? `'${name}` : name;
}

export function cleanCandidate(input: CandidateInput): {
  value: CleanCandidate | null;
  issues: InputIssue[];
} {
  const issues: InputIssue[] = [];
  const name = plainText(input.name).trim().replace(/\s+/g, ' ');
  if (!hasVisible(name)) issues.push({ path: 'name', message: 'Type the candidate’s name.' });
  else if (name.length > MAX_NAME)
    issues.push({ path: 'name', message: `Use at most ${MAX_NAME} characters for the name.` });

  const emails: string[] = [];
  for (const raw of input.emails) {
    const email = plainText(raw).trim().toLowerCase();
    if (!email) continue;
    if (!EMAIL.test(email) || email.length > 254) {
      issues.push({ path: 'emails', message: `“${raw.trim()}” is not an email address.` });
    } else if (!emails.includes(email)) {
      emails.push(email);
    }
  }
  if (emails.length > MAX_EMAILS)
    issues.push({ path: 'emails', message: `Give at most ${MAX_EMAILS} email addresses.` });

  const phoneText = plainText(input.phone ?? '').trim();
  if (phoneText && !PHONE.test(phoneText)) {
    issues.push({
      path: 'phone',
      message: `“${phoneText}” is not a phone number (digits, spaces, + ( ) - . / only).`,
    });
  }

  const links: string[] = [];
  for (const raw of input.links ?? []) {
    const text = plainText(raw).trim();
    if (!text) continue;
    const url = parseUrl(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
    if (!url) issues.push({ path: 'links', message: `“${text}” is not a web address.` });
    else if (!links.includes(url)) links.push(url);
  }
  if (links.length > MAX_LINKS)
    issues.push({ path: 'links', message: `Give at most ${MAX_LINKS} links.` });

  if (issues.length) return { value: null, issues };
  return { value: { name, emails, phone: phoneText || null, links }, issues };
}

function parseUrl(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (!url.hostname.includes('.')) return null;
    return url.toString();
  } catch {
    return null;
  }
}
