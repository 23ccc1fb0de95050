/**
 * Enedis SGE M023 publications ("R6X"): the response to a one-off historical-data request, as JSON
 * or as the portal's CSV, possibly still in its zip. R63 load curves become interval energies,
 * R64 indexes become INDEX readings per tariff class, R65 daily energies become daily readings and
 * R66 daily maximum powers become maximum-power records. R67 billing quantities are not read.
 *
 * Load-curve stamps carry no offset and mean the start of the interval for C1–C4 and P1–P3
 * meters but its end for C5 and P4 (Linky). The files do not name the segment, so the parser
 * decides per PRM from the first of these that applies:
 * 1. the segment configured for the PRM;
 * 2. the nature code of its points (`B` is a raw Linky point, `R` a real point of a meter above
 *    36 kVA);
 * 3. the step (5 or 10 minutes for C1–C4, 15 minutes and more for Linky), with a warning.
 */

import { type Unzipped, unzipSync } from 'fflate';
import { emptyResult, fatalResult, placeOf } from '../results.js';
import { binarySignature, decodeText, splitLines } from '../text.js';
import type { DetectInput, FileParser, ParseResult, ParserInput, SourceLocation } from '../types.js';
import {
  asArray,
  asObject,
  asText,
  checkPrm,
  energyDivisor,
  headerKey,
  readSemicolonRecords,
  seriesIdOf,
} from './common.js';
import {
  type ConventionChooser,
  classIndexId,
  type GrandeurSeries,
  isDistributorGrid,
  type MeasureKind,
  readGrandeur,
  readIndexItem,
  readMeasureItem,
} from './r6x-json.js';
import {
  Collector,
  convertIndexes,
  mergeResult,
  type RawPoint,
  type RawSeries,
  type StampConvention,
} from './series.js';
import { durationSeconds } from './time.js';

export const ENEDIS_M023_FORMAT = 'enedis-m023';

/** Options of the M023 parser; the server passes none today. */
export interface EnedisM023Options {
  /**
   * Tariff segment per PRM (`C1`…`C5`, `P1`…`P4`), as published in the C68 facts. It decides
   * whether a load-curve stamp is the start or the end of its interval.
   */
  segments?: Record<string, string>;
}

type Flow = 'R63' | 'R64' | 'R65' | 'R66' | 'R67';

const FLOW_IN_NAME = /(?:^|_)(R6[3-7])[AB]?(?=_|\.|$)/i;
const FLOW_CODE = /^(R6[3-7])[AB]?$/i;
/** Largest inner file read from an archive; bigger ones must be unzipped and imported apart. */
const MAX_INNER_FILE_BYTES = 256 * 1024 * 1024;

function flowOf(text: string | null): Flow | null {
  const match = FLOW_CODE.exec((text ?? '').trim());
  return match ? ((match[1] as string).toUpperCase() as Flow) : null;
}

function flowOfName(fileName: string): Flow | null {
  const match = FLOW_IN_NAME.exec(fileName);
  return match ? ((match[1] as string).toUpperCase() as Flow) : null;
}

/** Columns of the CSV layout that identify it; the others are optional. */
const REQUIRED_COLUMNS = ['identifiant prm', 'horodate', 'valeur'];

/**
 * Returns the confidence that a file is an M023 publication: certain from the JSON header code
 * or the CSV header line, likely from the publication name of a zip archive.
 */
export function detectEnedisM023(input: DetectInput): number {
  const flow = flowOfName(input.fileName);
  const signature = binarySignature(input.headBytes);
  if (signature === 'zip') return flow && !/\.xlsx$/i.test(input.fileName) ? 0.9 : 0;
  if (signature !== null) return 0;
  const head = input.head.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) {
    if (/"codeFlux"\s*:\s*"R6[3-7][AB]?"/.test(head) && /"mesures"\s*:/.test(head)) return 1;
    if (/"header"\s*:/.test(head) && /"mesures"\s*:/.test(head) && /"idPrm"\s*:/.test(head)) return 0.9;
    return 0;
  }
  const firstLine = splitLines(head)[0]?.text ?? '';
  const keys = firstLine.split(';').map(headerKey);
  if (keys[0] === 'identifiant prm' && REQUIRED_COLUMNS.every((key) => keys.includes(key))) {
    // The particulier portal CSV starts the same way but has « Type de donnees » and no Horodate.
    return keys.includes('type donnees') ? 0 : 1;
  }
  return 0;
}

