/**
 * Conversion of the points of one Enedis series, as read from a CSV row or a JSON element, into
 * readings and maximum powers: load curves (mean power → energy of each interval), daily energies,
 * indexes and daily maximum powers. Every format of this folder feeds these converters, so the
 * timestamp, step and missing-value rules are written once.
 */

import { emptyResult, errorIssue, warningIssue } from '../results.js';
import type { ParseResult, ReadingQuality, SourceLocation } from '../types.js';
import { qualityOf, rawJson, readDecimal } from './common.js';
import {
  durationSeconds,
  formatWall,
  ParisSequence,
  parisMidnight,
  readIsoStamp,
  type StampParts,
  wallDate,
} from './time.js';

/** Whether a load-curve stamp is the start or the end of the interval its value covers. */
export type StampConvention = 'start' | 'end';

/** One point as found in the file, still as text. */
export interface RawPoint {
  stamp: string;
  /** Null when the element or field is absent. */
  value: string | null;
  /** ISO 8601 step of the point (`PT30M`), or null when the source gives none. */
  step: string | null;
  /** Nature code (`B`, `R`, `C`, `E`…) and correction type (`tc`) when given. */
  nature: string | null;
  correction: string | null;
  location: SourceLocation;
  /** Text of the row for CSV files; null when built on demand from `source`. */
  raw: string | null;
  /** JSON element the point came from, written into `raw` only when the point is rejected. */
  source?: unknown;
}

/** Text of a rejected point as found in the file. */
function rawOf(point: RawPoint): string | null {
  return point.raw ?? (point.source === undefined ? null : rawJson(point.source));
}

/** Points of one series, in file order, and the divisor from the published unit to the canonical one. */
export interface RawSeries {
  externalId: string;
  /** Published units per kW for a load curve, per kWh for energies and indexes (1000 or 1). */
  divisor: number;
  points: RawPoint[];
}

/** Formats the place of a located element (file, line or element, field) to start a French message. */
export function placeOfLocation(location: SourceLocation): string {
  let place = location.file;
  const isJson = location.element?.startsWith('/') ?? false;
  if (isJson) place += `, élément ${location.element}`;
  else if (location.element?.includes('!')) place += `, cellule ${location.element}`;
  else if (location.line !== null) place += `, ligne ${location.line}`;
  if (location.field !== null) {
    place += isJson ? `, champ « ${location.field} »` : `, colonne « ${location.field} »`;
  }
  return place;
}

/** Result being built for one file, with warnings that are counted and written once at the end. */
export class Collector {
  readonly result: ParseResult;
  private readonly counted = new Map<string, { count: number; message: (count: number) => string }>();

  constructor(
    readonly file: string,
    format: string,
  ) {
    this.result = emptyResult(format);
    this.result.maxPowers = [];
  }

  /** Records a rejected element: `reason` states what is wrong and `action` what to do. */
  reject(location: SourceLocation, code: string, reason: string, action: string, raw: string | null): void {
    this.result.issues.push(
      errorIssue({ ...location, code, message: `${placeOfLocation(location)} : ${reason}. ${action}`, raw }),
    );
  }

  warn(code: string, message: string, location?: Partial<SourceLocation>): void {
    this.result.issues.push(warningIssue({ file: this.file, ...location, code, message }));
  }

  /** Counts an event whose warning is written once, with the count, by `finish`. */
  count(code: string, message: (count: number) => string): void {
    const entry = this.counted.get(code);
    if (entry) entry.count += 1;
    else this.counted.set(code, { count: 1, message });
  }

  /** Adds the counted warnings and returns the result. */
  finish(): ParseResult {
    for (const [code, entry] of this.counted) {
      this.result.issues.push(warningIssue({ file: this.file, code, message: entry.message(entry.count) }));
    }
    this.counted.clear();
    return this.result;
  }
}

/** Copies the records and issues of an inner file's result into the archive's result. */
export function mergeResult(into: ParseResult, from: ParseResult): void {
  for (const reading of from.readings) into.readings.push(reading);
  for (const issue of from.issues) into.issues.push(issue);
  if (from.maxPowers && from.maxPowers.length > 0) {
    into.maxPowers ??= [];
    for (const maxPower of from.maxPowers) into.maxPowers.push(maxPower);
  }
  into.recordsRead += from.recordsRead;
}

