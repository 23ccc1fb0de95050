/**
 * Syntax tree of a user-defined indicator formula. `start` and `end` are UTF-16 offsets in the
 * formula text (end excluded), so an editor can underline the node.
 */

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '^';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '=' | '<>';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator;

/** Built-in functions; names are matched without regard to case. */
export type FormulaFunctionName = 'min' | 'max' | 'abs' | 'si';

interface NodeSpan {
  start: number;
  end: number;
}

export interface NumberNode extends NodeSpan {
  type: 'number';
  value: number;
}

/** A series or a constant supplied at evaluation time, such as `chaleur` or `surface_chauffee`. */
export interface IdentifierNode extends NodeSpan {
  type: 'identifier';
  name: string;
}

export interface UnaryNode extends NodeSpan {
  type: 'unary';
  operator: '-' | '+';
  operand: FormulaNode;
}

export interface BinaryNode extends NodeSpan {
  type: 'binary';
  operator: BinaryOperator;
  left: FormulaNode;
  right: FormulaNode;
}

export interface CallNode extends NodeSpan {
  type: 'call';
  name: FormulaFunctionName;
  args: FormulaNode[];
}

export type FormulaNode = NumberNode | IdentifierNode | UnaryNode | BinaryNode | CallNode;

/** List the identifiers of a tree in order of first appearance, without duplicates. */
export function formulaIdentifiers(node: FormulaNode): string[] {
  const names: string[] = [];
  const visit = (current: FormulaNode) => {
    switch (current.type) {
      case 'identifier':
        if (!names.includes(current.name)) names.push(current.name);
        return;
      case 'unary':
        visit(current.operand);
        return;
      case 'binary':
        visit(current.left);
        visit(current.right);
        return;
      case 'call':
        for (const arg of current.args) visit(arg);
        return;
      case 'number':
        return;
    }
  };
  visit(node);
  return names;
}

const PRECEDENCE: Record<BinaryOperator, number> = {
  '<': 1,
  '<=': 1,
  '>': 1,
  '>=': 1,
  '=': 1,
  '<>': 1,
  '+': 2,
  '-': 2,
  '*': 3,
  '/': 3,
  '^': 5,
};
const UNARY_PRECEDENCE = 4;

/** Print a number with a decimal comma and never in exponent form, so that it parses back. */
function formatNumber(value: number): string {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text.replace('.', ',');
  const digits = `${match[1] ?? ''}${match[2] ?? ''}`;
  const pointIndex = (match[1] ?? '').length + Number(match[3]);
  if (pointIndex <= 0) return `0,${'0'.repeat(-pointIndex)}${digits}`;
  if (pointIndex >= digits.length) return digits + '0'.repeat(pointIndex - digits.length);
  return `${digits.slice(0, pointIndex)},${digits.slice(pointIndex)}`;
}

/**
 * Print the canonical text of a tree, with French decimal commas and only the parentheses the precedence
 * needs. Parsing the output gives back the same tree (positions aside).
 */
export function formatFormula(node: FormulaNode): string {
  return formatWithin(node, 0);
}

function formatWithin(node: FormulaNode, parentPrecedence: number): string {
  switch (node.type) {
    case 'number':
      return formatNumber(node.value);
    case 'identifier':
      return node.name;
    case 'call':
      return `${node.name}(${node.args.map((arg) => formatWithin(arg, 0)).join('; ')})`;
    case 'unary': {
      const text = `${node.operator}${formatWithin(node.operand, UNARY_PRECEDENCE)}`;
      return UNARY_PRECEDENCE < parentPrecedence ? `(${text})` : text;
    }
    case 'binary': {
      const precedence = PRECEDENCE[node.operator];
      // '^' groups to the right, the others to the left; comparisons do not chain.
      const rightAssociative = node.operator === '^';
      const comparison = precedence === 1;
      const leftText = formatWithin(node.left, rightAssociative || comparison ? precedence + 1 : precedence);
      const rightText = formatWithin(node.right, rightAssociative ? UNARY_PRECEDENCE : precedence + 1);
      const text =
        node.operator === '^' ? `${leftText}^${rightText}` : `${leftText} ${node.operator} ${rightText}`;
      return precedence < parentPrecedence ? `(${text})` : text;
    }
  }
}
