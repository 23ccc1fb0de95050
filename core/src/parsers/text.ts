/**
 * Text-file plumbing shared by the CSV parsers: encoding and separator sniffing, physical line
 * numbers and a quote-aware field splitter. Browser-safe: TextDecoder only.
 */

/** Encoding a user may force in a mapping; `auto` sniffs it from the bytes. */
export type EncodingChoice = 'auto' | 'utf-8' | 'windows-1252' | 'utf-16le';

/** Encoding actually used to decode a file. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodeOutcome =
  | { ok: true; text: string; encoding: TextEncodingName; hadByteOrderMark: boolean }
  | { ok: false; reason: string };

export type FieldSeparator = ',' | ';' | '\t';

/** One physical line of a text file, numbered from 1, without its line break. */
export interface PhysicalLine {
  line: number;
  text: string;
}

/** One CSV record: the physical line it starts on, its fields, and its text as found in the file. */
export interface CsvRecord {
  line: number;
  fields: string[];
  raw: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Bytes inspected to guess UTF-16 without a byte order mark. */
const UTF16_SNIFF_BYTES = 1024;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * Guesses UTF-16 without a byte order mark from its zero bytes: ASCII text in UTF-16 LE has a
 * zero at every odd offset, in UTF-16 BE at every even offset.
 */
function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, UTF16_SNIFF_BYTES) & ~1;
  if (length < 4) return null;
  let zerosAtEven = 0;
  let zerosAtOdd = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) zerosAtEven += 1;
    if (bytes[index + 1] === 0) zerosAtOdd += 1;
  }
  const pairs = length / 2;
  if (zerosAtOdd > pairs * 0.4 && zerosAtEven < pairs * 0.05) return 'utf-16le';
  if (zerosAtEven > pairs * 0.4 && zerosAtOdd < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Characters of Windows-1252 bytes 0x80 to 0x9F; the five bytes the code page leaves undefined
 * keep their C1 control code point, as the WHATWG Encoding Standard does. Decoded by hand because
 * Node 20's TextDecoder reads `windows-1252` as ISO-8859-1.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const chunkSize = 8192;
  for (let start = 0; start < bytes.length; start += chunkSize) {
    const end = Math.min(start + chunkSize, bytes.length);
    let chunk = '';
    for (let index = start; index < end; index += 1) {
      const byte = bytes[index] as number;
      chunk += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
    }
    chunks.push(chunk);
  }
  return chunks.join('');
}

function decodeWith(encoding: TextEncodingName, bytes: Uint8Array, fatal: boolean, stream = false): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(encoding, { fatal, ignoreBOM: true }).decode(bytes, { stream });
}

function isValidUtf8(bytes: Uint8Array, allowTruncatedEnd: boolean): boolean {
  try {
    decodeWith('utf-8', bytes, true, allowTruncatedEnd);
    return true;
  } catch {
    return false;
  }
}

/** Encoding of the bytes and the length of their leading byte order mark. */
function sniffEncoding(
  bytes: Uint8Array,
  allowTruncatedEnd: boolean,
): { encoding: TextEncodingName; bomLength: number } {
  if (startsWith(bytes, UTF8_BOM)) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  const utf16 = sniffUtf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (isValidUtf8(bytes, allowTruncatedEnd)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: 'windows-1252', bomLength: 0 };
}

const ENCODING_LABELS: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

/**
 * Decodes a whole file. With `auto`, a byte order mark decides (UTF-8, UTF-16 LE or BE), then
 * UTF-16 without a mark is recognised by its zero bytes, then strict UTF-8, and Windows-1252 when
 * the bytes are not valid UTF-8. A forced UTF-8 that does not decode is an error, never a guess.
 */
export function decodeText(bytes: Uint8Array, choice: EncodingChoice = 'auto'): DecodeOutcome {
  if (choice === 'auto') {
    const { encoding, bomLength } = sniffEncoding(bytes, false);
    return {
      ok: true,
      text: decodeWith(encoding, bytes.subarray(bomLength), false),
      encoding,
      hadByteOrderMark: bomLength > 0,
    };
  }
  let bomLength = 0;
  if (choice === 'utf-8' && startsWith(bytes, UTF8_BOM)) bomLength = 3;
  if (choice === 'utf-16le' && startsWith(bytes, [0xff, 0xfe])) bomLength = 2;
  const body = bytes.subarray(bomLength);
  if (choice === 'utf-8' && !isValidUtf8(body, false)) {
    return {
      ok: false,
      reason: `le fichier n’est pas encodé en ${ENCODING_LABELS['utf-8']} : choisissez l’encodage « windows-1252 » ou « auto » dans la correspondance`,
    };
  }
  return {
    ok: true,
    text: decodeWith(choice, body, false),
    encoding: choice,
    hadByteOrderMark: bomLength > 0,
  };
}

