/**
 * Tokenizer of the formula language. Numbers take a decimal point or comma (`1.5`, `1,5`), so
 * function arguments are separated by `;`. The typographic signs × ÷ − ≤ ≥ ≠ are read as * / - <=
 * >= <>.
 */

import type { BinaryOperator } from './ast.js';
import { atPosition, type FormulaError, quote } from './errors.js';

export type Token =
  | { kind: 'number'; value: number; text: string; start: number; end: number }
  | { kind: 'identifier'; text: string; start: number; end: number }
  | { kind: 'operator'; operator: BinaryOperator; text: string; start: number; end: number }
  | { kind: 'open' | 'close' | 'separator' | 'end'; text: string; start: number; end: number };

const OPERATORS: readonly [string, BinaryOperator][] = [
  ['<=', '<='],
  ['>=', '>='],
  ['<>', '<>'],
  ['!=', '<>'],
  ['≤', '<='],
  ['≥', '>='],
  ['≠', '<>'],
  ['<', '<'],
  ['>', '>'],
  ['=', '='],
  ['+', '+'],
  ['-', '-'],
  ['−', '-'],
  ['*', '*'],
  ['×', '*'],
  ['/', '/'],
  ['÷', '/'],
  ['^', '^'],
];

const IDENTIFIER_START = /[\p{L}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_]/u;
const DIGIT = /[0-9]/;

/** Split a formula into tokens, ending with an `end` token; returns the first lexical error instead. */
export function tokenize(text: string): { tokens: Token[] } | { error: FormulaError } {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? '';
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }

    if (DIGIT.test(character)) {
      const start = index;
      while (DIGIT.test(text[index] ?? '')) index += 1;
      if (text[index] === '.' || text[index] === ',') {
        if (!DIGIT.test(text[index + 1] ?? '')) {
          return {
            error: {
              code: 'invalid-number',
              message: `Nombre incomplet ${atPosition(text, index)} : mettez au moins un chiffre après le séparateur décimal, par exemple 1,5.`,
              start: index,
              end: index + 1,
            },
          };
        }
        index += 1;
        while (DIGIT.test(text[index] ?? '')) index += 1;
      }
      const raw = text.slice(start, index);
      tokens.push({ kind: 'number', value: Number(raw.replace(',', '.')), text: raw, start, end: index });
      continue;
    }

    if (IDENTIFIER_START.test(character)) {
      const start = index;
      index += 1;
      while (IDENTIFIER_PART.test(text[index] ?? '')) index += 1;
      tokens.push({ kind: 'identifier', text: text.slice(start, index), start, end: index });
      continue;
    }

    const single = { text: character, start: index, end: index + 1 };
    if (character === '(') {
      tokens.push({ kind: 'open', ...single });
      index += 1;
      continue;
    }
    if (character === ')') {
      tokens.push({ kind: 'close', ...single });
      index += 1;
      continue;
    }
    if (character === ';') {
      tokens.push({ kind: 'separator', ...single });
      index += 1;
      continue;
    }
    if (character === ',') {
      return {
        error: {
          code: 'unexpected-comma',
          message: `Virgule inattendue ${atPosition(text, index)} : la virgule sert de séparateur décimal (1,5) ; séparez les arguments d’une fonction par un point-virgule, par exemple max(a; b).`,
          start: index,
          end: index + 1,
        },
      };
    }

    const operator = OPERATORS.find(([symbol]) => text.startsWith(symbol, index));
    if (operator) {
      const [symbol, canonical] = operator;
      tokens.push({
        kind: 'operator',
        operator: canonical,
        text: symbol,
        start: index,
        end: index + symbol.length,
      });
      index += symbol.length;
      continue;
    }

    const codePoint = String.fromCodePoint(text.codePointAt(index) ?? 0);
    return {
      error: {
        code: 'unexpected-character',
        message: `Caractère ${quote(codePoint)} inattendu ${atPosition(text, index)} : une formule contient des nombres, des noms de séries, les opérateurs + - * / ^, des comparaisons, des parenthèses et les fonctions min, max, abs et si.`,
        start: index,
        end: index + codePoint.length,
      },
    };
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return { tokens };
}
