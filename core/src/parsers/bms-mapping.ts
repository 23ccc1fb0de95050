/**
 * The saved per-source description of a BMS (GTB) trend export: which columns contain the time and
 * which points to import, with their units. Trend files carry no units, so the mapping is the
 * only source of truth for them.
 */

import type { EncodingChoice } from './text.js';
import type { DateOrder } from './timestamps.js';
import { isKnownTimeZone } from './timestamps.js';
import type { Measure } from './types.js';

export type BmsUnit = 'Wh' | 'kWh' | 'MWh' | 'W' | 'kW' | 'MW' | 'm3' | 'L' | 'degC' | 'degF';
export type WeatherQuantity = 'temperature' | 'humidity' | 'irradiance';
export type WeatherUnit = 'degC' | 'degF' | '%' | 'W/m2';

/** A point whose values become readings of a meter register. */
export interface BmsReadingPoint {
  target: 'reading';
  /** Column header (wide layout) or point name (long layout), as written in the file. */
  source: string;
  /** Identifier stored with each reading, so the register can be found again. */
  externalId: string;
  measure: Measure;
  /** Unit of the values in the file; readings are converted to the canonical unit of the measure. */
  unit: BmsUnit;
  /** Factor applied to the raw value before the unit conversion (pulse weight, scaling). */
  multiplier: number;
  /**
   * Kind of the values. `interval` is one value per interval: energy, mean power or a sampled
   * temperature. `index` is a counter read at the timestamp, stored with no step and never shifted
   * by `timestampMeaning`.
   */
  valuesKind: 'interval' | 'index';
}

/**
 * A point whose values become hourly observations of a weather station. The observation instant
 * is the timestamp of the row, never shifted by `timestampMeaning`.
 */
export interface BmsWeatherPoint {
  target: 'weather';
  source: string;
  stationCode: string;
  quantity: WeatherQuantity;
  unit: WeatherUnit;
  multiplier: number;
}

export type BmsPoint = BmsReadingPoint | BmsWeatherPoint;

/** One column with date and time, or a date column and a time column. */
export type BmsTimestampColumns = { column: string } | { dateColumn: string; timeColumn: string };

/** Columns of a long layout (one row per point and instant). */
export interface BmsLongColumns {
  /** Column naming the point; null for one file per point, which then maps exactly one point. */
  pointColumn: string | null;
  valueColumn: string;
  /** Niagara-style status (`{ok}`, `{null}`, `{fault}`…); unusable statuses make the value missing. */
  statusColumn: string | null;
  /** Niagara-style trend flags; `{Interpolated}` marks the value as estimated. */
  flagsColumn: string | null;
}

export interface BmsMapping {
  layout: 'wide' | 'long';
  timestamp: BmsTimestampColumns;
  /** Set exactly when `layout` is `long`. */
  long: BmsLongColumns | null;
  /** IANA zone of timestamps written without an offset; a zone written in the value wins. */
  timeZone: string;
  /** Instant of its interval that a timestamp marks. */
  timestampMeaning: 'start' | 'end' | 'middle';
  /** Length of an interval, in minutes; null for change-of-value logs with no fixed step. */
  stepMinutes: number | null;
  /** Order of numeric dates; `auto` decides once per file from a day above 12. */
  dateOrder: 'auto' | DateOrder;
  separator: 'auto' | ',' | ';' | 'tab';
  decimalMark: 'auto' | '.' | ',';
  encoding: EncodingChoice;
  /** Worksheet of an .xlsx export; null for the first sheet. */
  sheet: string | null;
  points: BmsPoint[];
}

export const BMS_MEASURES: readonly Measure[] = ['ENERGY', 'INDEX', 'POWER', 'VOLUME', 'TEMPERATURE'];

