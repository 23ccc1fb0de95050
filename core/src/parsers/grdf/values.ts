/** Reading of the numbers and PCE identifiers found in GRDF files. */

export type ValueOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Digits of a PCE made of digits only; `GI` PCEs are text and keep their own length. */
export const PCE_DIGITS = 14;

const DECIMAL = /^[+\-−]?\d+(?:[.,]\d+)?$/;
const SPACES = /[\s\u00a0\u202f]/g;
const PCE_TEXT = /^[0-9A-Za-z]{1,32}$/;

/**
 * Reads a number given as a JSON number or as text, with a decimal point or a French decimal
 * comma and spaces between thousands. Null, undefined and blank text are null.
 */
export function readDecimal(value: unknown): ValueOutcome<number | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, reason: `« ${value} » n’est pas un nombre fini` };
  }
  if (typeof value === 'string') {
    const compact = value.replace(SPACES, '');
    if (compact === '') return { ok: true, value: null };
    if (!DECIMAL.test(compact)) return { ok: false, reason: `« ${value.trim()} » n’est pas un nombre` };
    const parsed = Number(compact.replace(',', '.').replace('−', '-'));
    return Number.isFinite(parsed)
      ? { ok: true, value: parsed }
      : { ok: false, reason: `« ${value.trim()} » n’est pas un nombre fini` };
  }
  return { ok: false, reason: `la valeur ${describeJson(value)} n’est pas un nombre` };
}

/** A PCE as text, and whether leading zeros lost by a numeric cell were put back. */
export interface PceValue {
  pce: string;
  restoredZeros: boolean;
}

/**
 * Reads a PCE. Text is kept as written (without spaces), `GI…` included. A number, as Excel or a
 * JSON writer stores it, lost the leading zeros of a 14-digit PCE: they are put back, and
 * `restoredZeros` tells the caller to warn.
 */
export function readPce(value: unknown): ValueOutcome<PceValue> {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value <= 0 || value >= 10 ** PCE_DIGITS) {
      return { ok: false, reason: `le nombre ${value} n’est pas un PCE à ${PCE_DIGITS} chiffres` };
    }
    const digits = String(value);
    return {
      ok: true,
      value: { pce: digits.padStart(PCE_DIGITS, '0'), restoredZeros: digits.length < PCE_DIGITS },
    };
  }
  if (typeof value === 'string') {
    const compact = value.replace(SPACES, '');
    if (PCE_TEXT.test(compact)) return { ok: true, value: { pce: compact, restoredZeros: false } };
    return {
      ok: false,
      reason: `« ${value.trim()} » n’est pas un PCE (14 chiffres, ou GI suivi de chiffres)`,
    };
  }
  return {
    ok: false,
    reason:
      value === null || value === undefined
        ? 'le PCE est absent'
        : `la valeur ${describeJson(value)} n’est pas un PCE`,
  };
}

/** Short JSON text of a value for messages. */
export function describeJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Returns the value when it is a plain JSON object, else null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Returns the text of a string value, null for anything else. */
export function asText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
