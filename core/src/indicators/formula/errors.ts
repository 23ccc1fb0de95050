/**
 * Errors of the formula language. Each carries a stable code, a French message for users that
 * gives the 1-based character position, and the UTF-16 offsets to underline in an editor.
 */

export type FormulaErrorCode =
  | 'empty'
  | 'too-long'
  | 'too-deep'
  | 'unexpected-character'
  | 'unexpected-comma'
  | 'invalid-number'
  | 'missing-operand'
  | 'missing-operator'
  | 'missing-closing-parenthesis'
  | 'unexpected-closing-parenthesis'
  | 'unexpected-separator'
  | 'chained-comparison'
  | 'unknown-function'
  | 'function-without-arguments'
  | 'wrong-argument-count'
  | 'missing-argument'
  | 'unknown-identifier'
  | 'missing-input'
  | 'series-length-mismatch';

export interface FormulaError {
  code: FormulaErrorCode;
  /** French sentence for users, with the position counted in characters from 1. */
  message: string;
  /** UTF-16 offset where the problem starts (the formula length when it is at the end). */
  start: number;
  /** UTF-16 offset after the problem; equal to `start` for something missing. */
  end: number;
}

/** Convert a UTF-16 offset to the 1-based position in characters (code points) that users count. */
export function characterPosition(text: string, offset: number): number {
  return Array.from(text.slice(0, offset)).length + 1;
}

/** Wrap text in French quotes « … » for messages. */
export function quote(text: string): string {
  return `« ${text} »`;
}

/** Describe where an offset sits: "à la position 7", or "à la position 15 (fin de la formule)". */
export function atPosition(text: string, offset: number): string {
  const position = characterPosition(text, offset);
  return offset >= text.length
    ? `à la position ${position} (fin de la formule)`
    : `à la position ${position}`;
}

/** Compute the Levenshtein distance (insertions, deletions, substitutions) for suggestions. */
export function editDistance(left: string, right: string): number {
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= right.length; j += 1) {
      const above = previous[j] ?? 0;
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[right.length] ?? 0;
}

/** Find the closest known name within two edits (or equal but for case), or null. */
export function closestName(name: string, known: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance =
      candidate.toLowerCase() === name.toLowerCase()
        ? 0
        : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === null || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}
