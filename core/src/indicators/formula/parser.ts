/**
 * Recursive-descent parser of the formula language. Grammar, lowest precedence first:
 *
 *   formula    = comparison end
 *   comparison = additive [ ("<" | "<=" | ">" | ">=" | "=" | "<>") additive ]   (no chaining)
 *   additive   = term { ("+" | "-") term }
 *   term       = unary { ("*" | "/") unary }
 *   unary      = ("-" | "+") unary | power
 *   power      = primary [ "^" unary ]                                           (right-associative)
 *   primary    = number | identifier | "(" comparison ")"
 *              | function "(" [ comparison { ";" comparison } ] ")"
 *
 * So -2^2 = -(2^2) = -4, as in mathematics (spreadsheets give 4), and 2^-1 = 0.5. The parser
 * never throws on user text: every problem comes back as a `FormulaError`.
 */

import type { BinaryOperator, ComparisonOperator, FormulaNode } from './ast.js';
import { formulaIdentifiers } from './ast.js';
import { atPosition, characterPosition, closestName, type FormulaError, quote } from './errors.js';
import { FORMULA_FUNCTIONS, findFormulaFunction } from './functions.js';
import { type Token, tokenize } from './tokenizer.js';

/** Maximum formula length, in UTF-16 units. */
export const MAX_FORMULA_LENGTH = 2000;

/** Deepest nesting of parentheses, calls and signs, which bounds the parser's recursion. */
export const MAX_FORMULA_DEPTH = 100;

export type ParsedFormula =
  | { ok: true; ast: FormulaNode; identifiers: string[] }
  | { ok: false; errors: FormulaError[] };

const COMPARISONS: ReadonlySet<BinaryOperator> = new Set<ComparisonOperator>([
  '<',
  '<=',
  '>',
  '>=',
  '=',
  '<>',
]);

class FormulaSyntaxError extends Error {
  constructor(readonly detail: FormulaError) {
    super(detail.message);
  }
}

