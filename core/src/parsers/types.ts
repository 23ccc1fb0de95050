/**
 * Contract shared by every file parser: bytes in, typed records and located errors out. A parser
 * does no I/O and reads no clock, so the server, the CLI and the tests run the same code.
 */

import type { WorkbookData } from '../spreadsheet/cells.js';

/** A delivered file: its name as delivered (no folder) and its exact bytes. */
export interface ParserInput {
  fileName: string;
  bytes: Uint8Array;
  /**
   * Cells of an .xlsx file, read by the caller (the server reads workbooks with exceljs), so that
   * core needs no spreadsheet library. Undefined for text files.
   */
  workbook?: WorkbookData;
}

/** Position of a rejected element in its file. Every field that applies is set. */
export interface SourceLocation {
  file: string;
  /** 1-based physical line of a text file, or 1-based row of a spreadsheet. */
  line: number | null;
  /** Element path for XML and JSON (`/Releve/PDC[3]`), `Feuille!B12` for a spreadsheet, or a column name. */
  element: string | null;
  /** Field or column that contains the rejected value. */
  field: string | null;
}

/** One problem found in a file, with a French message that names the fault and the next step. */
export interface ParseIssue extends SourceLocation {
  severity: 'error' | 'warning';
  /** Stable machine code, such as `invalid-number` or `unknown-column`. */
  code: string;
  message: string;
  /** The offending line or value as found in the file, kept so users can download rejected rows. */
  raw: string | null;
}

/** Quantity a series value measures, named like the register kinds of the readings store. */
export type Measure = 'ENERGY' | 'INDEX' | 'POWER' | 'VOLUME' | 'TEMPERATURE';

export type ReadingQuality = 'measured' | 'estimated' | 'corrected' | 'missing';

/**
 * One value of a metered series, already in the canonical unit of its measure: kWh for ENERGY
 * and INDEX, kW for POWER (mean over the interval), m3 for VOLUME, °C for TEMPERATURE.
 */
export interface SeriesReading {
  /** Identifier the source uses: a PRM, a PCE, a BMS point name or a mapped column. */
  externalId: string;
  measure: Measure;
  /** UTC start of the interval; for INDEX, the instant the index was read. */
  start: Date;
  /** Length of the interval in seconds; null for an index read at an instant. */
  stepSeconds: number | null;
  /** Null exactly when quality is `missing`: a gap stays a gap, never a zero. */
  value: number | null;
  quality: ReadingQuality;
  /** Line, row or element the value came from, for error reports on later checks. */
  location: SourceLocation;
}

/** One day of a weather station's temperatures, keyed by the station's own date. */
export interface WeatherDailyRecord {
  stationCode: string;
  stationName: string;
  latitude: number | null;
  longitude: number | null;
  altitudeM: number | null;
  /** `YYYY-MM-DD` as the source gives it, with no time-zone shift. */
  date: string;
  tnC: number | null;
  txC: number | null;
  /** (Tn + Tx) / 2 as published by the source (Météo-France TNTXM). */
  tntxmC: number | null;
  /** Source quality codes (Météo-France: 9 filtered, 1 validated, 0 protected, 2 doubtful). */
  tnQuality: string | null;
  txQuality: string | null;
  tntxmQuality: string | null;
  location: SourceLocation;
}

/** One hourly weather observation of a station. */
export interface WeatherHourlyRecord {
  stationCode: string;
  observedAt: Date;
  temperatureC: number | null;
  relativeHumidityPct: number | null;
  globalIrradianceWm2: number | null;
  location: SourceLocation;
}

/**
 * Technical and contractual facts about a delivery point as its network operator publishes them
 * (Enedis C68). The server updates the delivery point's segment, subscribed powers and meter.
 */