/**
 * Decodes the first bytes of a file for format detection, never failing: a multi-byte character
 * cut at the end of the slice does not turn UTF-8 into Windows-1252.
 */
export function decodeHead(bytes: Uint8Array): string {
  const { encoding, bomLength } = sniffEncoding(bytes, true);
  return decodeWith(encoding, bytes.subarray(bomLength), false, true);
}

/** Compression or archive container recognised by its first bytes. */
export function binarySignature(bytes: Uint8Array): 'zip' | 'gzip' | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  return null;
}

/** Splits text into physical lines on CRLF, LF or CR; a final line break adds no empty line. */
export function splitLines(text: string): PhysicalLine[] {
  const parts = text.split(/\r\n|\n|\r/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') return [];
  return parts.map((part, index) => ({ line: index + 1, text: part }));
}

/**
 * Splits one line into fields. A field that starts with a double quote runs to the matching
 * quote, and `""` inside it is one quote; a quote in the middle of an unquoted field is text.
 * `openQuote` tells that the line ended inside a quoted field.
 */
export function splitCsvLine(
  text: string,
  separator: FieldSeparator,
): { fields: string[]; openQuote: boolean } {
  const fields: string[] = [];
  let field = '';
  let index = 0;
  let atFieldStart = true;
  let inQuotes = false;
  while (index < text.length) {
    const character = text[index] as string;
    if (inQuotes) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        inQuotes = false;
        index += 1;
        continue;
      }
      field += character;
      index += 1;
      continue;
    }
    if (character === separator) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      index += 1;
      continue;
    }
    if (character === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      index += 1;
      continue;
    }
    field += character;
    atFieldStart = false;
    index += 1;
  }
  fields.push(field);
  return { fields, openQuote: inQuotes };
}

/** Physical lines a quoted field may span before the quote is taken for a stray one. */
const MAX_LINES_PER_RECORD = 50;

/**
 * Reads CSV records with their starting physical line. A quoted field may span line breaks; when
 * its closing quote is missing within a few lines, the record is read from its own line alone.
 */
export function readCsvRecords(text: string, separator: FieldSeparator): CsvRecord[] {
  const lines = splitLines(text);
  const records: CsvRecord[] = [];
  let index = 0;
  while (index < lines.length) {
    const first = lines[index] as PhysicalLine;
    let raw = first.text;
    let split = splitCsvLine(raw, separator);
    let consumed = 1;
    while (split.openQuote && consumed < MAX_LINES_PER_RECORD && index + consumed < lines.length) {
      raw += `\n${(lines[index + consumed] as PhysicalLine).text}`;
      consumed += 1;
      split = splitCsvLine(raw, separator);
    }
    if (split.openQuote && consumed > 1) {
      raw = first.text;
      split = splitCsvLine(raw, separator);
      consumed = 1;
    }
    records.push({ line: first.line, fields: split.fields, raw });
    index += consumed;
  }
  return records;
}

/** Lines examined to choose the separator. */
const SEPARATOR_SNIFF_LINES = 30;

/**
 * Chooses the field separator from the first non-blank lines: the candidate that gives the same
 * number of fields (at least two) on most lines, then the one with more fields. Returns null when
 * no candidate splits the lines.
 */
export function sniffSeparator(lines: readonly string[]): FieldSeparator | null {
  const sample = lines.filter((line) => line.trim() !== '').slice(0, SEPARATOR_SNIFF_LINES);
  let best: { separator: FieldSeparator; consistency: number; fields: number } | null = null;
  for (const separator of [';', ',', '\t'] as const) {
    const counts = sample.map((line) => splitCsvLine(line, separator).fields.length);
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeCount = 0;
    let modeFrequency = 0;
    for (const [count, times] of frequency) {
      if (times > modeFrequency || (times === modeFrequency && count > modeCount)) {
        modeCount = count;
        modeFrequency = times;
      }
    }
    if (modeCount < 2) continue;
    const consistency = modeFrequency / counts.length;
    if (
      !best ||
      consistency > best.consistency ||
      (consistency === best.consistency && modeCount > best.fields)
    ) {
      best = { separator, consistency, fields: modeCount };
    }
  }
  return best?.separator ?? null;
}
