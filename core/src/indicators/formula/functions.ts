/** Built-in functions of the formula language, with the French help the editor shows. */

import type { FormulaFunctionName } from './ast.js';

export interface FormulaFunction {
  name: FormulaFunctionName;
  minArguments: number;
  /** Infinity for functions taking any number of arguments. */
  maxArguments: number;
  /** Call pattern shown to users, with `;` between arguments. */
  signature: string;
  /** French description for autocompletion. */
  description: string;
}

export const FORMULA_FUNCTIONS: Readonly<Record<FormulaFunctionName, FormulaFunction>> = {
  min: {
    name: 'min',
    minArguments: 1,
    maxArguments: Number.POSITIVE_INFINITY,
    signature: 'min(a; b; …)',
    description: 'Plus petite des valeurs.',
  },
  max: {
    name: 'max',
    minArguments: 1,
    maxArguments: Number.POSITIVE_INFINITY,
    signature: 'max(a; b; …)',
    description: 'Plus grande des valeurs.',
  },
  abs: {
    name: 'abs',
    minArguments: 1,
    maxArguments: 1,
    signature: 'abs(a)',
    description: 'Valeur absolue.',
  },
  si: {
    name: 'si',
    minArguments: 3,
    maxArguments: 3,
    signature: 'si(condition; valeur_si_vraie; valeur_si_fausse)',
    description: 'Valeur_si_vraie quand la condition est vraie (non nulle), sinon valeur_si_fausse.',
  },
};

/** Find the built-in function of that name, whatever its case, or null. */
export function findFormulaFunction(name: string): FormulaFunction | null {
  const key = name.toLowerCase();
  return Object.hasOwn(FORMULA_FUNCTIONS, key) ? FORMULA_FUNCTIONS[key as FormulaFunctionName] : null;
}
