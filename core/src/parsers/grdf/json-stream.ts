/**
 * Tolerant reader of JSON record streams: NDJSON (one object per line), pretty-printed objects
 * written one after another (`}{`, as the ADICT staging API returns them) and plain JSON arrays.
 * Each top-level object is parsed on its own, so a malformed one costs only itself and is reported
 * with the lines it spans.
 */

/** One top-level value of the stream, parsed. */
export interface JsonStreamValue {
  /** 1-based line where the value starts. */
  line: number;
  /** `/[3]` (1-based) for the elements of a top-level array, null for a stream of objects. */
  element: string | null;
  value: unknown;
  /** The value's text as found in the file. */
  text: string;
}

/** A stretch of the file that is not a readable JSON value. */
export interface JsonStreamFailure {
  line: number;
  endLine: number;
  element: string | null;
  kind: 'invalid' | 'truncated' | 'not-json';
  text: string;
}

export interface JsonStreamContent {
  values: JsonStreamValue[];
  failures: JsonStreamFailure[];
  /** Line of a top-level array whose closing bracket is missing, else null. */
  unclosedArrayLine: number | null;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BYTE_ORDER_MARK = 0xfeff;

/**
 * Finds the end of the value that starts at `start` (an opening brace or bracket): the index just
 * past its closing character, or -1 when `limit` comes first. A string that runs into a line break
 * is closed there, because JSON strings cannot hold a raw line break, so one broken string does not
 * turn the rest of the value inside out.
 */
function endOfValue(text: string, start: number, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < limit; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE || code === LF) inString = false;
      continue;
    }
    if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

function isWhiteSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === CR || code === LF;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index += 1) if (text.charCodeAt(index) === LF) count += 1;
  return count;
}

/**
 * Finds where the next object starts at the beginning of a line: a `{` at column 0, or right
 * after a `}` at column 0 (`}{`). After a malformed value the reader starts again there, because
 * NDJSON lines and the objects of a pretty-printed stream start at column 0 while nested objects
 * are indented. Search results are cached, so many malformed values still cost one pass.
 */
class RestartFinder {
  private readonly found = new Map<string, number>();

  constructor(private readonly text: string) {}

  private next(pattern: string, from: number): number {
    const cached = this.found.get(pattern);
    // -1 cached from an earlier position means there is no later occurrence either.
    if (cached !== undefined && (cached === -1 || cached >= from)) return cached;
    const index = this.text.indexOf(pattern, from);
    this.found.set(pattern, index);
    return index;
  }

  /** Start of the first object that starts a line after `from`, or -1. */
  find(from: number): number {
    const atColumnZero = this.next('\n{', from);
    const afterClosing = this.next('\n}{', from);
    const candidates: number[] = [];
    if (atColumnZero !== -1) candidates.push(atColumnZero + 1);
    if (afterClosing !== -1) candidates.push(afterClosing + 2);
    return candidates.length === 0 ? -1 : Math.min(...candidates);
  }
}

/** Splits a text into its top-level JSON values, parsing each apart. */
export function readJsonStream(text: string): JsonStreamContent {
  const values: JsonStreamValue[] = [];
  const failures: JsonStreamFailure[] = [];
  let index = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  let line = 1;
  let arrayLine: number | null = null;
  let arrayPosition = 0;
  const restarts = new RestartFinder(text);

  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === LF) {
      line += 1;
      index += 1;
      continue;
    }
    if (code === SPACE || code === TAB || code === CR) {
      index += 1;
      continue;
    }
    if (arrayLine !== null && code === COMMA) {
      index += 1;
      continue;
    }
    if (arrayLine !== null && code === CLOSE_BRACKET) {
      arrayLine = null;
      index += 1;
      continue;
    }
    if (arrayLine === null && code === OPEN_BRACKET) {
      arrayLine = line;
      arrayPosition = 0;
      index += 1;
      continue;
    }
    if (code !== OPEN_BRACE && code !== OPEN_BRACKET) {
      // Text outside any value: reported up to the end of its line.
      let end = text.indexOf('\n', index);
      if (end === -1) end = text.length;
      failures.push({ line, endLine: line, element: null, kind: 'not-json', text: text.slice(index, end) });
      index = end;
      continue;
    }

    const element = arrayLine === null ? null : `/[${++arrayPosition}]`;
    // A value must close before the next object that starts a line; one that does not is
    // truncated, and reading starts again at that object. This keeps the reader linear.
    const restart = restarts.find(index + 1);
    const limit = restart === -1 ? text.length : restart;
    const end = endOfValue(text, index, limit);
    const stop = end === -1 ? limit : end;
    const valueText = text.slice(index, stop);
    if (end !== -1) {
      try {
        values.push({ line, element, value: JSON.parse(valueText), text: valueText });
        line += countLineBreaks(text, index, stop);
        index = stop;
        continue;
      } catch {
        // Reported below, as a value that does not parse.
      }
    }
    let failedEnd = stop;
    while (failedEnd > index && isWhiteSpace(text.charCodeAt(failedEnd - 1))) failedEnd -= 1;
    failures.push({
      line,
      endLine: line + countLineBreaks(text, index, failedEnd),
      element,
      kind: end === -1 ? 'truncated' : 'invalid',
      text: text.slice(index, failedEnd),
    });
    line += countLineBreaks(text, index, stop);
    index = stop;
  }
  return { values, failures, unclosedArrayLine: arrayLine };
}
