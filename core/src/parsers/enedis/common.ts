/**
 * Pieces shared by the Enedis parsers: identifiers, numbers, quality codes, header names, JSON
 * access and located messages.
 */

import { type CsvRecord, splitCsvLine, splitLines } from '../text.js';
import type { ReadingQuality } from '../types.js';

const PRM = /^\d{14}$/;

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Checks a PRM: 14 digits kept as text, because leading zeros are significant. */
export function checkPrm(text: string): Checked<string> {
  const prm = text.trim();
  if (PRM.test(prm)) return { ok: true, value: prm };
  if (/^\d{1,13}$/.test(prm)) {
    return {
      ok: false,
      reason: `« ${prm} » n’a que ${prm.length} chiffres au lieu de 14 : les zéros initiaux du PRM ont sans doute été perdus (fichier ouvert dans Excel) ; importez le fichier d’origine`,
    };
  }
  return { ok: false, reason: `« ${prm} » n’est pas un PRM (14 chiffres attendus)` };
}

/**
 * External identifier of a series: the PRM for withdrawal (`CONS`), `<PRM>#PROD` for injection, so
 * that a PRM with both directions keeps two registers.
 */
export function seriesIdOf(prm: string, direction: string | null): string {
  return direction !== null && direction.trim().toUpperCase() === 'PROD' ? `${prm}#PROD` : prm;
}

const PLAIN_NUMBER = /^[-+]?\d+(?:\.\d+)?$/;
const COMMA_NUMBER = /^[-+]?\d+(?:,\d+)?$/;
const GROUPING_SPACES = /[\s\u00a0\u202f]/g;

/**
 * Reads a published number. Returns null for an empty text or a written null (`null`, `NA`), and
 * NaN for text that is not a number. A decimal comma is accepted; thousands separators only when
 * `allowGrouping` is set, because machine files never have them.
 */
export function readDecimal(input: string, allowGrouping = false): number | null {
  let text = input.trim();
  if (text === '' || text === 'null' || text === 'NA') return null;
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (allowGrouping) text = text.replace(GROUPING_SPACES, '');
  if (COMMA_NUMBER.test(text)) return Number(text.replace(',', '.'));
  if (allowGrouping && PLAIN_NUMBER.test(text)) return Number(text);
  return Number.NaN;
}

/** Quality of a load-curve point by its nature code `n` (R63, Data Connect `measure_type`). */
const NATURE_QUALITY: Record<string, ReadingQuality> = {
  B: 'measured',
  R: 'measured',
  D: 'measured',
  S: 'measured',
  T: 'measured',
  F: 'measured',
  G: 'measured',
  C: 'corrected',
  E: 'estimated',
  // Reconstituted points (DST change, step change, cuts) are computed, not measured.
  H: 'estimated',
  P: 'estimated',
};

/** Quality by correction type `tc` of a BEST curve: the guide ties each code to nature C or E. */
const CORRECTION_QUALITY: Record<string, ReadingQuality> = {
  F: 'corrected',
  G: 'corrected',
  N: 'corrected',
  H: 'corrected',
  I: 'corrected',
  O: 'corrected',
  J: 'corrected',
  K: 'corrected',
  L: 'corrected',
  C: 'estimated',
  A: 'estimated',
  M: 'estimated',
};

/** Quality of a point from its nature and correction codes; unknown or absent codes count as measured. */
export function qualityOf(nature: string | null, correction: string | null): ReadingQuality {
  if (correction !== null) {
    const byCorrection = CORRECTION_QUALITY[correction.trim().toUpperCase()];
    if (byCorrection) return byCorrection;
  }
  if (nature === null) return 'measured';
  return NATURE_QUALITY[nature.trim().toUpperCase()] ?? 'measured';
}

const HEADER_FILLER_WORDS = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'l', 'en']);

/**
 * Header name reduced for matching: no accents, lower case, punctuation and filler words such as
 * « de » removed, because Enedis headers come with and without accents and « de »
 * (`Date de début`, `Date de debut`, `Contexte releve`).
 */
export function headerKey(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !HEADER_FILLER_WORDS.has(word))
    .join(' ');
}

/**
 * Splits `;`-separated text into records numbered by physical line. Enedis exports never quote a
 * field across lines, so each line is one record. Only lines with a quote go through the slower
 * quote-aware splitter, which keeps a year of 10-minute rows fast to read.
 */
export function readSemicolonRecords(text: string): CsvRecord[] {
  return splitLines(text).map(({ line, text: raw }) => ({
    line,
    fields: raw.includes('"') ? splitCsvLine(raw, ';').fields : raw.split(';'),
    raw,
  }));
}

/** Returns the value as an object, or null when it is not a plain object. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Returns the value as an array, or an empty one when it is not an array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Text of a JSON scalar: strings as they are, numbers written out, anything else null. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** `fichier.json, élément /mesures[0]/points[3]`: the start of every message about a JSON element. */
export function placeOfElement(file: string, element: string): string {
  return `${file}, élément ${element}`;
}

/** Short text of a JSON element for the `raw` field of an issue. */
export function rawJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * Divisor from a published mean power to kW (1000 for W, 1 for kW), or null for a unit that is not
 * an active power. Dividing integers of W by 1000 keeps results such as 0.405 exact.
 */
export function powerDivisor(unit: string | null): number | null {
  const normalized = (unit ?? '').trim();
  if (normalized === 'W') return 1000;
  if (normalized === 'kW') return 1;
  return null;
}

/** Divisor from a published active energy to kWh (1000 for Wh, 1 for kWh), or null for another unit. */
export function energyDivisor(unit: string | null): number | null {
  const normalized = (unit ?? '').trim();
  if (normalized === 'Wh') return 1000;
  if (normalized === 'kWh') return 1;
  return null;
}

/** Returns the unit of a maximum power as the contract names it, or null for an unknown unit. */
export function maxPowerUnit(unit: string | null): 'VA' | 'kVA' | 'W' | 'kW' | null {
  const normalized = (unit ?? '').trim();
  return normalized === 'VA' || normalized === 'kVA' || normalized === 'W' || normalized === 'kW'
    ? normalized
    : null;
}