/** Units accepted per measure; the first one is the canonical unit of the readings store. */
export const UNITS_BY_MEASURE: Record<Measure, readonly BmsUnit[]> = {
  ENERGY: ['kWh', 'Wh', 'MWh'],
  INDEX: ['kWh', 'Wh', 'MWh'],
  POWER: ['kW', 'W', 'MW'],
  VOLUME: ['m3', 'L'],
  TEMPERATURE: ['degC', 'degF'],
};

/** Units accepted per weather quantity; the first one is the unit of the weather records. */
export const UNITS_BY_WEATHER_QUANTITY: Record<WeatherQuantity, readonly WeatherUnit[]> = {
  temperature: ['degC', 'degF'],
  humidity: ['%'],
  irradiance: ['W/m2'],
};

const WEATHER_QUANTITIES = Object.keys(UNITS_BY_WEATHER_QUANTITY) as WeatherQuantity[];

/** Maximum step, one day: trend logs are finer than that. */
const MAX_STEP_MINUTES = 1440;

/**
 * Converts a raw value to the canonical unit: kWh for energy and indexes, kW for power, m³ for
 * volume, °C for temperatures. Divisions keep exact results such as 1234 Wh → 1.234 kWh.
 */
export function toCanonicalUnit(raw: number, unit: BmsUnit | WeatherUnit, multiplier: number): number {
  const scaled = raw * multiplier;
  switch (unit) {
    case 'Wh':
    case 'W':
    case 'L':
      return scaled / 1000;
    case 'MWh':
    case 'MW':
      return scaled * 1000;
    case 'degF':
      return ((scaled - 32) * 5) / 9;
    default:
      return scaled;
  }
}

const ROOT_FIELDS = [
  'layout',
  'timestamp',
  'long',
  'timeZone',
  'timestampMeaning',
  'stepMinutes',
  'dateOrder',
  'separator',
  'decimalMark',
  'encoding',
  'sheet',
  'points',
];
const READING_POINT_FIELDS = [
  'target',
  'source',
  'externalId',
  'measure',
  'unit',
  'multiplier',
  'valuesKind',
];
const WEATHER_POINT_FIELDS = ['target', 'source', 'stationCode', 'quantity', 'unit', 'multiplier'];
const LONG_FIELDS = ['pointColumn', 'valueColumn', 'statusColumn', 'flagsColumn'];

function quoteList(values: readonly string[]): string {
  const quoted = values.map((value) => `« ${value} »`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ou ${quoted[quoted.length - 1]}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === 'string') return `« ${value} »`;
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'une liste' : 'un objet';
}

/** Collects French messages, each naming the field by its path in the mapping (`points[2].unit`). */
class MappingChecker {
  readonly errors: string[] = [];

  fail(path: string, message: string): void {
    this.errors.push(`Champ « ${path} » : ${message}`);
  }

  unknownFields(object: Record<string, unknown>, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) {
        const where = path === '' ? key : `${path}.${key}`;
        this.fail(where, `ce champ n’existe pas ; les champs possibles sont ${quoteList(allowed)}.`);
      }
    }
  }

  text(object: Record<string, unknown>, key: string, path: string, required: boolean): string | null {
    const value = object[key];
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'ce champ est obligatoire : indiquez un texte non vide.');
      return null;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, `${show(value)} n’est pas un texte non vide : indiquez un texte.`);
      return null;
    }
    return value.trim();
  }

  choice<T extends string>(
    object: Record<string, unknown>,
    key: string,
    path: string,
    allowed: readonly T[],
    fallback: T | null,
  ): T | null {
    const value = object[key];
    if (value === undefined || value === null) {
      if (fallback !== null) return fallback;
      this.fail(path, `ce champ est obligatoire : choisissez ${quoteList(allowed)}.`);
      return null;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `${show(value)} n’est pas une valeur permise : choisissez ${quoteList(allowed)}.`);
      return null;
    }
    return value as T;
  }

  multiplier(object: Record<string, unknown>, path: string): number {
    const value = object.multiplier;
    if (value === undefined || value === null) return 1;
    if (typeof value !== 'number' || !Number.isFinite(value) || value === 0) {
      this.fail(
        path,
        `${show(value)} n’est pas un coefficient valide : indiquez un nombre non nul (1 par défaut).`,
      );
      return 1;
    }
    return value;
  }
}

