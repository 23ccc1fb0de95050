/**
 * Météo-France daily climatological files of meteo.data.gouv.fr ("données climatologiques de
 * base quotidiennes"), family `RR-T-Vent`: `Q_<dep>_<period>_RR-T-Vent.csv.gz`, one row per station
 * and day, `;`-separated, missing values as empty fields. The caller decompresses `.gz` files;
 * this parser reads the CSV text only, so core stays free of I/O and of zlib.
 */

import { emptyResult, errorIssue, fatalResult, placeOf, warningIssue } from './results.js';
import { binarySignature, decodeText, readCsvRecords, splitLines } from './text.js';
import type { DetectInput, FileParser, ParseResult, ParserInput, WeatherDailyRecord } from './types.js';

export const METEO_FRANCE_DAILY_FORMAT = 'meteo-france-daily';

/** First columns of every daily file, in this order. */
const LEADING_COLUMNS = ['NUM_POSTE', 'NOM_USUEL', 'LAT', 'LON', 'ALTI', 'AAAAMMJJ'];
/** Columns this parser reads besides the leading ones. */
const TEMPERATURE_COLUMNS = ['TN', 'QTN', 'TX', 'QTX', 'TNTXM', 'QTNTXM'];
/** Name of the files, with or without `.gz`: department (2 digits, 2A, 2B or 3 digits), period, family. */
const FILE_NAME = /^Q_(\d{2,3}|2[AB])_(?:previous-\d{4}-\d{4}|latest-\d{4}-\d{4})_RR-T-Vent\.csv(?:\.gz)?$/i;
/** Header of the files of the former "donneespubliques" portal (SYNOP), which wrote `mq` for missing. */
const LEGACY_HEADER = /^numer_sta\s*;/i;

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const QUALITY_CODE = /^\d$/;

type Columns = Record<string, number>;

function headerColumns(fields: readonly string[]): Columns {
  const columns: Columns = {};
  fields.forEach((field, index) => {
    const name = field
      .replace(/^\uFEFF/, '')
      .trim()
      .toUpperCase();
    if (name !== '' && columns[name] === undefined) columns[name] = index;
  });
  return columns;
}

function isDailyHeader(columns: Columns): boolean {
  return LEADING_COLUMNS.every((name) => columns[name] !== undefined);
}

function hasTemperatureColumns(columns: Columns): boolean {
  return TEMPERATURE_COLUMNS.every((name) => columns[name] !== undefined);
}

/**
 * Returns the confidence that a file is a daily Météo-France file. The header makes it certain.
 * The file name alone makes it likely, because a compressed head shows no header. The legacy
 * layout is likely too, so that the parser can explain why it rejects it.
 */
export function detectMeteoFranceDaily(input: DetectInput): number {
  const nameMatches = FILE_NAME.test(input.fileName.trim());
  if (binarySignature(input.headBytes) !== null) return nameMatches ? 0.6 : 0;
  const firstLine = splitLines(input.head.replace(/^\uFEFF/, ''))[0]?.text ?? '';
  const columns = headerColumns(firstLine.split(';'));
  if (isDailyHeader(columns)) return hasTemperatureColumns(columns) ? 1 : 0.9;
  if (LEGACY_HEADER.test(firstLine) || /;mq(?:;|$)/m.test(input.head)) return nameMatches ? 0.9 : 0.6;
  return nameMatches ? 0.6 : 0;
}

type FieldOutcome<T> = { ok: true; value: T } | { ok: false; column: string; reason: string };

function readNumber(fields: readonly string[], columns: Columns, name: string): FieldOutcome<number | null> {
  const text = (fields[columns[name] as number] ?? '').trim();
  if (text === '') return { ok: true, value: null };
  if (!NUMBER.test(text)) {
    return {
      ok: false,
      column: name,
      reason: `« ${text} » n’est pas un nombre (attendu : chiffres et point décimal, comme -3.4)`,
    };
  }
  return { ok: true, value: Number(text) };
}

function readQuality(fields: readonly string[], columns: Columns, name: string): FieldOutcome<string | null> {
  const text = (fields[columns[name] as number] ?? '').trim();
  if (text === '') return { ok: true, value: null };
  if (!QUALITY_CODE.test(text)) {
    return { ok: false, column: name, reason: `« ${text} » n’est pas un code qualité (0, 1, 2 ou 9)` };
  }
  return { ok: true, value: text };
}

