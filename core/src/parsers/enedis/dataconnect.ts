/**
 * Enedis Data Connect API responses saved as JSON files, for Linky meters (C5 and P4):
 * - the metering data v5 body `{ "meter_reading": { "usage_point_id", "reading_type",
 *   "interval_reading": [{ "value", "date", "interval_length"? }] } }`;
 * - the French-keyed body used since 2026, shaped like one SGE R63/R65/R66 measure item
 *   (`idPrm`, `grandeur[].points[]` with `v`, `d`, `p`);
 * - error bodies (`error`/`error_description`, or the gateway's `code`/`message`/`description`),
 *   which become a fatal issue that explains the error and what to do.
 * Load-curve dates are Paris legal time without offset and mark the END of the interval, as for
 * every Linky curve.
 */

import { fatalResult } from '../results.js';
import { binarySignature, decodeText } from '../text.js';
import type { DetectInput, FileParser, ParseResult, ParserInput, SourceLocation } from '../types.js';
import { asArray, asObject, asText, checkPrm, energyDivisor, maxPowerUnit, powerDivisor } from './common.js';
import { readMeasureItem } from './r6x-json.js';
import { Collector, convertCurve, convertDaily, convertMaxPowers, type RawPoint } from './series.js';

export const ENEDIS_DATACONNECT_FORMAT = 'enedis-dataconnect';

/** Returns the parsed body when the head contains the whole JSON document, else null. */
function parseWholeHead(head: string): unknown {
  try {
    return JSON.parse(head);
  } catch {
    return null;
  }
}

function isErrorBody(body: Record<string, unknown>): boolean {
  if (
    typeof body.error === 'string' &&
    (typeof body.error_description === 'string' || Object.keys(body).length <= 3)
  ) {
    return true;
  }
  return (
    typeof body.code === 'string' && typeof body.message === 'string' && typeof body.description === 'string'
  );
}

/**
 * Returns the confidence that a file is a Data Connect response: certain from the v5 envelope or
 * the French-keyed measure keys, high for the known error bodies.
 */
