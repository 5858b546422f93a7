/**
 * Text for a terminal. ATS data and the admin's own files reach the screen through the CLI, and a
 * terminal obeys control sequences: a candidate named `Evil\x1b]0;PWNED\x07\x1b[2J` would retitle
 * the window and clear the screen. Every control character (C0 and C1, except line breaks and
 * tabs) is shown as a visible escape, so are the bidirectional overrides that make `rlo\u202Efdp.txt`
 * read as "rlotxt.pdf", and a line longer than a screenful is cut. JSON output does not pass here:
 * JSON escapes controls itself and stays exact.
 */

/** Longest line printed as is; a line of ATS data longer than this is cut with a count. */
export const MAX_LINE_CHARS = 2000;

/** C0 controls but tab and line feed, DEL, C1 controls; the bidi embeddings, overrides, isolates. */
function unsafe(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The text with every unsafe character as a visible `\xHH` or `<U+HHHH>`. */
export function escapeControls(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (!unsafe(code)) out += char;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  }
  return out;
}

/** Cuts a line longer than `max` characters, saying how much was left out. */
export function cutLine(line: string, max = MAX_LINE_CHARS): string {
  if (line.length <= max) return line;
  return `${line.slice(0, max)}… (${(line.length - max).toLocaleString('en-US')} more characters)`;
}

/** What a human-readable line of output becomes on the terminal. */
export function terminalSafe(text: string): string {
  return escapeControls(text)
    .split('\n')
    .map((line) => cutLine(line))
    .join('\n');
}

/** A value quoted back to the admin (an argument, a file name): escaped and at most `max` long. */
export function echo(value: string, max = 120): string {
  const safe = escapeControls(value);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}