function segmentConvention(segment: string): StampConvention | null {
  const code = segment.trim().toUpperCase();
  if (/^(C[1-4]|P[1-3])$/.test(code)) return 'start';
  if (code === 'C5' || code === 'P4') return 'end';
  return null;
}

/** Meter clues of a load-curve point: its nature code and its step. */
interface MeterHint {
  nature: string | null;
  step: string | null;
}

/**
 * Builds the rule that decides, per PRM, whether load-curve stamps are interval starts or ends.
 * `hintsOf` yields every load-curve point of the PRM in the file, so that all its series (raw
 * and corrected, withdrawal and injection) share one decision.
 */
function conventionChooser(
  options: EnedisM023Options | null,
  collector: Collector,
  hintsOf: (prm: string) => Iterable<MeterHint>,
): ConventionChooser {
  const decided = new Map<string, StampConvention>();
  return (prm) => {
    const known = decided.get(prm);
    if (known) return known;
    const convention = chooseConvention(prm, hintsOf(prm), options, collector);
    decided.set(prm, convention);
    return convention;
  };
}

function chooseConvention(
  prm: string,
  hints: Iterable<MeterHint>,
  options: EnedisM023Options | null,
  collector: Collector,
): StampConvention {
  const configured = options?.segments?.[prm];
  if (typeof configured === 'string') {
    const convention = segmentConvention(configured);
    if (convention) return convention;
    collector.warn(
      'invalid-segment',
      `${collector.file} : le segment « ${configured} » configuré pour le PRM ${prm} n’est pas un segment Enedis (C1 à C5, P1 à P4) ; il est ignoré. Corrigez la configuration du PRM.`,
    );
  }
  let linky = false;
  let aboveThirtySixKva = false;
  let firstStep: number | null = null;
  for (const hint of hints) {
    const nature = hint.nature?.trim().toUpperCase();
    if (nature === 'B') linky = true;
    else if (nature === 'R') aboveThirtySixKva = true;
    if (firstStep === null && hint.step !== null) firstStep = durationSeconds(hint.step);
    if (linky && aboveThirtySixKva) break;
  }
  if (linky !== aboveThirtySixKva) return linky ? 'end' : 'start';

  const convention: StampConvention = firstStep !== null && firstStep <= 600 ? 'start' : 'end';
  const stepText = firstStep === null ? 'inconnu' : `${firstStep / 60} min`;
  const assumed =
    convention === 'start'
      ? 'un compteur C1–C4 ou P1–P3, dont l’horodatage marque le début de l’intervalle'
      : 'un compteur Linky (C5 ou P4), dont l’horodatage marque la fin de l’intervalle';
  collector.warn(
    'segment-assumed',
    `${collector.file} : ni la configuration ni la nature des points n’indiquent le segment du PRM ${prm}. D’après le pas (${stepText}), la plateforme a supposé ${assumed}. Vérifiez le segment du PRM (données C68) : s’il est différent, la courbe importée est décalée d’un pas.`,
    { field: 'Nature' },
  );
  return convention;
}

/** Nature and step of every point of a PRM's grandeurs in a JSON publication, without copying them. */
function* jsonHints(measures: readonly unknown[], prm: string): Generator<MeterHint> {
  for (const measure of measures) {
    const item = asObject(measure);
    if (asText(item?.idPrm)?.trim() !== prm) continue;
    for (const grandeur of asArray(item?.grandeur)) {
      for (const entry of asArray(asObject(grandeur)?.points)) {
        const point = asObject(entry);
        yield { nature: asText(point?.n), step: asText(point?.p) };
      }
    }
  }
}

function fatal(file: string, code: string, message: string): ParseResult {
  return fatalResult(ENEDIS_M023_FORMAT, file, code, message);
}

const R67_WARNING = (file: string): string =>
  `${file} : les mesures facturantes (R67) sont des quantités par période de facturation et par classe temporelle, pas une série de mesures au pas fixe ; la plateforme ne les importe pas. Pour les consommations, demandez une publication R63 (courbe de charge), R64 (index) ou R65 (énergies quotidiennes).`;

