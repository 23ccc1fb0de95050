import { describe, expect, it } from 'vitest';
import { type FormulaNode, formatFormula } from './ast.js';
import {
  evaluateFormula,
  type FormulaEvaluation,
  type FormulaInput,
  type MissingReason,
} from './evaluate.js';
import { parseFormula, validateFormula } from './parser.js';

function parsed(text: string): FormulaNode {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(`${text}: ${result.errors[0]?.message}`);
  return result.ast;
}

/** Value of a formula without series. */
function evaluateText(text: string, inputs: Record<string, FormulaInput> = {}): number | null {
  const result = evaluateFormula(parsed(text), inputs, { text });
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.values[0] ?? null;
}

/** Values of a successful evaluation; fails the test on errors. */
function okValues(result: FormulaEvaluation): (number | null)[] {
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.values;
}

/** Reasons of a successful evaluation; fails the test on errors. */
function okReasons(result: FormulaEvaluation): (MissingReason | null)[] {
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.reasons;
}

/** Messages of a failed evaluation or validation; fails the test on success. */
function errorMessages(result: { ok: true } | { ok: false; errors: { message: string }[] }): string[] {
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((error) => error.message);
}

function firstError(text: string) {
  const result = parseFormula(text);
  if (result.ok) throw new Error(`${text} should not parse`);
  return result.errors[0];
}

describe('parseFormula precedence', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['12 / 4 / 3', 1],
    ['2 ^ 3 ^ 2', 512],
    ['-2^2', -4],
    ['(-2)^2', 4],
    ['2^-1', 0.5],
    ['-3 * -2', 6],
    ['1 + 2 < 4', 1],
    ['2 * 3 = 6', 1],
    ['7 <> 7', 0],
  ])('%s = %s', (text, expected) => {
    expect(evaluateText(text)).toBeCloseTo(expected, 12);
  });

  it('nests the product under the sum', () => {
    const ast = parsed('1 + 2 * 3');
    expect(ast).toMatchObject({
      type: 'binary',
      operator: '+',
      left: { type: 'number', value: 1 },
      right: { type: 'binary', operator: '*', left: { value: 2 }, right: { value: 3 } },
      start: 0,
      end: 9,
    });
  });

  it('reads decimal commas and points', () => {
    expect(evaluateText('1,5 * 2')).toBe(3);
    expect(evaluateText('1.5 * 2')).toBe(3);
    expect(evaluateText('max(1,5; 2,25)')).toBe(2.25);
  });

  it('reads typographic operators', () => {
    expect(evaluateText('6 × 2 − 1')).toBe(11);
    expect(evaluateText('8 ÷ 2')).toBe(4);
    expect(evaluateText('3 ≤ 3')).toBe(1);
    expect(evaluateText('3 ≠ 3')).toBe(0);
  });

  it('matches function names without regard to case', () => {
    expect(evaluateText('MAX(2; 5; 3)')).toBe(5);
    expect(parsed('Si(1; 2; 3)')).toMatchObject({ type: 'call', name: 'si' });
  });

  it('lists identifiers once, in order of appearance', () => {
    const result = parseFormula('chaleur / dju + chaleur * max(dju; surface_chauffée)');
    if (!result.ok) throw new Error(result.errors[0]?.message);
    expect(result.identifiers).toEqual(['chaleur', 'dju', 'surface_chauffée']);
  });
});

describe('formatFormula', () => {
  it.each([
    ['1+2*3', '1 + 2 * 3'],
    ['(1+2)*3', '(1 + 2) * 3'],
    ['a-(b-c)', 'a - (b - c)'],
    ['(2^3)^2', '(2^3)^2'],
    ['-(a+b)', '-(a + b)'],
    ['si(dju>0;chaleur/dju;0)', 'si(dju > 0; chaleur / dju; 0)'],
    ['0.5', '0,5'],
    ['1000000000000000000000000', '1000000000000000000000000'],
    ['0.0000001', '0,0000001'],
  ])('prints %s as %s', (text, expected) => {
    expect(formatFormula(parsed(text))).toBe(expected);
  });
});

