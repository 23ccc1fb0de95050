import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, FormulaNode } from './ast.js';
import { formatFormula } from './ast.js';
import { evaluateFormula } from './evaluate.js';
import { parseFormula, validateFormula } from './parser.js';

const IDENTIFIERS = ['chaleur', 'dju', 'surface_chauffee', 'électricité'];

/** Fragments that reach every branch of the tokenizer and the parser when strung together. */
// biome-ignore format: a compact table of fragments
const FRAGMENTS = [
  '1', '25', '2,5', '0.75', '.', ',', ';', '(', ')', '+', '-', '−', '*', '×', '/', '÷', '^', '<', '<=', '>', '>=',
  '=', '<>', '≠', 'max', 'min', 'abs', 'si', 'MAX', 'moyenne', 'chaleur', 'dju', ' ', '#', '🔥', '\n',
];

const formulaSoup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

function checkOutcome(text: string): void {
  const result = parseFormula(text);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(typeof error.code).toBe('string');
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.start).toBeGreaterThanOrEqual(0);
    expect(error.end).toBeGreaterThanOrEqual(error.start);
    expect(error.end).toBeLessThanOrEqual(text.length);
    if (error.code !== 'empty' && error.code !== 'too-long') expect(error.message).toMatch(/position \d+/);
  }
}

describe('parseFormula on arbitrary text', () => {
  it('never throws on any Unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkOutcome(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings of formula fragments', () => {
    fc.assert(
      fc.property(formulaSoup, (text) => {
        checkOutcome(text);
        const validated = validateFormula(text, IDENTIFIERS);
        expect(typeof validated.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

const ARITHMETIC: BinaryOperator[] = ['+', '-', '*', '/', '^'];
const COMPARISON: BinaryOperator[] = ['<', '<=', '>', '>=', '=', '<>'];
const span = { start: 0, end: 0 };

const { node: formulaNode } = fc.letrec<{ node: FormulaNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1e6, noNaN: true }))
      .map((value): FormulaNode => ({ type: 'number', value: Math.round(value * 1000) / 1000, ...span })),
    fc.constantFrom(...IDENTIFIERS).map((name): FormulaNode => ({ type: 'identifier', name, ...span })),
    fc
      .tuple(fc.constantFrom<'-' | '+'>('-', '+'), tie('node'))
      .map(([operator, operand]): FormulaNode => ({ type: 'unary', operator, operand, ...span })),
    fc
      .tuple(fc.constantFrom(...ARITHMETIC, ...COMPARISON), tie('node'), tie('node'))
      .map(([operator, left, right]): FormulaNode => ({ type: 'binary', operator, left, right, ...span })),
    fc.tuple(tie('node'), tie('node'), tie('node')).map(
      ([condition, whenTrue, whenFalse]): FormulaNode => ({
        type: 'call',
        name: 'si',
        args: [condition, whenTrue, whenFalse],
        ...span,
      }),
    ),
    fc
      .tuple(
        fc.constantFrom<'min' | 'max'>('min', 'max'),
        fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
      )
      .map(([name, args]): FormulaNode => ({ type: 'call', name, args, ...span })),
    tie('node').map((arg): FormulaNode => ({ type: 'call', name: 'abs', args: [arg], ...span })),
  ),
}));

/** Copy of a tree without positions, for structural comparison. */
function withoutPositions(node: FormulaNode): unknown {
  switch (node.type) {
    case 'number':
      return { number: node.value };
    case 'identifier':
      return { identifier: node.name };
    case 'unary':
      return { unary: node.operator, operand: withoutPositions(node.operand) };
    case 'binary':
      return {
        binary: node.operator,
        left: withoutPositions(node.left),
        right: withoutPositions(node.right),
      };
    case 'call':
      return { call: node.name, args: node.args.map(withoutPositions) };
  }
}

const series = fc.array(fc.oneof(fc.constant(null), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
  minLength: 4,
  maxLength: 4,
});

describe('formatFormula and evaluateFormula on generated trees', () => {
  it('prints text that parses back to the same tree', () => {
    fc.assert(
      fc.property(formulaNode, (node) => {
        const text = formatFormula(node);
        fc.pre(text.length <= 2000);
        const result = parseFormula(text);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(withoutPositions(result.ast)).toEqual(withoutPositions(node));
        expect(formatFormula(result.ast)).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('returns a finite number or null with a reason at every position', () => {
    fc.assert(
      fc.property(formulaNode, series, series, (node, chaleur, dju) => {
        const result = evaluateFormula(
          node,
          {
            chaleur,
            dju,
            surface_chauffee: 1250,
            électricité: chaleur.map((value) => (value === null ? null : value / 2)),
          },
          { length: 4 },
        );
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.values).toHaveLength(4);
        result.values.forEach((value, index) => {
          if (value === null) expect(result.reasons[index]?.message.length).toBeGreaterThan(0);
          else expect(Number.isFinite(value)).toBe(true);
        });
      }),
      { numRuns: 1500 },
    );
  });
});