function parseJson(file: string, text: string, options: EnedisM023Options | null): ParseResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return fatal(
      file,
      'invalid-json',
      `${file} : le JSON est invalide ou tronqué (${(error as Error).message}). Téléchargez de nouveau la publication depuis le SFTP Enedis.`,
    );
  }
  const root = asObject(body);
  const measures = root?.mesures;
  if (!root || !Array.isArray(measures)) {
    return fatal(
      file,
      'not-m023',
      `${file} : le JSON n’a pas de tableau « mesures » ; ce n’est pas une publication M023 (R63 à R67). Pour une réponse de l’API Data Connect, choisissez le format « enedis-dataconnect ».`,
    );
  }
  const collector = new Collector(file, ENEDIS_M023_FORMAT);
  const flow =
    flowOf(asText(asObject(root.header)?.codeFlux)) ??
    flowOfName(file) ??
    (measures.some((measure) => asObject(measure)?.contexte !== undefined)
      ? text.includes('"quantite"')
        ? 'R67'
        : 'R64'
      : null);
  if (flow === 'R67') {
    collector.warn('r67-not-imported', R67_WARNING(file));
    return collector.finish();
  }
  const chooser = conventionChooser(options, collector, (prm) => jsonHints(measures, prm));
  // NOTE: unlike the CSV reader, raw (BRUT) and corrected (BEST) items of one PRM are both
  // converted, so the same instants come twice when a publication carries both.
  measures.forEach((measure, index) => {
    const path = `/mesures[${index}]`;
    if (flow === 'R64') readIndexItem(measure, path, collector);
    else readMeasureItem(measure, path, flow, collector, chooser);
  });
  return collector.finish();
}

/** Column positions of the CSV layout, by reduced header name. */
type Columns = Map<string, number>;

function cell(fields: readonly string[], columns: Columns, key: string): string | null {
  const index = columns.get(key);
  if (index === undefined) return null;
  const value = fields[index];
  return value === undefined ? null : value.trim();
}

interface CsvSeries extends GrandeurSeries {
  kind: MeasureKind | null;
  stage: string;
}