const INVALID_STAMP_ACTION =
  'Le point est rejeté ; vérifiez le fichier ou téléchargez-le de nouveau depuis Enedis.';

function stampReason(text: string): string {
  return text.trim() === ''
    ? 'l’horodatage est absent'
    : `« ${text} » n’est pas un horodatage AAAA-MM-JJ hh:mm:ss`;
}

/** Reads and resolves the stamp of a point, or records why it cannot be used. */
function instantOf(
  point: RawPoint,
  sequence: ParisSequence,
  collector: Collector,
): { stamp: StampParts; instant: number } | null {
  const stamp = readIsoStamp(point.stamp);
  if (!stamp) {
    collector.reject(
      point.location,
      'invalid-timestamp',
      stampReason(point.stamp),
      INVALID_STAMP_ACTION,
      rawOf(point),
    );
    return null;
  }
  const instant = sequence.instantOf(stamp);
  if (instant === null) {
    collector.reject(
      point.location,
      'nonexistent-local-time',
      `l’heure ${formatWall(stamp.wallMs)} n’existe pas à Paris (passage à l’heure d’été)`,
      INVALID_STAMP_ACTION,
      rawOf(point),
    );
    return null;
  }
  return { stamp, instant };
}

/** Reads the value of a point: a number, null when missing, or undefined after recording the rejection. */
function numberOf(point: RawPoint, collector: Collector, allowGrouping = false): number | null | undefined {
  if (point.value === null) return null;
  const value = readDecimal(point.value, allowGrouping);
  if (value !== null && !Number.isFinite(value)) {
    collector.reject(
      point.location,
      'invalid-number',
      `« ${point.value} » n’est pas un nombre`,
      'Le point est rejeté ; corrigez la valeur ou téléchargez de nouveau le fichier.',
      rawOf(point),
    );
    return undefined;
  }
  return value;
}

/** Steps a point may be given when its source states none, in seconds (5 to 60 minutes). */
const INFERABLE_STEPS = new Set([300, 600, 900, 1800, 3600]);

/**
 * Step of a point that states none: the gap to the previous point for an end stamp, to the next
 * for a start stamp, then the other neighbour, then the default. Null when nothing fits.
 */
function inferStep(
  instants: readonly number[],
  index: number,
  convention: StampConvention,
  defaultSeconds: number | null,
): number | null {
  const previous = index > 0 ? ((instants[index] as number) - (instants[index - 1] as number)) / 1000 : 0;
  const next =
    index + 1 < instants.length ? ((instants[index + 1] as number) - (instants[index] as number)) / 1000 : 0;
  const [first, second] = convention === 'end' ? [previous, next] : [next, previous];
  if (INFERABLE_STEPS.has(first)) return first;
  if (INFERABLE_STEPS.has(second)) return second;
  return defaultSeconds;
}

export interface CurveOptions {
  convention: StampConvention;
  /** Step used when a point states none and no neighbour gives one, in seconds. */
  defaultStepSeconds: number | null;
  /** Accept thousands separators in values (portal spreadsheets). */
  allowGrouping?: boolean;
  /** Name of the step field or column, for messages about an invalid step. */
  stepField?: string;
}

/**
 * Converts a load curve of mean powers into interval energies in kWh: value / divisor (kW) × the
 * point's own step in hours. End stamps become interval starts by subtracting the step.
 */