function checkTimestamp(checker: MappingChecker, value: unknown): BmsTimestampColumns | null {
  if (!isRecord(value)) {
    checker.fail(
      'timestamp',
      'ce champ est obligatoire : indiquez { "column": "<colonne date et heure>" } ou { "dateColumn": "<colonne date>", "timeColumn": "<colonne heure>" }.',
    );
    return null;
  }
  if ('column' in value) {
    checker.unknownFields(value, ['column'], 'timestamp');
    const column = checker.text(value, 'column', 'timestamp.column', true);
    return column === null ? null : { column };
  }
  checker.unknownFields(value, ['dateColumn', 'timeColumn'], 'timestamp');
  const dateColumn = checker.text(value, 'dateColumn', 'timestamp.dateColumn', true);
  const timeColumn = checker.text(value, 'timeColumn', 'timestamp.timeColumn', true);
  return dateColumn === null || timeColumn === null ? null : { dateColumn, timeColumn };
}

function checkLong(
  checker: MappingChecker,
  value: unknown,
  layout: BmsMapping['layout'] | null,
): BmsLongColumns | null {
  if (layout !== 'long') {
    if (value !== undefined && value !== null) {
      checker.fail(
        'long',
        'ce champ ne sert qu’à la disposition « long » : retirez-le ou passez « layout » à « long ».',
      );
    }
    return null;
  }
  if (!isRecord(value)) {
    checker.fail(
      'long',
      'la disposition « long » demande ce champ : indiquez au moins { "valueColumn": "<colonne des valeurs>" }, et "pointColumn" quand un fichier contient plusieurs points.',
    );
    return null;
  }
  checker.unknownFields(value, LONG_FIELDS, 'long');
  const valueColumn = checker.text(value, 'valueColumn', 'long.valueColumn', true);
  return {
    pointColumn: checker.text(value, 'pointColumn', 'long.pointColumn', false),
    valueColumn: valueColumn ?? '',
    statusColumn: checker.text(value, 'statusColumn', 'long.statusColumn', false),
    flagsColumn: checker.text(value, 'flagsColumn', 'long.flagsColumn', false),
  };
}

function checkStep(checker: MappingChecker, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value > MAX_STEP_MINUTES ||
    !Number.isInteger(Math.round(value * 60 * 1e6) / 1e6)
  ) {
    checker.fail(
      'stepMinutes',
      `${show(value)} n’est pas un pas valide : indiquez une durée en minutes, supérieure à 0 et au plus ${MAX_STEP_MINUTES}, faite de secondes entières.`,
    );
    return null;
  }
  return value;
}

function checkReadingPoint(
  checker: MappingChecker,
  point: Record<string, unknown>,
  path: string,
): BmsReadingPoint | null {
  checker.unknownFields(point, READING_POINT_FIELDS, path);
  const source = checker.text(point, 'source', `${path}.source`, true);
  const externalId = checker.text(point, 'externalId', `${path}.externalId`, true);
  const measure = checker.choice(point, 'measure', `${path}.measure`, BMS_MEASURES, null);
  const multiplier = checker.multiplier(point, `${path}.multiplier`);
  let unit: BmsUnit | null = null;
  if (measure !== null) {
    unit = checker.choice(point, 'unit', `${path}.unit`, UNITS_BY_MEASURE[measure], null);
  }
  const defaultKind = measure === 'INDEX' ? 'index' : 'interval';
  const valuesKind = checker.choice(
    point,
    'valuesKind',
    `${path}.valuesKind`,
    ['interval', 'index'] as const,
    defaultKind,
  );
  if (measure !== null && valuesKind !== null) {
    if (measure === 'INDEX' && valuesKind === 'interval') {
      checker.fail(
        `${path}.valuesKind`,
        'un point de mesure « INDEX » est un compteur : choisissez « index ».',
      );
    }
    if (
      (measure === 'ENERGY' || measure === 'POWER' || measure === 'TEMPERATURE') &&
      valuesKind === 'index'
    ) {
      checker.fail(
        `${path}.valuesKind`,
        measure === 'ENERGY'
          ? 'un compteur d’énergie se déclare avec la mesure « INDEX » : changez « measure » en « INDEX ».'
          : `une mesure « ${measure} » n’est pas un compteur : choisissez « interval ».`,
      );
    }
  }
  if (source === null || externalId === null || measure === null || unit === null || valuesKind === null)
    return null;
  return { target: 'reading', source, externalId, measure, unit, multiplier, valuesKind };
}