function readDate(text: string): FieldOutcome<string> {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const invalid = {
    ok: false as const,
    column: 'AAAAMMJJ',
    reason: `« ${text} » n’est pas une date AAAAMMJJ du calendrier`,
  };
  if (!match) return invalid;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1800 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return invalid;
  return { ok: true, value: `${match[1]}-${match[2]}-${match[3]}` };
}

function readStationCode(text: string): FieldOutcome<string> {
  const code = text.trim();
  if (/^\d{8}$/.test(code)) return { ok: true, value: code };
  const hint = /^\d{7}$/.test(code)
    ? ' : le zéro initial d’un département 01 à 09 a sans doute été perdu (fichier ouvert dans Excel) ; reprenez le fichier d’origine'
    : '';
  return {
    ok: false,
    column: 'NUM_POSTE',
    reason: `« ${code} » n’est pas un numéro de station à 8 chiffres${hint}`,
  };
}

type RecordOutcome =
  | { ok: true; record: Omit<WeatherDailyRecord, 'location'> }
  | { ok: false; column: string; reason: string };

function readRecord(fields: readonly string[], columns: Columns): RecordOutcome {
  const station = readStationCode(fields[columns.NUM_POSTE as number] ?? '');
  if (!station.ok) return station;
  const date = readDate((fields[columns.AAAAMMJJ as number] ?? '').trim());
  if (!date.ok) return date;
  const numbers: Record<string, number | null> = {};
  for (const name of ['LAT', 'LON', 'ALTI', 'TN', 'TX', 'TNTXM']) {
    const read = readNumber(fields, columns, name);
    if (!read.ok) return read;
    numbers[name] = read.value;
  }
  const qualities: Record<string, string | null> = {};
  for (const name of ['QTN', 'QTX', 'QTNTXM']) {
    const read = readQuality(fields, columns, name);
    if (!read.ok) return read;
    qualities[name] = read.value;
  }
  return {
    ok: true,
    record: {
      stationCode: station.value,
      stationName: (fields[columns.NOM_USUEL as number] ?? '').trim(),
      latitude: numbers.LAT ?? null,
      longitude: numbers.LON ?? null,
      altitudeM: numbers.ALTI ?? null,
      date: date.value,
      tnC: numbers.TN ?? null,
      txC: numbers.TX ?? null,
      tntxmC: numbers.TNTXM ?? null,
      tnQuality: qualities.QTN ?? null,
      txQuality: qualities.QTX ?? null,
      tntxmQuality: qualities.QTNTXM ?? null,
    },
  };
}

function sameValues(
  a: Omit<WeatherDailyRecord, 'location'>,
  b: Omit<WeatherDailyRecord, 'location'>,
): boolean {
  return (
    a.tnC === b.tnC &&
    a.txC === b.txC &&
    a.tntxmC === b.tntxmC &&
    a.tnQuality === b.tnQuality &&
    a.txQuality === b.txQuality &&
    a.tntxmQuality === b.tntxmQuality
  );
}

function issueCodeOf(column: string): string {
  if (column === 'AAAAMMJJ') return 'invalid-date';
  if (column === 'NUM_POSTE') return 'invalid-station-code';
  return column.startsWith('Q') ? 'invalid-quality-code' : 'invalid-number';
}

