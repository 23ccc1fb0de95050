/**
 * Evaluation of a parsed formula over aligned series: position i of every series is the same
 * period. A constant (such as a surface) applies to every position. A missing input, a division by
 * zero or a result that is not a finite number gives a missing value, and each missing value comes
 * with its reason.
 */

import type { FormulaNode } from './ast.js';
import { atPosition, type FormulaError, quote } from './errors.js';

/** A constant, or a series with null for missing values. */
export type FormulaInput = number | readonly (number | null)[];

/** Reason for a missing value of the result. */
export interface MissingReason {
  code: 'missing-input' | 'division-by-zero' | 'not-finite';
  /** French sentence for users. */
  message: string;
}

export type FormulaEvaluation =
  | { ok: true; values: (number | null)[]; reasons: (MissingReason | null)[] }
  | { ok: false; errors: FormulaError[] };

type PointResult = { value: number } | { reason: MissingReason };

/**
 * Relative tolerance under which two numbers compare as equal, so that 0,1 + 0,2 = 0,3 is true and
 * 0,1 + 0,2 > 0,3 is false despite binary rounding.
 */
const EQUALITY_TOLERANCE = 1e-9;

function isEqual(left: number, right: number): boolean {
  return Math.abs(left - right) <= EQUALITY_TOLERANCE * Math.max(1, Math.abs(left), Math.abs(right));
}

function missingInput(name: string): MissingReason {
  return { code: 'missing-input', message: `Valeur manquante pour ${quote(name)}.` };
}

const DIVISION_BY_ZERO: MissingReason = { code: 'division-by-zero', message: 'Division par zéro.' };
const NOT_FINITE: MissingReason = {
  code: 'not-finite',
  message:
    'Résultat non défini ou trop grand (par exemple puissance d’un nombre négatif par un exposant décimal).',
};

function finite(value: number): PointResult {
  return Number.isFinite(value) ? { value } : { reason: NOT_FINITE };
}

function evaluateAt(
  node: FormulaNode,
  inputs: Readonly<Record<string, FormulaInput>>,
  index: number,
): PointResult {
  switch (node.type) {
    case 'number':
      return { value: node.value };
    case 'identifier': {
      const input = inputs[node.name];
      const value = typeof input === 'number' ? input : input?.[index];
      return value === null || value === undefined || !Number.isFinite(value)
        ? { reason: missingInput(node.name) }
        : { value };
    }
    case 'unary': {
      const operand = evaluateAt(node.operand, inputs, index);
      if (!('value' in operand)) return operand;
      return { value: node.operator === '-' ? -operand.value : operand.value };
    }
    case 'binary': {
      const left = evaluateAt(node.left, inputs, index);
      if (!('value' in left)) return left;
      const right = evaluateAt(node.right, inputs, index);
      if (!('value' in right)) return right;
      const a = left.value;
      const b = right.value;
      switch (node.operator) {
        case '+':
          return finite(a + b);
        case '-':
          return finite(a - b);
        case '*':
          return finite(a * b);
        case '/':
          return b === 0 ? { reason: DIVISION_BY_ZERO } : finite(a / b);
        case '^':
          return a === 0 && b < 0 ? { reason: DIVISION_BY_ZERO } : finite(a ** b);
        case '<':
          return { value: a < b && !isEqual(a, b) ? 1 : 0 };
        case '<=':
          return { value: a <= b || isEqual(a, b) ? 1 : 0 };
        case '>':
          return { value: a > b && !isEqual(a, b) ? 1 : 0 };
        case '>=':
          return { value: a >= b || isEqual(a, b) ? 1 : 0 };
        case '=':
          return { value: isEqual(a, b) ? 1 : 0 };
        case '<>':
          return { value: isEqual(a, b) ? 0 : 1 };
      }
      return { reason: NOT_FINITE };
    }
    case 'call': {
      if (node.name === 'si') {
        const [condition, whenTrue, whenFalse] = node.args;
        if (!condition || !whenTrue || !whenFalse) return { reason: NOT_FINITE };
        const test = evaluateAt(condition, inputs, index);
        if (!('value' in test)) return test;
        // Only the chosen branch is evaluated, so si(dju > 0; chaleur / dju; 0) never divides by zero.
        return evaluateAt(test.value !== 0 ? whenTrue : whenFalse, inputs, index);
      }
      const values: number[] = [];
      for (const arg of node.args) {
        const result = evaluateAt(arg, inputs, index);
        if (!('value' in result)) return result;
        values.push(result.value);
      }
      if (node.name === 'abs') return { value: Math.abs(values[0] ?? 0) };
      return { value: node.name === 'min' ? Math.min(...values) : Math.max(...values) };
    }
  }
}