export function detectEnedisDataConnect(input: DetectInput): number {
  if (binarySignature(input.headBytes) !== null) return 0;
  const head = input.head.replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{')) return 0;
  if (/"meter_reading"\s*:/.test(head) && /"(?:interval_reading|usage_point_id)"\s*:/.test(head)) return 1;
  // The SGE publications nest the same measure items under "mesures", next to a "header".
  const nested = /"mesures"\s*:/.test(head) || /"header"\s*:/.test(head);
  if (!nested && /"idPrm"\s*:/.test(head) && /"grandeur"\s*:/.test(head)) return 1;
  const body = asObject(parseWholeHead(head));
  if (body && isErrorBody(body)) return /^\d{6}$/.test(asText(body.code) ?? '') ? 0.9 : 0.8;
  return 0;
}

function fatal(file: string, code: string, message: string): ParseResult {
  return fatalResult(ENEDIS_DATACONNECT_FORMAT, file, code, message);
}

/** French explanation of the error codes Enedis and its API gateway return, with what to do. */
const ERROR_EXPLANATIONS: Record<string, string> = {
  no_data_found:
    'aucune mesure n’existe pour ce point de livraison sur la période demandée. Pour une courbe de charge, c’est le cas le plus fréquent quand la collecte de la consommation horaire n’est pas activée sur le PRM : faites-la activer (par le client depuis son espace Enedis, ou par une demande de collecte de la courbe de charge), puis redemandez les données à partir de la date d’activation. Sinon, vérifiez les dates : la fin est exclue et les données d’un jour J arrivent vers 8 h le lendemain',
  '900908':
    'la passerelle d’API d’Enedis refuse l’accès à la ressource (« Resource forbidden ») : l’application n’est pas abonnée à ce produit d’API, ou l’abonnement n’est pas validé. Abonnez l’application à l’API demandée (par exemple les mesures de comptage) dans l’espace Data Connect d’Enedis, attendez la validation, puis refaites l’appel',
};

/** Builds the fatal result of an error body, or null when the body is not one. */
function errorResult(file: string, body: Record<string, unknown>): ParseResult | null {
  if (!isErrorBody(body)) return null;
  const code = (asText(body.error) ?? asText(body.code) ?? '').trim();
  const detail = [asText(body.error_description), asText(body.message), asText(body.description)]
    .filter((text): text is string => text !== null && text.trim() !== '')
    .map((text) => text.trim())
    .join(' ; ');
  const explanation =
    ERROR_EXPLANATIONS[code] ??
    'ce code n’est pas documenté par la plateforme. Relisez le message d’Enedis ci-dessus, corrigez l’appel (identifiant du PRM, dates, consentement du client) et refaites-le';
  return fatal(
    file,
    'dataconnect-error',
    `${file} : ce fichier est une réponse d’erreur de l’API Enedis Data Connect, pas des mesures (code « ${code} »${detail === '' ? '' : `, message « ${detail} »`}). Signification : ${explanation}.`,
  );
}

type V5Kind = 'curve' | 'daily' | 'max';

/** Kind of a v5 response from its reading type, then from the resource name in the file name. */
function v5KindOf(readingType: Record<string, unknown>, fileName: string): V5Kind | null {
  const unit = (asText(readingType.unit) ?? '').trim();
  const aggregate = (asText(readingType.aggregate) ?? '').trim().toLowerCase();
  const kind = (asText(readingType.measurement_kind) ?? '').trim().toLowerCase();
  if (aggregate === 'maximum' || unit === 'VA' || unit === 'kVA') return 'max';
  if (unit === 'Wh' || unit === 'kWh' || kind === 'energy') return 'daily';
  if (unit === 'W' || unit === 'kW' || aggregate === 'average' || kind === 'power') return 'curve';
  const name = fileName.toLowerCase();
  if (name.includes('max_power')) return 'max';
  if (name.includes('load_curve')) return 'curve';
  if (name.includes('daily')) return 'daily';
  return null;
}

function parseV5(file: string, envelope: Record<string, unknown>): ParseResult {
  const collector = new Collector(file, ENEDIS_DATACONNECT_FORMAT);
  const readingType = asObject(envelope.reading_type) ?? {};
  const prm = checkPrm(asText(envelope.usage_point_id) ?? '');
  const readings = asArray(envelope.interval_reading);
  if (!prm.ok) {
    return fatal(
      file,
      'invalid-prm',
      `${file}, champ « meter_reading.usage_point_id » : ${prm.reason}. Les ${readings.length} mesures du fichier sont rejetées.`,
    );
  }
  const kind = v5KindOf(readingType, file);
  if (!kind) {
    return fatal(
      file,
      'unknown-reading-type',
      `${file} : le « reading_type » (${JSON.stringify(readingType)}) ne dit pas s’il s’agit d’une courbe de charge, de consommations quotidiennes ou de puissances maximales. Enregistrez la réponse complète de l’API, avec son « reading_type ».`,
    );
  }
  const direction = (asText(readingType.flow_direction) ?? '').toUpperCase();
  const production = direction.startsWith('PROD') || /production/i.test(file);
  const externalId = production ? `${prm.value}#PROD` : prm.value;
  const points: RawPoint[] = readings.map((entry, index) => {
    const reading = asObject(entry);
    const location: SourceLocation = {
      file,
      line: null,
      element: `/meter_reading/interval_reading[${index}]`,
      field: null,
    };
    return {
      stamp: asText(reading?.date) ?? '',
      value: reading ? asText(reading.value) : null,
      step: reading ? asText(reading.interval_length) : null,
      nature: reading ? asText(reading.measure_type) : null,
      correction: null,
      location,
      raw: null,
      source: entry,
    };
  });
  const unit = asText(readingType.unit);
  if (kind === 'curve') {
    const divisor = powerDivisor(unit ?? 'W');
    if (divisor === null) return unsupportedUnit(file, unit, 'W');
    // Without interval_length, the gap to the previous point gives the step (Linky: 10 to 60 min).
    convertCurve(
      { externalId, divisor, points },
      { convention: 'end', defaultStepSeconds: null, stepField: 'interval_length' },
      collector,
    );
  } else if (kind === 'daily') {
    const divisor = energyDivisor(unit ?? 'Wh');
    if (divisor === null) return unsupportedUnit(file, unit, 'Wh');
    convertDaily({ externalId, divisor, points }, collector);
  } else {
    const maxUnit = maxPowerUnit(unit ?? 'VA');
    if (maxUnit === null) return unsupportedUnit(file, unit, 'VA');
    convertMaxPowers({ externalId, unit: maxUnit, points }, collector);
  }
  return collector.finish();
}

function unsupportedUnit(file: string, unit: string | null, expected: string): ParseResult {
  return fatal(
    file,
    'unsupported-unit',
    `${file}, champ « reading_type.unit » : l’unité « ${unit ?? ''} » n’est pas prise en charge (attendu : ${expected}). Vérifiez que le fichier est une réponse brute de l’API Data Connect.`,
  );
}

/** Reads a saved Data Connect response. */
export function parseEnedisDataConnect(input: ParserInput): ParseResult {
  const file = input.fileName;
  if (binarySignature(input.bytes) !== null) {
    return fatal(
      file,
      'binary-file',
      `${file} : le fichier est compressé ; décompressez-le avant de l’importer.`,
    );
  }

  const decoded = decodeText(input.bytes);
  if (!decoded.ok) return fatal(file, 'unreadable-encoding', `${file} : ${decoded.reason}.`);
  let body: unknown;
  try {
    body = JSON.parse(decoded.text);
  } catch (error) {
    return fatal(
      file,
      'invalid-json',
      `${file} : le JSON est invalide ou tronqué (${(error as Error).message}). Enregistrez de nouveau la réponse complète de l’API.`,
    );
  }
  const root = asObject(body);
  if (!root) {
    return fatal(
      file,
      'not-dataconnect',
      `${file} : le JSON n’est pas un objet ; ce n’est pas une réponse de l’API Data Connect.`,
    );
  }

  const error = errorResult(file, root);
  if (error) return error;
  const envelope = asObject(root.meter_reading);
  if (envelope) return parseV5(file, envelope);
  if (root.idPrm !== undefined && Array.isArray(root.grandeur)) {
    const collector = new Collector(file, ENEDIS_DATACONNECT_FORMAT);
    // Data Connect serves Linky meters only, whose curve stamps are interval ends.
    readMeasureItem(root, '', null, collector, () => 'end');
    return collector.finish();
  }
  return fatal(
    file,
    'not-dataconnect',
    `${file} : le JSON n’a ni « meter_reading » (API v5) ni « idPrm » et « grandeur » (API 2026) ; ce n’est pas une réponse de l’API Data Connect. Pour une publication du SGE (R63 à R66), choisissez le format « enedis-m023 ».`,
  );
}

export const enedisDataConnectParser: FileParser<unknown> = {
  format: ENEDIS_DATACONNECT_FORMAT,
  label: 'Enedis Data Connect : réponse JSON de l’API (courbe, quotidien, puissance max)',
  needsMapping: false,
  detect: detectEnedisDataConnect,
  parse: async (input) => parseEnedisDataConnect(input),
};