describe('parseFormula errors', () => {
  it('reports a missing closing parenthesis at the end', () => {
    expect(firstError('(chaleur / dju')).toEqual({
      code: 'missing-closing-parenthesis',
      message:
        'Parenthèse fermante manquante à la position 15 (fin de la formule) : la parenthèse ouverte à la position 1 n’est pas refermée.',
      start: 14,
      end: 14,
    });
  });

  it('reports a missing closing parenthesis before a following value', () => {
    const error = firstError('max(chaleur; dju 2');
    expect(error?.code).toBe('missing-operator');
    expect(error?.message).toBe(
      'Opérateur manquant avant « 2 » à la position 18 : reliez les deux valeurs par + - * / ^ ou une comparaison.',
    );
  });

  it('reports an extra closing parenthesis', () => {
    expect(firstError('(1 + 2))')).toMatchObject({
      code: 'unexpected-closing-parenthesis',
      message: expect.stringMatching(/^Parenthèse fermante en trop à la position 8 /),
    });
    expect(firstError(')')?.code).toBe('unexpected-closing-parenthesis');
  });

  it('reports a missing operand after an operator', () => {
    expect(firstError('chaleur + ')).toMatchObject({
      code: 'missing-operand',
      message: expect.stringMatching(/^Valeur manquante après « \+ » à la position 11 \(fin de la formule\)/),
      start: 10,
    });
    expect(firstError('* 3')?.message).toMatch(/^Valeur manquante à la position 1 /);
    expect(firstError('()')?.message).toMatch(/^Parenthèses vides à la position 1 /);
  });

  it('reports two values without an operator', () => {
    expect(firstError('chaleur dju')).toMatchObject({
      code: 'missing-operator',
      message: expect.stringMatching(/^Opérateur manquant avant « dju » à la position 9 /),
      start: 8,
      end: 11,
    });
    expect(firstError('1 000')?.code).toBe('missing-operator');
  });

  it('explains a comma used between arguments', () => {
    expect(firstError('max(a, b)')).toMatchObject({
      code: 'unexpected-comma',
      message: expect.stringMatching(/^Virgule inattendue à la position 6 : .*point-virgule/),
    });
  });

  it('reports incomplete numbers and unknown characters', () => {
    expect(firstError('1, + 2')).toMatchObject({ code: 'invalid-number', start: 1 });
    expect(firstError('chaleur # 2')).toMatchObject({
      code: 'unexpected-character',
      message: expect.stringMatching(/^Caractère « # » inattendu à la position 9 /),
    });
    expect(firstError('.5')?.code).toBe('unexpected-character');
  });

  it('counts positions in characters, not UTF-16 units', () => {
    // 🔥 is two UTF-16 units but one character: the # after it is character 5, offset 5.
    expect(firstError('🔥')).toMatchObject({
      message: expect.stringContaining('« 🔥 » inattendu à la position 1'),
      start: 0,
      end: 2,
    });
    const error = firstError('é + 🔥 #');
    expect(error?.message).toContain('« 🔥 » inattendu à la position 5');
  });

  it('reports unknown functions with a suggestion', () => {
    expect(firstError('mx(1; 2)')?.message).toBe(
      'Fonction « mx » inconnue à la position 1. Vouliez-vous dire « max » ? Fonctions disponibles : abs, max, min, si.',
    );
    expect(firstError('moyenne(1; 2)')).toMatchObject({ code: 'unknown-function' });
  });

  it('checks the number of arguments', () => {
    expect(firstError('si(dju > 0; 1)')).toMatchObject({
      code: 'wrong-argument-count',
      message:
        'La fonction « si » à la position 1 attend 3 arguments (si(condition; valeur_si_vraie; valeur_si_fausse)) mais en reçoit 2.',
    });
    expect(firstError('abs(1; 2)')?.code).toBe('wrong-argument-count');
    expect(firstError('max()')?.code).toBe('wrong-argument-count');
    expect(firstError('max(1;;2)')).toMatchObject({ code: 'missing-argument', start: 6 });
    expect(firstError('max(1;)')).toMatchObject({ code: 'missing-argument', start: 6 });
  });

  it('rejects a function name used as a value', () => {
    expect(firstError('max + 1')?.message).toBe(
      '« max » à la position 1 est une fonction : donnez ses arguments entre parenthèses, par exemple max(a; b; …).',
    );
  });

  it('rejects chained comparisons and stray separators', () => {
    expect(firstError('1 < 2 < 3')).toMatchObject({ code: 'chained-comparison', start: 6 });
    expect(firstError('1; 2')).toMatchObject({ code: 'unexpected-separator', start: 1 });
    expect(firstError('(1; 2)')).toMatchObject({ code: 'unexpected-separator', start: 2 });
  });

  it('rejects empty, too long and too deep formulas', () => {
    expect(firstError('   ')?.code).toBe('empty');
    expect(firstError('a+'.repeat(1001))?.code).toBe('too-long');
    expect(firstError(`${'('.repeat(150)}1${')'.repeat(150)}`)?.code).toBe('too-deep');
    expect(firstError(`${'-'.repeat(500)}1`)?.code).toBe('too-deep');
    expect(evaluateText(`${'('.repeat(50)}1${')'.repeat(50)}`)).toBe(1);
  });
});

describe('validateFormula', () => {
  const known = ['chaleur', 'electricite', 'dju', 'surface_chauffee'];

  it('accepts known identifiers', () => {
    expect(validateFormula('chaleur / surface_chauffee', known).ok).toBe(true);
  });

  it('reports every unknown identifier with a suggestion', () => {
    const result = validateFormula('chaluer / dju + surface', known);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        code: 'unknown-identifier',
        message: 'Série ou constante « chaluer » inconnue à la position 1. Vouliez-vous dire « chaleur » ?',
        start: 0,
        end: 7,
      },
      {
        code: 'unknown-identifier',
        message:
          'Série ou constante « surface » inconnue à la position 17. Choisissez un nom dans la liste des séries disponibles.',
        start: 16,
        end: 23,
      },
    ]);
  });

  it('suggests a name that differs only by case', () => {
    const result = validateFormula('DJU * 2', known);
    expect(errorMessages(result)[0]).toContain('Vouliez-vous dire « dju » ?');
  });
});