/** Map each identifier of the tree to its first node, for error positions. */
function identifierNodes(
  node: FormulaNode,
  found = new Map<string, FormulaNode>(),
): Map<string, FormulaNode> {
  if (node.type === 'identifier' && !found.has(node.name)) found.set(node.name, node);
  if (node.type === 'unary') identifierNodes(node.operand, found);
  if (node.type === 'binary') {
    identifierNodes(node.left, found);
    identifierNodes(node.right, found);
  }
  if (node.type === 'call') for (const arg of node.args) identifierNodes(arg, found);
  return found;
}

/** Options of `evaluateFormula`. */
export interface EvaluationOptions {
  /** Formula source, for positions in error messages. */
  text?: string;
  /**
   * Number of periods of the result. Without it, the length of the series, or 1 when the formula
   * uses constants only.
   */
  length?: number;
}

/**
 * Evaluate a parsed formula at every position of its series. Fails (without throwing) when an
 * identifier has no input or when a series differs in length from the others or from `length`.
 */
export function evaluateFormula(
  ast: FormulaNode,
  inputs: Readonly<Record<string, FormulaInput>>,
  options: EvaluationOptions = {},
): FormulaEvaluation {
  const text = options.text ?? '';
  if (options.length !== undefined && !(Number.isInteger(options.length) && options.length >= 0)) {
    throw new RangeError(`Evaluation length must be an integer ≥ 0; got ${options.length}`);
  }
  const errors: FormulaError[] = [];
  let length: { name: string | null; count: number } | null =
    options.length === undefined ? null : { name: null, count: options.length };
  for (const [name, node] of identifierNodes(ast)) {
    const input = Object.hasOwn(inputs, name) ? inputs[name] : undefined;
    if (input === undefined) {
      errors.push({
        code: 'missing-input',
        message: `Aucune donnée fournie pour ${quote(name)} ${atPosition(text, node.start)} : associez ce nom à une série ou à une constante.`,
        start: node.start,
        end: node.end,
      });
      continue;
    }
    if (typeof input === 'number') continue;
    if (length === null) {
      length = { name, count: input.length };
    } else if (input.length !== length.count) {
      errors.push({
        code: 'series-length-mismatch',
        message:
          length.name === null
            ? `La série ${quote(name)} compte ${input.length} valeurs au lieu de ${length.count} : alignez-la sur les périodes demandées.`
            : `Les séries ${quote(length.name)} (${length.count} valeurs) et ${quote(name)} (${input.length} valeurs) n’ont pas la même longueur : alignez-les sur les mêmes périodes.`,
        start: node.start,
        end: node.end,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const count = length?.count ?? 1;
  const values: (number | null)[] = [];
  const reasons: (MissingReason | null)[] = [];
  for (let index = 0; index < count; index += 1) {
    const result = evaluateAt(ast, inputs, index);
    if ('value' in result) {
      // Normalise −0 so that results compare and print as 0.
      values.push(result.value === 0 ? 0 : result.value);
      reasons.push(null);
    } else {
      values.push(null);
      reasons.push(result.reason);
    }
  }
  return { ok: true, values, reasons };
}
