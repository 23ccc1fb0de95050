import { describe, expect, it } from 'vitest';
import type { FormulaVocabulary } from '../api/types';
import { applySuggestion, splitAtProblem, suggestionsFor, wordAtCaret } from './formula-completion';

/** A part of the vocabulary that `GET /api/indicators/identifiers` returns. */
const VOCABULARY: FormulaVocabulary = {
  identifiers: [
    { name: 'electricite', kind: 'series', label: 'Électricité', unit: 'kWh' },
    { name: 'gaz', kind: 'series', label: 'Gaz naturel, en PCS comme facturé', unit: 'kWh PCS' },
    { name: 'gaz_pci', kind: 'series', label: 'Gaz naturel en PCI (PCS × 0,9)', unit: 'kWh PCI' },
    { name: 'surface', kind: 'constant', label: 'Surface de plancher', unit: 'm²' },
    { name: 'surface_chauffee', kind: 'constant', label: 'Surface chauffée', unit: 'm²' },
  ],
  functions: [
    { name: 'max', label: 'Plus grande valeur : max(a; b; …)' },
    { name: 'si', label: 'Condition : si(condition; valeur si vrai; valeur si faux)' },
  ],
  operators: ['+', '-', '*', '/'],
};

describe('wordAtCaret', () => {
  it('finds the prefix typed at the end', () => {
    expect(wordAtCaret('elec', 4)).toEqual({ start: 0, end: 4, prefix: 'elec' });
  });

  it('covers the whole word around the caret', () => {
    // « electricite / surf|ace »: the word starts at offset 14 and ends at 21.
    expect(wordAtCaret('electricite / surface', 18)).toEqual({ start: 14, end: 21, prefix: 'surf' });
  });

  it('ignores a caret after an operator or a space', () => {
    expect(wordAtCaret('electricite / ', 14)).toBeNull();
    expect(wordAtCaret('electricite /', 13)).toBeNull();
  });

  it('ignores the digits of a number', () => {
    expect(wordAtCaret('1,5', 3)).toBeNull();
    expect(wordAtCaret('x * 12', 6)).toBeNull();
  });

  it('accepts accented letters', () => {
    expect(wordAtCaret('é', 1)).toEqual({ start: 0, end: 1, prefix: 'é' });
  });
});

describe('suggestionsFor', () => {
  it('lists names starting with the prefix first', () => {
    expect(suggestionsFor(VOCABULARY, 'elec').map((item) => item.name)).toEqual(['electricite']);
    expect(suggestionsFor(VOCABULARY, 'ga').map((item) => item.name)).toEqual(['gaz', 'gaz_pci']);
  });

  it('matches labels without accents', () => {
    // « chauf » is in the name surface_chauffee; « naturel » only in the two gas labels.
    expect(suggestionsFor(VOCABULARY, 'chauf').map((item) => item.name)).toEqual(['surface_chauffee']);
    expect(suggestionsFor(VOCABULARY, 'naturel').map((item) => item.name)).toEqual(['gaz', 'gaz_pci']);
    expect(suggestionsFor(VOCABULARY, 'élec').map((item) => item.name)).toEqual(['electricite']);
  });

  it('offers functions with their kind', () => {
    expect(suggestionsFor(VOCABULARY, 'ma')).toEqual([
      { name: 'max', kind: 'function', label: 'Plus grande valeur : max(a; b; …)', unit: null },
    ]);
  });

  it('stays quiet on a complete name', () => {
    expect(suggestionsFor(VOCABULARY, 'electricite')).toEqual([]);
    // gaz is complete but gaz_pci still extends it.
    expect(suggestionsFor(VOCABULARY, 'gaz').map((item) => item.name)).toEqual(['gaz', 'gaz_pci']);
  });

  it('respects the limit', () => {
    expect(suggestionsFor(VOCABULARY, 'a', 3)).toHaveLength(3);
  });
});

describe('applySuggestion', () => {
  it('replaces the word and moves the caret after it', () => {
    const word = { start: 0, end: 4, prefix: 'elec' };
    expect(applySuggestion('elec / surface', word, { name: 'electricite', kind: 'series' })).toEqual({
      text: 'electricite / surface',
      caret: 11,
    });
  });

  it('opens the parenthesis of a function', () => {
    const word = { start: 0, end: 2, prefix: 'ma' };
    expect(applySuggestion('ma', word, { name: 'max', kind: 'function' })).toEqual({
      text: 'max(',
      caret: 4,
    });
    expect(applySuggestion('ma(gaz; 1)', word, { name: 'max', kind: 'function' })).toEqual({
      text: 'max(gaz; 1)',
      caret: 4,
    });
  });
});

describe('splitAtProblem', () => {
  it('marks the offending characters', () => {
    // « elec » is unknown at offsets 0 to 4.
    expect(splitAtProblem('elec / surface', { start: 0, end: 4 })).toEqual({
      before: '',
      marked: 'elec',
      after: ' / surface',
    });
  });

  it('leaves an empty mark where something is missing', () => {
    // « electricite / ( » misses an operand at its end, offset 15.
    expect(splitAtProblem('electricite / (', { start: 15, end: 15 })).toEqual({
      before: 'electricite / (',
      marked: '',
      after: '',
    });
  });

  it('clamps offsets beyond the text', () => {
    expect(splitAtProblem('ab', { start: 5, end: 9 })).toEqual({ before: 'ab', marked: '', after: '' });
  });
});