function checkWeatherPoint(
  checker: MappingChecker,
  point: Record<string, unknown>,
  path: string,
): BmsWeatherPoint | null {
  checker.unknownFields(point, WEATHER_POINT_FIELDS, path);
  const source = checker.text(point, 'source', `${path}.source`, true);
  const stationCode = checker.text(point, 'stationCode', `${path}.stationCode`, true);
  const quantity = checker.choice(point, 'quantity', `${path}.quantity`, WEATHER_QUANTITIES, null);
  const multiplier = checker.multiplier(point, `${path}.multiplier`);
  let unit: WeatherUnit | null = null;
  if (quantity !== null) {
    const units = UNITS_BY_WEATHER_QUANTITY[quantity];
    unit = checker.choice(point, 'unit', `${path}.unit`, units, units[0] ?? null);
  }
  if (source === null || stationCode === null || quantity === null || unit === null) return null;
  return { target: 'weather', source, stationCode, quantity, unit, multiplier };
}

function checkPoints(checker: MappingChecker, value: unknown): BmsPoint[] {
  if (!Array.isArray(value) || value.length === 0) {
    checker.fail('points', 'indiquez la liste des points à importer, avec au moins un point.');
    return [];
  }
  const points: BmsPoint[] = [];
  value.forEach((point, index) => {
    const path = `points[${index}]`;
    if (!isRecord(point)) {
      checker.fail(path, `${show(point)} n’est pas un point : décrivez-le par un objet.`);
      return;
    }
    const target = checker.choice(
      point,
      'target',
      `${path}.target`,
      ['reading', 'weather'] as const,
      'reading',
    );
    let checked: BmsPoint | null = null;
    if (target === 'weather') checked = checkWeatherPoint(checker, point, path);
    if (target === 'reading') checked = checkReadingPoint(checker, point, path);
    if (checked) points.push(checked);
  });
  return points;
}

function checkDuplicates(checker: MappingChecker, points: readonly BmsPoint[]): void {
  const sources = new Map<string, number>();
  const targets = new Map<string, number>();
  points.forEach((point, index) => {
    const sourceKey = point.source.toLowerCase();
    const earlierSource = sources.get(sourceKey);
    if (earlierSource !== undefined) {
      checker.fail(
        `points[${index}].source`,
        `« ${point.source} » est déjà lu par points[${earlierSource}] : une colonne ou un point ne peut alimenter qu’une cible.`,
      );
    } else {
      sources.set(sourceKey, index);
    }
    const targetKey =
      point.target === 'reading'
        ? `reading|${point.externalId}|${point.measure}`
        : `weather|${point.stationCode}|${point.quantity}`;
    const earlierTarget = targets.get(targetKey);
    if (earlierTarget !== undefined) {
      checker.fail(
        `points[${index}]`,
        `ce point alimente la même cible que points[${earlierTarget}] : donnez-lui un autre identifiant ou retirez l’un des deux.`,
      );
    } else {
      targets.set(targetKey, index);
    }
  });
}

