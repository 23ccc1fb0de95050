import type { FormulaVocabulary } from '../api/types';

// Autocompletion of the formula editor. Identifiers follow the formula language's rule: a letter
// or `_`, then letters, digits or `_`.

const IDENTIFIER_START = /[\p{L}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_]/u;

/** The identifier under the caret: `[start, end)` in UTF-16 offsets and the part typed before the caret. */
export interface WordAtCaret {
  start: number;
  end: number;
  prefix: string;
}

/**
 * Returns the identifier that the caret is in or just after, or null when the caret follows no
 * identifier character or the word is part of a number such as `1,5e`.
 */
export function wordAtCaret(text: string, caret: number): WordAtCaret | null {
  let start = caret;
  while (start > 0 && IDENTIFIER_PART.test(text[start - 1] ?? '')) start -= 1;
  if (start === caret) return null;
  if (!IDENTIFIER_START.test(text[start] ?? '')) return null;
  let end = caret;
  while (end < text.length && IDENTIFIER_PART.test(text[end] ?? '')) end += 1;
  return { start, end, prefix: text.slice(start, caret) };
}

export interface FormulaSuggestion {
  name: string;
  kind: 'series' | 'constant' | 'function';
  /** French label as the API returns it. */
  label: string;
  /** Unit of a series or constant; null for functions. */
  unit: string | null;
}

/** Lower case without accents, so `élec` finds `electricite` and `surface` finds « Surface chauffée ». */
function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Lists the identifiers and functions that match a typed prefix: names that start with it first,
 * then names and labels that contain it. Returns nothing when the prefix already is the only
 * matching name, since there is nothing left to complete.
 */
export function suggestionsFor(
  vocabulary: FormulaVocabulary,
  prefix: string,
  limit = 8,
): FormulaSuggestion[] {
  const wanted = searchable(prefix);
  if (wanted === '') return [];
  const all: FormulaSuggestion[] = [
    ...vocabulary.identifiers.map((identifier) => ({
      name: identifier.name,
      kind: identifier.kind,
      label: identifier.label,
      unit: identifier.unit,
    })),
    ...vocabulary.functions.map((fn) => ({
      name: fn.name,
      kind: 'function' as const,
      label: fn.label,
      unit: null,
    })),
  ];
  const startsWith = all.filter((item) => searchable(item.name).startsWith(wanted));
  const contains = all.filter(
    (item) =>
      !startsWith.includes(item) &&
      (searchable(item.name).includes(wanted) || searchable(item.label).includes(wanted)),
  );
  const matches = [...startsWith, ...contains].slice(0, limit);
  if (matches.length === 1 && searchable(matches[0]?.name ?? '') === wanted) return [];
  return matches;
}

/**
 * Replaces the word under the caret with a suggestion and returns the new text and caret. A
 * function gets its opening parenthesis, unless one already follows, and the caret goes inside.
 */
export function applySuggestion(
  text: string,
  word: WordAtCaret,
  suggestion: Pick<FormulaSuggestion, 'name' | 'kind'>,
): { text: string; caret: number } {
  const before = text.slice(0, word.start);
  const after = text.slice(word.end);
  if (suggestion.kind === 'function') {
    if (after.startsWith('(')) {
      return { text: `${before}${suggestion.name}${after}`, caret: word.start + suggestion.name.length + 1 };
    }
    return { text: `${before}${suggestion.name}(${after}`, caret: word.start + suggestion.name.length + 1 };
  }
  return { text: `${before}${suggestion.name}${after}`, caret: word.start + suggestion.name.length };
}

/**
 * Splits a formula around a problem's offsets for display: the text before, the marked text and the
 * text after. An empty mark (something missing) stays empty, and the editor draws a marker there.
 */
export function splitAtProblem(
  text: string,
  problem: { start: number; end: number },
): { before: string; marked: string; after: string } {
  const start = Math.min(Math.max(problem.start, 0), text.length);
  const end = Math.min(Math.max(problem.end, start), text.length);
  return { before: text.slice(0, start), marked: text.slice(start, end), after: text.slice(end) };
}