export function convertCurve(series: RawSeries, options: CurveOptions, collector: Collector): void {
  const sequence = new ParisSequence();
  const instants: number[] = [];
  const steps: Array<number | null> = [];
  const values: Array<number | null> = [];
  const qualities: ReadingQuality[] = [];
  const accepted: RawPoint[] = [];
  for (const point of series.points) {
    collector.result.recordsRead += 1;
    const resolved = instantOf(point, sequence, collector);
    if (!resolved) continue;
    const value = numberOf(point, collector, options.allowGrouping);
    if (value === undefined) continue;
    let step: number | null = null;
    if (point.step !== null && point.step.trim() !== '') {
      step = durationSeconds(point.step);
      if (step === null || step > 86_400) {
        collector.reject(
          { ...point.location, field: options.stepField ?? point.location.field },
          'invalid-step',
          `« ${point.step} » n’est pas un pas de temps ISO 8601 (PT10M, PT30M, PT60M…)`,
          'Le point est rejeté ; vérifiez le fichier.',
          rawOf(point),
        );
        continue;
      }
    }
    instants.push(resolved.instant);
    steps.push(step);
    values.push(value);
    qualities.push(value === null ? 'missing' : qualityOf(point.nature, point.correction));
    accepted.push(point);
  }
  for (let index = 0; index < accepted.length; index += 1) {
    const point = accepted[index] as RawPoint;
    const step = steps[index] ?? inferStep(instants, index, options.convention, options.defaultStepSeconds);
    if (step === null) {
      collector.reject(
        point.location,
        'unknown-step',
        'le pas de temps de ce point n’est pas indiqué et aucun point voisin ne permet de le déduire',
        'Le point est rejeté ; importez le fichier complet plutôt qu’un extrait.',
        rawOf(point),
      );
      continue;
    }
    const instant = instants[index] as number;
    const value = values[index] as number | null;
    collector.result.readings.push({
      externalId: series.externalId,
      measure: 'ENERGY',
      start: new Date(options.convention === 'end' ? instant - step * 1000 : instant),
      stepSeconds: step,
      value: value === null ? null : (value * step) / (3600 * series.divisor),
      quality: qualities[index] as ReadingQuality,
      location: point.location,
    });
  }
}

/** Converts daily energies: one ENERGY reading per day, starting at Paris midnight. */
export function convertDaily(series: RawSeries, collector: Collector, allowGrouping = false): void {
  for (const point of series.points) {
    collector.result.recordsRead += 1;
    const stamp = readIsoStamp(point.stamp);
    if (!stamp) {
      collector.reject(
        point.location,
        'invalid-date',
        point.stamp.trim() === ''
          ? 'la date est absente'
          : `« ${point.stamp} » n’est pas une date AAAA-MM-JJ`,
        INVALID_STAMP_ACTION,
        rawOf(point),
      );
      continue;
    }
    const value = numberOf(point, collector, allowGrouping);
    if (value === undefined) continue;
    collector.result.readings.push({
      externalId: series.externalId,
      measure: 'ENERGY',
      start: new Date(parisMidnight(stamp.wallMs)),
      stepSeconds: 86_400,
      value: value === null ? null : value / series.divisor,
      quality: value === null ? 'missing' : qualityOf(point.nature, point.correction),
      location: point.location,
    });
  }
}

/** Converts cumulative indexes into INDEX readings in kWh at their reading instant. */
export function convertIndexes(series: RawSeries, collector: Collector): void {
  const sequence = new ParisSequence();
  for (const point of series.points) {
    collector.result.recordsRead += 1;
    const resolved = instantOf(point, sequence, collector);
    if (!resolved) continue;
    const value = numberOf(point, collector);
    if (value === undefined) continue;
    collector.result.readings.push({
      externalId: series.externalId,
      measure: 'INDEX',
      start: new Date(resolved.instant),
      stepSeconds: null,
      value: value === null ? null : value / series.divisor,
      quality: value === null ? 'missing' : 'measured',
      location: point.location,
    });
  }
}

/**
 * Converts daily maximum powers, stamped at the moment of the peak, into maximum-power records
 * of the stamp's local day. A maximum without value is counted in one warning: there is no
 * record for a missing maximum.
 */
export function convertMaxPowers(
  series: { externalId: string; unit: 'VA' | 'kVA' | 'W' | 'kW'; points: RawPoint[] },
  collector: Collector,
): void {
  const sequence = new ParisSequence();
  for (const point of series.points) {
    collector.result.recordsRead += 1;
    const stamp = readIsoStamp(point.stamp);
    if (!stamp) {
      collector.reject(
        point.location,
        'invalid-timestamp',
        stampReason(point.stamp),
        INVALID_STAMP_ACTION,
        rawOf(point),
      );
      continue;
    }
    const at = stamp.hasTime ? sequence.instantOf(stamp) : null;
    const value = numberOf(point, collector);
    if (value === undefined) continue;
    if (value === null) {
      collector.count(
        'missing-max-power',
        (count) =>
          `${collector.file} : ${count} puissance(s) maximale(s) sans valeur ont été ignorées ; Enedis n’a pas de mesure pour ces jours. Aucune action n’est nécessaire.`,
      );
      continue;
    }
    collector.result.maxPowers?.push({
      externalId: series.externalId,
      date: wallDate(stamp.wallMs),
      at: at === null ? null : new Date(at),
      value,
      unit: series.unit,
      location: point.location,
    });
  }
}