describe('evaluateFormula', () => {
  it('divides aligned series and propagates missing values', () => {
    // 100/10 = 10; chaleur missing; 300/0 is a division by zero; 400/8 = 50.
    const result = evaluateFormula(parsed('chaleur / dju'), {
      chaleur: [100, null, 300, 400],
      dju: [10, 20, 0, 8],
    });
    expect(result).toEqual({
      ok: true,
      values: [10, null, null, 50],
      reasons: [
        null,
        { code: 'missing-input', message: 'Valeur manquante pour « chaleur ».' },
        { code: 'division-by-zero', message: 'Division par zéro.' },
        null,
      ],
    });
  });

  it('applies a constant to every period', () => {
    // (1200 + 800)/1000 = 2 kWh/m²; (900 + 600)/1000 = 1.5 kWh/m².
    const result = evaluateFormula(parsed('(chaleur + electricite) / surface_chauffee'), {
      chaleur: [1200, 900],
      electricite: [800, 600],
      surface_chauffee: 1000,
    });
    expect(okValues(result)).toEqual([2, 1.5]);
  });

  it('evaluates only the chosen branch of si', () => {
    // dju = 0 takes the 0 branch, so the division by zero is never computed.
    const result = evaluateFormula(parsed('si(dju > 0; chaleur / dju; 0)'), {
      chaleur: [500, 300],
      dju: [25, 0],
    });
    expect(okValues(result)).toEqual([20, 0]);
  });

  it('propagates a missing condition of si and a missing min argument', () => {
    const result = evaluateFormula(parsed('si(dju > 0; 1; 2) + min(dju; 5)'), { dju: [null, 3] });
    // Second period: si gives 1, min(3; 5) = 3 → 4.
    expect(okValues(result)).toEqual([null, 4]);
  });

  it('compares with a tolerance for decimal rounding', () => {
    expect(evaluateText('0,1 + 0,2 = 0,3')).toBe(1);
    expect(evaluateText('0,1 + 0,2 > 0,3')).toBe(0);
  });

  it('returns a reason for undefined powers', () => {
    const result = evaluateFormula(parsed('(0 - 8) ^ (1 / 3)'), {});
    expect(okReasons(result)[0]?.code).toBe('not-finite');
    const zero = evaluateFormula(parsed('0 ^ -1'), {});
    expect(okReasons(zero)[0]?.code).toBe('division-by-zero');
  });

  it('computes abs, min and max', () => {
    expect(evaluateText('abs(-3,5) + min(4; 2; 8) + max(1; 9)')).toBe(3.5 + 2 + 9);
  });

  it('treats non-finite inputs as missing', () => {
    const result = evaluateFormula(parsed('x * 2'), { x: [Number.NaN, 2] });
    expect(okValues(result)).toEqual([null, 4]);
  });

  it('fails on a missing input or series of different lengths', () => {
    const text = 'chaleur / dju';
    expect(evaluateFormula(parsed(text), { chaleur: [1, 2] }, { text })).toEqual({
      ok: false,
      errors: [
        {
          code: 'missing-input',
          message:
            'Aucune donnée fournie pour « dju » à la position 11 : associez ce nom à une série ou à une constante.',
          start: 10,
          end: 13,
        },
      ],
    });
    const mismatch = evaluateFormula(parsed(text), { chaleur: [1, 2], dju: [1, 2, 3] }, { text });
    expect(errorMessages(mismatch)[0]).toBe(
      'Les séries « chaleur » (2 valeurs) et « dju » (3 valeurs) n’ont pas la même longueur : alignez-les sur les mêmes périodes.',
    );
  });

  it('repeats constants over the requested length', () => {
    // 2 × 1250 m² for each of three periods.
    const result = evaluateFormula(parsed('2 * surface_chauffee'), { surface_chauffee: 1250 }, { length: 3 });
    expect(okValues(result)).toEqual([2500, 2500, 2500]);
    const mismatch = evaluateFormula(parsed('dju'), { dju: [1, 2] }, { length: 3, text: 'dju' });
    expect(errorMessages(mismatch)[0]).toBe(
      'La série « dju » compte 2 valeurs au lieu de 3 : alignez-la sur les périodes demandées.',
    );
  });

  it('ignores inherited object keys as inputs', () => {
    const result = evaluateFormula(parsed('constructor + 1'), {});
    expect(result.ok).toBe(false);
  });
});