/** Reads a decompressed daily file into one record per station and day. */
export function parseMeteoFranceDaily(input: ParserInput): ParseResult {
  const format = METEO_FRANCE_DAILY_FORMAT;
  const file = input.fileName;
  const signature = binarySignature(input.bytes);
  if (signature !== null) {
    return fatalResult(
      format,
      file,
      'binary-file',
      `${file} : le fichier est encore compressé (${signature}). Décompressez-le, ou déposez le fichier .csv.gz tel que publié par meteo.data.gouv.fr : la plateforme le décompresse.`,
    );
  }
  const decoded = decodeText(input.bytes);
  if (!decoded.ok) return fatalResult(format, file, 'unreadable-encoding', `${file} : ${decoded.reason}.`);
  const records = readCsvRecords(decoded.text, ';');
  const header = records[0];
  if (!header)
    return fatalResult(
      format,
      file,
      'empty-file',
      `${file} : le fichier est vide. Téléchargez-le de nouveau depuis meteo.data.gouv.fr.`,
    );

  const columns = headerColumns(header.fields);
  if (
    LEGACY_HEADER.test(header.raw.replace(/^\uFEFF/, '')) ||
    (!isDailyHeader(columns) && /;mq(?:;|$)/m.test(decoded.text))
  ) {
    return fatalResult(
      format,
      file,
      'legacy-format',
      `${file} : ce fichier suit l’ancien format du portail « donneespubliques » de Météo-France (valeurs manquantes notées « mq »), que la plateforme ne lit pas. Téléchargez les données quotidiennes sur meteo.data.gouv.fr (fichiers Q_<département>_…_RR-T-Vent.csv.gz).`,
    );
  }
  if (!isDailyHeader(columns)) {
    return fatalResult(
      format,
      file,
      'header-not-found',
      `${file} : la ligne 1 ne commence pas par l’en-tête ${LEADING_COLUMNS.join(';')}. Ce n’est pas un fichier quotidien de meteo.data.gouv.fr ; vérifiez le fichier choisi.`,
    );
  }
  const missing = TEMPERATURE_COLUMNS.filter((name) => columns[name] === undefined);
  if (missing.length > 0) {
    return fatalResult(
      format,
      file,
      'missing-column',
      `${file} : les colonnes ${missing.join(', ')} manquent. Importez le fichier de la famille « RR-T-Vent », qui contient les températures quotidiennes, et non « autres-parametres ».`,
    );
  }

  const result = emptyResult(format);
  const seen = new Map<string, { line: number; record: Omit<WeatherDailyRecord, 'location'> }>();
  let identicalDuplicates = 0;
  for (const row of records.slice(1)) {
    if (row.raw.trim() === '') continue;
    result.recordsRead += 1;
    if (/(?:^|;)\s*mq\s*(?:;|$)/i.test(row.raw)) {
      return fatalResult(
        format,
        file,
        'legacy-format',
        `${placeOf(file, row.line, null)} : la valeur « mq » (manquant) appartient à l’ancien format de Météo-France, que la plateforme ne lit pas. Téléchargez le fichier quotidien actuel sur meteo.data.gouv.fr.`,
      );
    }
    if (row.fields.length !== header.fields.length) {
      result.issues.push(
        errorIssue({
          file,
          line: row.line,
          code: 'column-count',
          message: `${placeOf(file, row.line, null)} : la ligne a ${row.fields.length} colonne(s) au lieu de ${header.fields.length} ; elle est peut-être tronquée. La ligne est rejetée : téléchargez de nouveau le fichier.`,
          raw: row.raw,
        }),
      );
      continue;
    }
    const read = readRecord(row.fields, columns);
    if (!read.ok) {
      result.issues.push(
        errorIssue({
          file,
          line: row.line,
          field: read.column,
          code: issueCodeOf(read.column),
          message: `${placeOf(file, row.line, read.column)} : ${read.reason}. La ligne est rejetée ; corrigez la valeur ou téléchargez de nouveau le fichier.`,
          raw: row.raw,
        }),
      );
      continue;
    }
    const key = `${read.record.stationCode}|${read.record.date}`;
    const earlier = seen.get(key);
    if (earlier) {
      if (sameValues(earlier.record, read.record)) {
        identicalDuplicates += 1;
        continue;
      }
      result.issues.push(
        errorIssue({
          file,
          line: row.line,
          field: 'AAAAMMJJ',
          code: 'duplicate-day',
          message: `${placeOf(file, row.line, 'AAAAMMJJ')} : la station ${read.record.stationCode} a déjà d’autres valeurs pour le ${read.record.date} ligne ${earlier.line}. La seconde ligne est rejetée ; vérifiez le fichier.`,
          raw: row.raw,
        }),
      );
      continue;
    }
    seen.set(key, { line: row.line, record: read.record });
    result.weatherDaily.push({
      ...read.record,
      location: { file, line: row.line, element: null, field: null },
    });
  }
  if (identicalDuplicates > 0) {
    result.issues.push(
      warningIssue({
        file,
        code: 'duplicate-values',
        message: `${file} : ${identicalDuplicates} ligne(s) répétée(s) à l’identique (même station, même jour) n’ont été gardées qu’une fois. Aucune action n’est nécessaire.`,
      }),
    );
  }
  return result;
}

export const meteoFranceDailyParser: FileParser<unknown> = {
  format: METEO_FRANCE_DAILY_FORMAT,
  label: 'Météo-France, données climatologiques quotidiennes (RR-T-Vent)',
  needsMapping: false,
  detect: detectMeteoFranceDaily,
  parse: async (input) => parseMeteoFranceDaily(input),
};