/** Returns whether some point needs the interval length: energy and volume per interval. */
function needsStep(points: readonly BmsPoint[]): boolean {
  return points.some(
    (point) =>
      point.target === 'reading' &&
      point.valuesKind === 'interval' &&
      (point.measure === 'ENERGY' || point.measure === 'VOLUME'),
  );
}

/**
 * Checks a mapping read from JSON and fills the defaults: separator, decimal mark, encoding and
 * date order `auto`, time zone Europe/Paris, coefficient 1. Every error is a French sentence
 * naming the field.
 */
export function validateBmsMapping(json: unknown): { mapping: BmsMapping } | { errors: string[] } {
  const checker = new MappingChecker();
  if (!isRecord(json)) {
    return {
      errors: ['La correspondance doit être un objet JSON décrivant les colonnes et les points du fichier.'],
    };
  }
  checker.unknownFields(json, ROOT_FIELDS, '');

  const layout = checker.choice(json, 'layout', 'layout', ['wide', 'long'] as const, null);
  const timestamp = checkTimestamp(checker, json.timestamp);
  const long = checkLong(checker, json.long, layout);
  const timeZone = checker.text(json, 'timeZone', 'timeZone', false) ?? 'Europe/Paris';
  if (!isKnownTimeZone(timeZone)) {
    checker.fail(
      'timeZone',
      `« ${timeZone} » n’est pas un fuseau horaire IANA : écrivez par exemple « Europe/Paris » ou « UTC ».`,
    );
  }
  const timestampMeaning = checker.choice(
    json,
    'timestampMeaning',
    'timestampMeaning',
    ['start', 'end', 'middle'] as const,
    null,
  );
  const stepMinutes = checkStep(checker, json.stepMinutes);
  const dateOrder = checker.choice(
    json,
    'dateOrder',
    'dateOrder',
    ['auto', 'dmy', 'mdy', 'ymd'] as const,
    'auto',
  );
  const separator = checker.choice(
    json,
    'separator',
    'separator',
    ['auto', ',', ';', 'tab'] as const,
    'auto',
  );
  const decimalMark = checker.choice(json, 'decimalMark', 'decimalMark', ['auto', '.', ','] as const, 'auto');
  const encoding = checker.choice(
    json,
    'encoding',
    'encoding',
    ['auto', 'utf-8', 'windows-1252', 'utf-16le'] as const,
    'auto',
  );
  const sheet = checker.text(json, 'sheet', 'sheet', false);
  const points = checkPoints(checker, json.points);
  checkDuplicates(checker, points);

  if (json.stepMinutes === undefined || json.stepMinutes === null) {
    if (timestampMeaning === 'end' || timestampMeaning === 'middle') {
      checker.fail(
        'stepMinutes',
        `un horodatage en ${timestampMeaning === 'end' ? 'fin' : 'milieu'} d’intervalle demande la durée de l’intervalle : indiquez le pas en minutes.`,
      );
    } else if (needsStep(points)) {
      checker.fail(
        'stepMinutes',
        'une énergie ou un volume par intervalle demande la durée de l’intervalle : indiquez le pas en minutes.',
      );
    }
  }
  if (long !== null && long.pointColumn === null && points.length > 1) {
    checker.fail(
      'long.pointColumn',
      'sans colonne de nom de point, le fichier ne contient qu’un point : indiquez « pointColumn » ou ne gardez qu’un point.',
    );
  }

  if (
    checker.errors.length > 0 ||
    layout === null ||
    timestamp === null ||
    timestampMeaning === null ||
    dateOrder === null ||
    separator === null ||
    decimalMark === null ||
    encoding === null
  ) {
    return { errors: checker.errors.length > 0 ? checker.errors : ['La correspondance est incomplète.'] };
  }
  return {
    mapping: {
      layout,
      timestamp,
      long,
      timeZone,
      timestampMeaning,
      stepMinutes,
      dateOrder,
      separator,
      decimalMark,
      encoding,
      sheet,
      points,
    },
  };
}
