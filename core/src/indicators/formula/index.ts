export {
  type ArithmeticOperator,
  type BinaryNode,
  type BinaryOperator,
  type CallNode,
  type ComparisonOperator,
  type FormulaFunctionName,
  type FormulaNode,
  formatFormula,
  formulaIdentifiers,
  type IdentifierNode,
  type NumberNode,
  type UnaryNode,
} from './ast.js';
export type { FormulaError, FormulaErrorCode } from './errors.js';
export * from './evaluate.js';
export * from './functions.js';
export * from './parser.js';
export { type Token as FormulaToken, tokenize as tokenizeFormula } from './tokenizer.js';
