import { ConsoleError } from '../errors';

/**
 * The text of a CSV file from its bytes. Spreadsheets save UTF-8 (with or without a byte order
 * mark) or, as "Unicode text", UTF-16 with a byte order mark; both are read. Anything else (a
 * Latin-1 or Windows-1252 export) would turn "José Muñoz" into "Jos� Mu�oz" without a word, so it
 * is refused with what to do instead.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2));
  const body =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body.includes(0)) {
    throw notUtf8(
      'It contains NUL bytes: it is UTF-16 without a byte order mark, or not a text file.',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const at = firstInvalidUtf8(body);
    throw notUtf8(
      `Byte ${at + 1} is not UTF-8 (the file looks like a Latin-1 or Windows-1252 export, where “é” is one byte).`,
    );
  }
}

function decode(encoding: 'utf-16le' | 'utf-16be', bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(`It starts like ${encoding.toUpperCase()} text, but is damaged.`);
  }
}

function notUtf8(detail: string): ConsoleError {
  return new ConsoleError(
    'BAD_INPUT',
    `The file is not UTF-8 text. ${detail}`,
    'Save the file as UTF-8 (in Excel: Save As → “CSV UTF-8”; in Numbers or LibreOffice: export as CSV with Unicode (UTF-8)), then import it again.',
  );
}

/** The offset of the first byte that starts no valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const length =
      byte < 0x80
        ? 1
        : byte >> 5 === 0b110
          ? 2
          : byte >> 4 === 0b1110
            ? 3
            : byte >> 3 === 0b11110
              ? 4
              : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