function functionList(): string {
  return Object.keys(FORMULA_FUNCTIONS).sort().join(', ');
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseFormula(): FormulaNode {
    const node = this.parseComparison();
    const next = this.peek();
    if (next.kind === 'close') {
      this.fail(
        'unexpected-closing-parenthesis',
        `Parenthèse fermante en trop ${atPosition(this.text, next.start)} : retirez-la ou ajoutez la parenthèse ouvrante qui lui correspond.`,
        next,
      );
    }
    if (next.kind === 'separator') {
      this.fail(
        'unexpected-separator',
        `Point-virgule inattendu ${atPosition(this.text, next.start)} : le point-virgule sépare les arguments d’une fonction, par exemple max(a; b).`,
        next,
      );
    }
    if (next.kind !== 'end') this.failMissingOperator(next);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private fail(code: FormulaError['code'], message: string, at: { start: number; end: number }): never {
    throw new FormulaSyntaxError({ code, message, start: at.start, end: at.end });
  }

  private failMissingOperator(token: Token): never {
    this.fail(
      'missing-operator',
      `Opérateur manquant avant ${quote(token.text)} ${atPosition(this.text, token.start)} : reliez les deux valeurs par + - * / ^ ou une comparaison.`,
      token,
    );
  }

  private enter(at: Token): void {
    this.depth += 1;
    if (this.depth > MAX_FORMULA_DEPTH) {
      this.fail(
        'too-deep',
        `Formule trop imbriquée ${atPosition(this.text, at.start)} : au plus ${MAX_FORMULA_DEPTH} niveaux de parenthèses, de fonctions ou de signes.`,
        at,
      );
    }
  }

  private leave(): void {
    this.depth -= 1;
  }

  private parseComparison(): FormulaNode {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.kind !== 'operator' || !COMPARISONS.has(token.operator)) return left;
    this.advance();
    const right = this.parseAdditive();
    const next = this.peek();
    if (next.kind === 'operator' && COMPARISONS.has(next.operator)) {
      this.fail(
        'chained-comparison',
        `Deuxième comparaison ${quote(next.text)} ${atPosition(this.text, next.start)} : une comparaison ne porte que sur deux valeurs ; imbriquez des si() pour en combiner plusieurs.`,
        next,
      );
    }
    return { type: 'binary', operator: token.operator, left, right, start: left.start, end: right.end };
  }

  private parseAdditive(): FormulaNode {
    let node = this.parseTerm();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || (token.operator !== '+' && token.operator !== '-')) return node;
      this.advance();
      const right = this.parseTerm();
      node = {
        type: 'binary',
        operator: token.operator,
        left: node,
        right,
        start: node.start,
        end: right.end,
      };
    }
  }

  private parseTerm(): FormulaNode {
    let node = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || (token.operator !== '*' && token.operator !== '/')) return node;
      this.advance();
      const right = this.parseUnary();
      node = {
        type: 'binary',
        operator: token.operator,
        left: node,
        right,
        start: node.start,
        end: right.end,
      };
    }
  }

  private parseUnary(): FormulaNode {
    const token = this.peek();
    if (token.kind === 'operator' && (token.operator === '-' || token.operator === '+')) {
      this.advance();
      this.enter(token);
      const operand = this.parseUnary();
      this.leave();
      return { type: 'unary', operator: token.operator, operand, start: token.start, end: operand.end };
    }
    return this.parsePower();
  }

  private parsePower(): FormulaNode {
    const base = this.parsePrimary();
    const token = this.peek();
    if (token.kind !== 'operator' || token.operator !== '^') return base;
    this.advance();
    this.enter(token);
    const exponent = this.parseUnary();
    this.leave();
    return {
      type: 'binary',
      operator: '^',
      left: base,
      right: exponent,
      start: base.start,
      end: exponent.end,
    };
  }

  private parsePrimary(): FormulaNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.advance();
        return { type: 'number', value: token.value, start: token.start, end: token.end };
      case 'identifier':
        this.advance();
        return this.peek().kind === 'open' ? this.parseCall(token) : this.identifier(token);
      case 'open': {
        this.advance();
        this.enter(token);
        const inner = this.parseComparison();
        this.leave();
        this.expectClose(token);
        return inner;
      }
      default:
        return this.failMissingOperand(token);
    }
  }

  private identifier(token: Token): FormulaNode {
    const known = findFormulaFunction(token.text);
    if (known) {
      this.fail(
        'function-without-arguments',
        `${quote(token.text)} ${atPosition(this.text, token.start)} est une fonction : donnez ses arguments entre parenthèses, par exemple ${known.signature}.`,
        token,
      );
    }
    return { type: 'identifier', name: token.text, start: token.start, end: token.end };
  }

  private parseCall(nameToken: Token): FormulaNode {
    const definition = findFormulaFunction(nameToken.text);
    if (!definition) {
      const suggestion = closestName(nameToken.text, Object.keys(FORMULA_FUNCTIONS));
      this.fail(
        'unknown-function',
        `Fonction ${quote(nameToken.text)} inconnue ${atPosition(this.text, nameToken.start)}.${suggestion ? ` Vouliez-vous dire ${quote(suggestion)} ?` : ''} Fonctions disponibles : ${functionList()}.`,
        nameToken,
      );
    }
    const open = this.advance();
    this.enter(open);
    const args: FormulaNode[] = [];
    if (this.peek().kind !== 'close') {
      for (;;) {
        const next = this.peek();
        if (next.kind === 'separator' || next.kind === 'close') {
          this.fail(
            'missing-argument',
            `Argument manquant dans ${quote(definition.name)} ${atPosition(this.text, next.start)} : écrivez une valeur entre les points-virgules, par exemple ${definition.signature}.`,
            { start: next.start, end: next.start },
          );
        }
        args.push(this.parseComparison());
        if (this.peek().kind !== 'separator') break;
        this.advance();
      }
    }
    this.leave();
    const close = this.expectClose(open);
    const count = args.length;
    if (count < definition.minArguments || count > definition.maxArguments) {
      const expected =
        definition.minArguments === definition.maxArguments
          ? `${definition.minArguments} argument${definition.minArguments > 1 ? 's' : ''}`
          : `au moins ${definition.minArguments} argument${definition.minArguments > 1 ? 's' : ''}`;
      this.fail(
        'wrong-argument-count',
        `La fonction ${quote(definition.name)} ${atPosition(this.text, nameToken.start)} attend ${expected} (${definition.signature}) mais en reçoit ${count}.`,
        { start: nameToken.start, end: close.end },
      );
    }
    return { type: 'call', name: definition.name, args, start: nameToken.start, end: close.end };
  }

  private expectClose(open: Token): Token {
    const token = this.peek();
    if (token.kind === 'close') return this.advance();
    if (token.kind === 'end') {
      this.fail(
        'missing-closing-parenthesis',
        `Parenthèse fermante manquante ${atPosition(this.text, token.start)} : la parenthèse ouverte à la position ${characterPosition(this.text, open.start)} n’est pas refermée.`,
        { start: token.start, end: token.start },
      );
    }
    if (token.kind === 'separator') {
      this.fail(
        'unexpected-separator',
        `Point-virgule inattendu ${atPosition(this.text, token.start)} : le point-virgule ne sépare que les arguments d’une fonction, par exemple max(a; b).`,
        token,
      );
    }
    return this.failMissingOperator(token);
  }

  private failMissingOperand(token: Token): never {
    const previous = this.tokens[this.index - 1];
    if (token.kind === 'close' && previous?.kind === 'open') {
      this.fail(
        'missing-operand',
        `Parenthèses vides ${atPosition(this.text, previous.start)} : écrivez une valeur entre elles.`,
        {
          start: previous.start,
          end: token.end,
        },
      );
    }
    if (token.kind === 'close' && (previous === undefined || previous.kind !== 'operator')) {
      this.fail(
        'unexpected-closing-parenthesis',
        `Parenthèse fermante en trop ${atPosition(this.text, token.start)} : retirez-la ou ajoutez la parenthèse ouvrante qui lui correspond.`,
        token,
      );
    }
    const after = previous?.kind === 'operator' ? ` après ${quote(previous.text)}` : '';
    this.fail(
      'missing-operand',
      `Valeur manquante${after} ${atPosition(this.text, token.start)} : écrivez un nombre, un nom de série ou une expression entre parenthèses.`,
      {
        start: token.start,
        end: token.start,
      },
    );
  }
}