function parseCsv(file: string, text: string, options: EnedisM023Options | null): ParseResult {
  const records = readSemicolonRecords(text);
  const headerIndex = records.findIndex((record) => record.raw.trim() !== '');
  const header = records[headerIndex];
  if (!header)
    return fatal(file, 'empty-file', `${file} : le fichier est vide. Téléchargez de nouveau la publication.`);
  const columns: Columns = new Map();
  header.fields.forEach((name, index) => {
    const key = headerKey(name);
    if (key !== '' && !columns.has(key)) columns.set(key, index);
  });
  const missing = REQUIRED_COLUMNS.filter((key) => !columns.has(key));
  if (missing.length > 0) {
    return fatal(
      file,
      'header-not-found',
      `${placeOf(file, header.line, null)} : l’en-tête d’une publication M023 (Identifiant PRM;…;Horodate;Valeur;…) est introuvable. Si le fichier vient du SFTP Enedis, il est peut-être encore chiffré ou compressé : déchiffrez-le et décompressez-le avant de l’importer.`,
    );
  }
  const collector = new Collector(file, ENEDIS_M023_FORMAT);
  const flow = flowOfName(file);
  if (flow === 'R67') {
    collector.warn('r67-not-imported', R67_WARNING(file));
    return collector.finish();
  }
  const indexLayout = columns.has('identifiant classe temporelle') || columns.has('cadran');
  // NOTE: only the R63 and R64 CSV layouts are documented; R65 and R66 rows are read with the
  // R63 column names, the physical quantity (EA, PMA) deciding what a row carries.
  const kind: MeasureKind | null = flow === 'R63' || flow === 'R65' || flow === 'R66' ? flow : null;
  const seriesByKey = new Map<string, CsvSeries>();
  const indexSeries = new Map<string, RawSeries>();
  const valueColumn = header.fields[columns.get('valeur') as number]?.trim() ?? 'Valeur';
  let lastKey = '';
  let lastSeries: CsvSeries | RawSeries | null = null;

  for (const record of records.slice(headerIndex + 1)) {
    if (record.raw.trim() === '') continue;
    const fields = record.fields;
    const location: SourceLocation = { file, line: record.line, element: null, field: valueColumn };
    const prmText = cell(fields, columns, 'identifiant prm') ?? '';
    const quantity = (cell(fields, columns, 'grandeur physique') ?? 'PA').toUpperCase();
    const direction = cell(fields, columns, 'grandeur metier');
    const unit = cell(fields, columns, 'unite');
    const classId = indexLayout ? (cell(fields, columns, 'identifiant classe temporelle') ?? '') : '';
    const calendarId = indexLayout ? cell(fields, columns, 'identifiant calendrier') : null;
    const grid = indexLayout
      ? cell(fields, columns, 'libelle grille') || cell(fields, columns, 'grille')
      : null;
    const stage = (cell(fields, columns, 'etape metier') ?? '').toUpperCase();
    const key = `${prmText}|${quantity}|${direction}|${unit}|${classId}|${calendarId}|${grid}|${stage}`;
    const point: RawPoint = {
      stamp: cell(fields, columns, 'horodate') ?? '',
      value: cell(fields, columns, 'valeur'),
      step: cell(fields, columns, 'pas'),
      nature: cell(fields, columns, 'nature'),
      correction: cell(fields, columns, 'type correction'),
      location,
      raw: record.raw,
    };
    // Rows of one series follow each other, so the previous row's series is usually the right one.
    if (key === lastKey && lastSeries) {
      lastSeries.points.push(point);
      continue;
    }
    const prm = checkPrm(prmText);
    if (!prm.ok) {
      collector.result.recordsRead += 1;
      collector.reject(
        { ...location, field: header.fields[columns.get('identifiant prm') as number]?.trim() ?? null },
        'invalid-prm',
        prm.reason,
        'La ligne est rejetée.',
        record.raw,
      );
      continue;
    }
    if (indexLayout) {
      const divisor = quantity === 'EA' ? energyDivisor(unit) : null;
      if (divisor === null) {
        collector.result.recordsRead += 1;
        collector.count(
          `skipped-index-${quantity}-${unit}`,
          (count) =>
            `${file} : ${count} index de grandeur « ${quantity} » (${unit ?? 'sans unité'}) ont été ignorés ; la plateforme ne stocke que les index d’énergie active (EA, en Wh). Aucune action n’est nécessaire.`,
        );
        lastKey = '';
        continue;
      }
      const externalId =
        classId === ''
          ? seriesIdOf(prm.value, direction)
          : classIndexId(prm.value, direction, classId, isDistributorGrid(calendarId, grid));
      const seriesKey = `${externalId}|${divisor}`;
      let series = indexSeries.get(seriesKey);
      if (!series) {
        series = { externalId, divisor, points: [] };
        indexSeries.set(seriesKey, series);
      }
      series.points.push(point);
      lastKey = key;
      lastSeries = series;
      continue;
    }
    let series = seriesByKey.get(key);
    if (!series) {
      series = {
        kind,
        stage,
        prm: prm.value,
        externalId: seriesIdOf(prm.value, direction),
        quantity,
        unit,
        step: null,
        points: [],
        where: { file, line: record.line, element: null, field: null },
        unitField: header.fields[columns.get('unite') ?? -1]?.trim() ?? 'Unité',
        stepField: 'Pas',
        pointStepField: header.fields[columns.get('pas') ?? -1]?.trim() ?? 'Pas',
      };
      seriesByKey.set(key, series);
    }
    series.points.push(point);
    lastKey = key;
    lastSeries = series;
  }

  const chooser = conventionChooser(options, collector, (prm) => csvHints(seriesByKey.values(), prm));
  for (const series of preferCorrected(seriesByKey, collector))
    readGrandeur(series.kind, series, collector, chooser);
  for (const series of indexSeries.values()) convertIndexes(series, collector);
  return collector.finish();
}

function* csvHints(series: Iterable<CsvSeries>, prm: string): Generator<MeterHint> {
  for (const entry of series) if (entry.prm === prm) yield* entry.points;
}

/**
 * Keeps the corrected (BEST) series of a quantity when the file also has its raw (BRUT) series
 * for the same PRM, so that the two versions do not overwrite each other in an arbitrary order.
 */