export interface DeliveryPointFacts {
  /** PRM or PCE, as text. */
  identifier: string;
  /** Tariff segment (C1…C5 for electricity, T1…T4 or TP for gas) valid from `validFrom`. */
  segment: string | null;
  /** `YYYY-MM-DD` start of the contractual situation these facts describe. */
  validFrom: string | null;
  /** Subscribed powers in kVA, one per tariff period (`null` period for a single power). */
  subscribedPowers: Array<{ period: string | null; kva: number }>;
  /** Tariff formula code of the network tariff (TURPE FTA code, such as `BTINFCU4`). */
  tariffCode: string | null;
  meterSerial: string | null;
  location: SourceLocation;
}

/** Maximum power of a period (C5 R151, Data Connect, portal): not a mean power, so not a reading. */
export interface MaxPowerRecord {
  externalId: string;
  /** `YYYY-MM-DD` day (or first day of the period) the maximum belongs to. */
  date: string;
  /** Instant of the maximum when the source gives it. */
  at: Date | null;
  value: number;
  /** VA or W as published (Enedis switched R151 from W to VA in 2020). */
  unit: 'VA' | 'kVA' | 'W' | 'kW';
  location: SourceLocation;
}

/** Gas conversion of one reading period (GRDF): volume × coefficient = energy in kWh PCS. */
export interface GasConversionRecord {
  externalId: string;
  /** `YYYY-MM-DD` first and last gas day of the period. */
  from: string;
  to: string;
  /** Conversion coefficient in kWh per m³, as published. */
  coefficient: number | null;
  /** Higher heating value (PCS) in kWh per m³, when published apart from the coefficient. */
  pcsKwhPerM3: number | null;
  location: SourceLocation;
}

/** Position of one file in a multi-file publication (Enedis R50/R151 rank XXXXX of YYYYY). */
export interface PublicationPart {
  /** Flow name: R50, R151, R171, R4H, C68… */
  flow: string;
  /** Key shared by every file of the publication, such as subscription and sequence numbers. */
  publicationKey: string;
  rank: number;
  total: number;
}

/** Everything a parser extracted from one file. */
export interface ParseResult {
  format: string;
  readings: SeriesReading[];
  weatherDaily: WeatherDailyRecord[];
  weatherHourly: WeatherHourlyRecord[];
  /** Rejected rows or elements (severity error) and remarks (severity warning). */
  issues: ParseIssue[];
  /**
   * Set when the file as a whole cannot be read (corrupt, wrong format, unreadable encoding).
   * Then every record list is empty and nothing of the file may be stored.
   */
  fatal: ParseIssue | null;
  /** Rows or elements that carried data, rejected ones included, for the import counts. */
  recordsRead: number;
  /** Operator facts about delivery points (C68); absent for formats that carry none. */
  deliveryPointFacts?: DeliveryPointFacts[];
  maxPowers?: MaxPowerRecord[];
  gasConversions?: GasConversionRecord[];
  /** Set for files that are one part of a numbered multi-file publication. */
  publication?: PublicationPart | null;
}

/** Input of `detect`: the file name and its first bytes, decoded leniently as text. */
export interface DetectInput {
  fileName: string;
  head: string;
  /** Raw first bytes, for binary signatures (zip, gzip, xlsx). */
  headBytes: Uint8Array;
}

/**
 * Options that every parser receives besides its own mapping: keys to open encrypted operator
 * deliveries (Enedis SGE: AES-CBC key and IV as hexadecimal strings), configured per source.
 */
export interface DeliveryKeys {
  aesKeys: Array<{ keyHex: string; ivHex: string | null }>;
}

/** A file format that the platform can import. */
export interface FileParser<Options = unknown> {
  /** Name used by `openfluides import --format` and stored with each import run. */
  format: string;
  /** French name shown to users. */
  label: string;
  /** Whether the parser needs a saved per-source mapping to read a file. */
  needsMapping: boolean;
  /** Confidence from 0 (not this format) to 1 (certain) that the file is in this format. */
  detect(input: DetectInput): number;
  /** Asynchronous only because spreadsheet and archive readers are; it still does no I/O. */
  parse(input: ParserInput, options: Options): Promise<ParseResult>;
}