/** Parse a formula. Problems in the text come back as errors, never as exceptions. */
export function parseFormula(text: string): ParsedFormula {
  if (text.length > MAX_FORMULA_LENGTH) {
    return {
      ok: false,
      errors: [
        {
          code: 'too-long',
          message: `La formule fait ${text.length} caractères : la limite est de ${MAX_FORMULA_LENGTH}. Découpez-la en plusieurs indicateurs.`,
          start: MAX_FORMULA_LENGTH,
          end: text.length,
        },
      ],
    };
  }
  if (text.trim() === '') {
    return {
      ok: false,
      errors: [
        {
          code: 'empty',
          message: 'La formule est vide : écrivez une expression, par exemple chaleur / surface_chauffee.',
          start: 0,
          end: text.length,
        },
      ],
    };
  }
  const lexed = tokenize(text);
  if ('error' in lexed) return { ok: false, errors: [lexed.error] };
  try {
    const ast = new Parser(text, lexed.tokens).parseFormula();
    return { ok: true, ast, identifiers: formulaIdentifiers(ast) };
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return { ok: false, errors: [error.detail] };
    throw error;
  }
}

/**
 * Parse a formula and check its identifiers against the series and constants a user may use.
 * Every unknown identifier gets its own error, with a suggestion when a known name is close.
 */
export function validateFormula(text: string, knownIdentifiers: readonly string[]): ParsedFormula {
  const parsed = parseFormula(text);
  if (!parsed.ok) return parsed;
  const known = new Set(knownIdentifiers);
  const errors: FormulaError[] = [];
  const visit = (node: FormulaNode) => {
    switch (node.type) {
      case 'identifier':
        if (!known.has(node.name)) {
          const suggestion = closestName(node.name, knownIdentifiers);
          errors.push({
            code: 'unknown-identifier',
            message: `Série ou constante ${quote(node.name)} inconnue ${atPosition(text, node.start)}.${suggestion ? ` Vouliez-vous dire ${quote(suggestion)} ?` : ' Choisissez un nom dans la liste des séries disponibles.'}`,
            start: node.start,
            end: node.end,
          });
        }
        return;
      case 'unary':
        visit(node.operand);
        return;
      case 'binary':
        visit(node.left);
        visit(node.right);
        return;
      case 'call':
        for (const arg of node.args) visit(arg);
        return;
      case 'number':
        return;
    }
  };
  visit(parsed.ast);
  return errors.length > 0 ? { ok: false, errors } : parsed;
}