function preferCorrected(seriesByKey: Map<string, CsvSeries>, collector: Collector): CsvSeries[] {
  const all = [...seriesByKey.values()];
  const corrected = new Set(
    all
      .filter((series) => series.stage === 'BEST')
      .map((series) => `${series.externalId}|${series.quantity}`),
  );
  return all.filter((series) => {
    if (series.stage === 'BEST' || !corrected.has(`${series.externalId}|${series.quantity}`)) return true;
    collector.result.recordsRead += series.points.length;
    collector.warn(
      'raw-superseded',
      `${collector.file} : la série brute (${series.stage || 'sans étape'}) de ${series.externalId} (${series.quantity}) a été ignorée, car le fichier contient aussi sa série corrigée (BEST), qui est importée.`,
      { line: series.where.line },
    );
    return false;
  });
}

function parseText(file: string, bytes: Uint8Array, options: EnedisM023Options | null): ParseResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return fatal(file, 'unreadable-encoding', `${file} : ${decoded.reason}.`);
  const text = decoded.text;
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return parseJson(file, text, options);
  return parseCsv(file, text, options);
}

function parseArchive(file: string, bytes: Uint8Array, options: EnedisM023Options | null): ParseResult {
  let entries: Unzipped;
  const tooLarge: string[] = [];
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        if (!/\.(json|csv)$/i.test(entry.name)) return false;
        if (entry.originalSize > MAX_INNER_FILE_BYTES) {
          tooLarge.push(entry.name);
          return false;
        }
        return true;
      },
    });
  } catch {
    return fatal(
      file,
      'corrupt-zip',
      `${file} : l’archive zip est illisible ou tronquée. Téléchargez-la de nouveau depuis le SFTP Enedis ; si elle vient d’être déposée, elle est peut-être encore chiffrée.`,
    );
  }

  const names = Object.keys(entries).sort();
  if (names.length === 0) {
    const reason =
      tooLarge.length > 0
        ? `ses fichiers (${tooLarge.join(', ')}) dépassent ${MAX_INNER_FILE_BYTES / 1024 / 1024} Mo : décompressez l’archive et importez-les un par un`
        : 'elle ne contient aucun fichier .json ou .csv : vérifiez qu’il s’agit bien d’une publication R6X';
    return fatal(file, 'empty-archive', `${file} : ${reason}.`);
  }

  const result = emptyResult(ENEDIS_M023_FORMAT);
  result.maxPowers = [];
  let readable = 0;
  for (const name of names) {
    const inner = parseText(`${file}/${name}`, entries[name] as Uint8Array, options);
    if (inner.fatal) {
      result.issues.push({ ...inner.fatal, element: inner.fatal.element ?? name, severity: 'error' });
      continue;
    }
    readable += 1;
    mergeResult(result, inner);
  }
  for (const name of tooLarge) {
    result.issues.push({
      file: `${file}/${name}`,
      line: null,
      element: name,
      field: null,
      severity: 'error',
      code: 'file-too-large',
      message: `${file}/${name} : le fichier dépasse ${MAX_INNER_FILE_BYTES / 1024 / 1024} Mo une fois décompressé et n’a pas été lu. Décompressez l’archive et importez ce fichier seul.`,
      raw: null,
    });
  }

  if (readable === 0) {
    const first = result.issues[0];
    return fatal(
      file,
      first?.code ?? 'unreadable-archive',
      first?.message ?? `${file} : aucun fichier lisible.`,
    );
  }
  return result;
}

/** Reads an M023 publication: JSON, CSV or the zip archive holding them. */
export function parseEnedisM023(input: ParserInput, options?: EnedisM023Options | null): ParseResult {
  const file = input.fileName;
  const settings = asObject(options) as EnedisM023Options | null;
  const signature = binarySignature(input.bytes);
  if (signature === 'zip') return parseArchive(file, input.bytes, settings);
  if (signature === 'gzip') {
    return fatal(
      file,
      'compressed-file',
      `${file} : le fichier est compressé (gzip). Décompressez-le avant de l’importer.`,
    );
  }
  return parseText(file, input.bytes, settings);
}

export const enedisM023Parser: FileParser<EnedisM023Options | null> = {
  format: ENEDIS_M023_FORMAT,
  label: 'Enedis M023 : publications R63, R64, R65, R66 (JSON ou CSV)',
  needsMapping: false,
  detect: detectEnedisM023,
  parse: async (input, options) => parseEnedisM023(input, options),
};
