/**
 * Enedis SGE flow C68: technical and contractual data of delivery points (response to an "ITC"
 * request), as JSON (an array with one object per PRM) or as `;`-separated CSV (one line per PRM).
 * The parser keeps only the facts the platform stores: segment, start of the current contractual
 * situation, subscribed powers in kVA, network tariff formula (FTA) and meter serial number.
 *
 * C68 files carry personal data (client names, addresses, phone numbers, e-mails). None of it is
 * copied into the result: issues quote only the value at fault, never a whole object or CSV line.
 * Structure: Enedis guide SGE.GUI.0504 v1.2.0 and JSON Schema SGE.JSON.0514 v1.2.0.
 */

import { normaliseDeliveryPointIdentifier } from '../../metering/identifiers.js';
import { parseFrenchDate, parseFrenchNumber } from '../../spreadsheet/french-values.js';
import { normaliseLabel } from '../../spreadsheet/labels.js';
import { emptyResult, errorIssue, fatalResult, placeOf, warningIssue } from '../results.js';
import { binarySignature, decodeText, readCsvRecords, splitLines } from '../text.js';
import type { DeliveryPointFacts, DetectInput, FileParser, ParseResult, ParserInput } from '../types.js';
import { isPrm, readIsoDate } from './common.js';

export const ENEDIS_C68_FORMAT = 'enedis-c68';

/** First two columns of the CSV layout, as the guide writes them. */
const CSV_HEADER_START = /^\uFEFF?"?PRM"?;"?Esc-etage-appt"?(?:;|$)/i;

/**
 * Confidence that a file is a C68: the JSON keys `idPrm` and `situationsContractuelles`, or the
 * CSV header starting `PRM;Esc-etage-appt`, make it certain.
 */
export function detectEnedisC68(input: DetectInput): number {
  if (binarySignature(input.headBytes) !== null) return 0;
  const head = input.head.replace(/^\uFEFF/, '');
  const trimmed = head.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const hasPrm = /"idPrm"\s*:/.test(head);
    if (hasPrm && /"situationsContractuelles"\s*:/.test(head)) return 1;
    if (hasPrm) return 0.6;
    return 0;
  }
  const firstLine = splitLines(head.slice(0, 4096))[0]?.text ?? '';
  if (CSV_HEADER_START.test(firstLine)) return 1;
  return 0;
}

type Json = unknown;

function objectOf(value: Json): Record<string, Json> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Json>)
    : null;
}

function arrayOf(value: Json): Json[] {
  return Array.isArray(value) ? value : [];
}

function textOf(value: Json): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function at(value: Json, ...keys: string[]): Json {
  let current: Json = value;
  for (const key of keys) {
    const object = objectOf(current);
    if (object === null) return undefined;
    current = object[key];
  }
  return current;
}

/**
 * Divisor from a power unit to kVA. NOTE: a kW is counted as a kVA (power factor 1), on the
 * assumption that a subscribed power labelled kW is the contracted kVA value.
 */
const POWER_UNITS: Record<string, number> = { w: 1000, va: 1000, kw: 1, kva: 1 };

type PowerOutcome = { ok: true; kva: number } | { ok: false; reason: string };

function powerInKva(valueText: string | null, unitText: string | null): PowerOutcome {
  if (valueText === null) return { ok: false, reason: 'la valeur de la puissance est vide' };
  const number = parseFrenchNumber(valueText);
  if (!number.ok || number.value.value < 0)
    return { ok: false, reason: `« ${valueText} » n’est pas une puissance positive` };
  const unit = (unitText ?? 'kVA').trim();
  const divisor = POWER_UNITS[unit.toLowerCase()];
  if (divisor === undefined)
    return { ok: false, reason: `l’unité « ${unit} » n’est pas une unité de puissance (W, kW, VA ou kVA)` };
  return { ok: true, kva: number.value.value / divisor };
}

/** Date part of a `dateDebut`, which the flow writes as a date or a date-time. */
function dateOf(text: string | null): string | null {
  if (text === null) return null;
  return readIsoDate(text.slice(0, 10));
}

/**
 * Returns the current contractual situation, the one with the latest `dateDebut`. Undated entries
 * count as the oldest, and the first entry wins a tie.
 */
function currentSituation(situations: Json[]): { index: number; situation: Record<string, Json> } | null {
  let best: { index: number; situation: Record<string, Json>; date: string } | null = null;
  situations.forEach((entry, index) => {
    const situation = objectOf(entry);
    if (situation === null) return;
    const date = dateOf(textOf(situation.dateDebut)) ?? '';
    if (best === null || date > best.date) best = { index, situation, date };
  });
  return best;
}

function readJsonPowers(
  structure: Json,
  pointer: string,
  file: string,
  result: ParseResult,
): DeliveryPointFacts['subscribedPowers'] {
  const powers: DeliveryPointFacts['subscribedPowers'] = [];
  const addPower = (period: string | null, power: Json, powerPointer: string) => {
    const outcome = powerInKva(textOf(at(power, 'valeur')), textOf(at(power, 'unite')));
    if (outcome.ok) {
      powers.push({ period, kva: outcome.kva });
      return;
    }
    result.issues.push(
      errorIssue({
        file,
        element: powerPointer,
        field: 'valeur',
        code: 'invalid-power',
        message: `${file}, ${powerPointer} : ${outcome.reason}. Cette puissance souscrite n’est pas importée ; corrigez-la sur la fiche du point de livraison.`,
        raw: JSON.stringify({ valeur: at(power, 'valeur') ?? null, unite: at(power, 'unite') ?? null }),
      }),
    );
  };
  arrayOf(at(structure, 'grilleTurpe', 'classesTemporelles')).forEach((timeClass, index) => {
    const power = at(timeClass, 'puissance');
    if (objectOf(power) === null) return;
    const code = textOf(at(timeClass, 'code'));
    addPower(
      code === null ? null : code.toUpperCase(),
      power,
      `${pointer}/grilleTurpe/classesTemporelles/${index}/puissance`,
    );
  });
  const single = at(structure, 'puissanceSouscrite');
  if (powers.length === 0 && objectOf(single) !== null)
    addPower(null, single, `${pointer}/puissanceSouscrite`);
  return powers;
}

function invalidPrmIssue(file: string, element: string | null, line: number | null, prm: string) {
  const place = element !== null ? `${file}, ${element}` : placeOf(file, line, 'PRM');
  return errorIssue({
    file,
    line,
    element,
    field: element !== null ? 'idPrm' : 'PRM',
    code: 'invalid-prm',
    message: `${place} : l’identifiant de PRM « ${prm} » n’a pas 14 chiffres. Le point est ignoré ; vérifiez le fichier.`,
    raw: prm,
  });
}

function parseC68Json(file: string, text: string): ParseResult {
  const format = ENEDIS_C68_FORMAT;
  let document: Json;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // The engine's message quotes the text around the fault, which may contain personal data, so
    // only the position is kept.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? null : text.slice(0, Number(position)).split('\n').length;
    return fatalResult(
      format,
      file,
      'invalid-json',
      `${file}${line === null ? '' : `, ligne ${line}`} : le JSON est mal formé. Téléchargez de nouveau le fichier C68.`,
    );
  }
  // The schema makes the file an array; a single PRM object is accepted as well.
  const points = Array.isArray(document) ? document : objectOf(document) !== null ? [document] : null;
  if (points === null) {
    return fatalResult(
      format,
      file,
      'unexpected-json',
      `${file} : le JSON n’est ni une liste de points de livraison ni un point de livraison. Ce n’est pas un flux C68 ; choisissez le format correspondant au fichier.`,
    );
  }

  const result = emptyResult(format);
  result.publication = null;
  const facts: DeliveryPointFacts[] = [];
  points.forEach((point, index) => {
    const pointer = `/${index}`;
    result.recordsRead += 1;
    const prm = textOf(at(point, 'idPrm'));
    if (!isPrm(prm ?? undefined)) {
      result.issues.push(invalidPrmIssue(file, `${pointer}/idPrm`, null, prm ?? ''));
      return;
    }
    const current = currentSituation(arrayOf(at(point, 'situationsContractuelles')));
    const situationPointer = current ? `${pointer}/situationsContractuelles/${current.index}` : null;
    const structure = current ? current.situation.structureTarifaire : undefined;
    const meter = objectOf(arrayOf(at(point, 'situationComptage', 'compteurs'))[0]);
    const tariffCode = textOf(at(structure, 'formuleTarifaireAcheminement', 'code'));

    facts.push({
      identifier: prm as string,
      segment: current ? (textOf(current.situation.segment)?.toUpperCase() ?? null) : null,
      validFrom: current ? dateOf(textOf(current.situation.dateDebut)) : null,
      subscribedPowers:
        situationPointer !== null
          ? readJsonPowers(structure, `${situationPointer}/structureTarifaire`, file, result)
          : [],
      tariffCode: tariffCode?.toUpperCase() ?? null,
      meterSerial: meter ? (textOf(meter.numeroSerie) ?? textOf(meter.matricule)) : null,
      location: { file, line: null, element: pointer, field: null },
    });
  });
  result.deliveryPointFacts = facts;
  return result;
}

/** Columns the CSV parser reads, found by normalised label. */
interface CsvColumns {
  prm: number;
  segment: number | null;
  validFrom: number | null;
  tariffCode: number | null;
  meterSerial: number | null;
  meterNumber: number | null;
  powers: Array<{ index: number; period: string | null; unit: string | null }>;
}

const POWER_LABEL = /^\s*puissance\s+souscrite\b\s*(.*)$/i;
const UNIT_IN_LABEL = /\(\s*(k?VA|k?W)\s*\)/i;

/**
 * Finds the columns by label. The guide lists `PRM`, `Matricule du compteur` and `Numero de serie
 * du compteur`; the other labels are matched by their leading words.
 */
function csvColumns(header: readonly string[]): CsvColumns | null {
  const normalised = header.map((label) => normaliseLabel(label));
  const find = (test: (label: string) => boolean): number | null => {
    const index = normalised.findIndex(test);
    return index < 0 ? null : index;
  };
  const prm = find((label) => label === 'prm');
  if (prm === null) return null;
  const powers: CsvColumns['powers'] = [];
  header.forEach((label, index) => {
    const match = POWER_LABEL.exec(label);
    if (!match) return;
    const unit = UNIT_IN_LABEL.exec(label)?.[1] ?? null;
    const rest = (match[1] ?? '').replace(UNIT_IN_LABEL, '').replace(/^[\s:-]+|[\s:-]+$/g, '');
    powers.push({ index, period: rest === '' ? null : rest.toUpperCase(), unit });
  });
  return {
    prm,
    // NOTE: the guide excerpt the parser was built from lists only some CSV labels. The labels
    // below are assumptions matched by their leading words, to check on a real C68 CSV.
    segment: find((label) => label === 'segment' || label.startsWith('segment')),
    validFrom: find((label) => label.startsWith('datededebut') || label.startsWith('datedebut')),
    tariffCode: find((label) => label.includes('formuletarifaireacheminement') || label === 'fta'),
    meterSerial: find((label) => label === 'numerodeserieducompteur'),
    meterNumber: find((label) => label === 'matriculeducompteur'),
    powers,
  };
}

function cell(fields: readonly string[], index: number | null): string | null {
  if (index === null) return null;
  const text = (fields[index] ?? '').trim();
  return text === '' ? null : text;
}

function parseC68Csv(file: string, text: string): ParseResult {
  const format = ENEDIS_C68_FORMAT;
  const records = readCsvRecords(text, ';');
  const header = records[0];
  const columns = header ? csvColumns(header.fields) : null;
  if (!header || columns === null) {
    return fatalResult(
      format,
      file,
      'header-not-found',
      `${file} : la ligne 1 ne contient pas de colonne « PRM ». Ce n’est pas un flux C68 au format CSV ; choisissez le format correspondant au fichier.`,
    );
  }
  const result = emptyResult(format);
  result.publication = null;
  const facts: DeliveryPointFacts[] = [];
  for (const record of records.slice(1)) {
    if (record.raw.trim() === '') continue;
    result.recordsRead += 1;
    if (record.fields.length !== header.fields.length) {
      // The line is not quoted, because a shifted line may put a name or an address in any column.
      result.issues.push(
        errorIssue({
          file,
          line: record.line,
          code: 'column-count',
          message: `${placeOf(file, record.line, null)} : la ligne a ${record.fields.length} colonne(s) au lieu de ${header.fields.length}. Elle est rejetée ; téléchargez de nouveau le fichier C68.`,
        }),
      );
      continue;
    }
    const rawPrm = cell(record.fields, columns.prm) ?? '';
    const prm = normaliseDeliveryPointIdentifier('electricity', rawPrm);
    if (!isPrm(prm)) {
      result.issues.push(invalidPrmIssue(file, null, record.line, rawPrm));
      continue;
    }
    const subscribedPowers: DeliveryPointFacts['subscribedPowers'] = [];
    for (const column of columns.powers) {
      const valueText = cell(record.fields, column.index);
      if (valueText === null) continue;
      const withUnit = /^\s*([\d\s.,]+?)\s*(k?VA|k?W)\s*$/i.exec(valueText);
      const outcome = withUnit
        ? powerInKva(withUnit[1] ?? null, withUnit[2] ?? null)
        : powerInKva(valueText, column.unit);
      if (outcome.ok) {
        subscribedPowers.push({ period: column.period, kva: outcome.kva });
        continue;
      }
      const label = header.fields[column.index] ?? '';
      result.issues.push(
        errorIssue({
          file,
          line: record.line,
          field: label,
          code: 'invalid-power',
          message: `${placeOf(file, record.line, label)} : ${outcome.reason}. Cette puissance souscrite n’est pas importée ; corrigez-la sur la fiche du point de livraison.`,
          raw: valueText,
        }),
      );
    }
    const dateText = cell(record.fields, columns.validFrom);
    let validFrom: string | null = null;
    if (dateText !== null) {
      const parsed = parseFrenchDate(dateText);
      if (parsed.ok) validFrom = parsed.value;
      else {
        const label = header.fields[columns.validFrom as number] ?? '';
        result.issues.push(
          warningIssue({
            file,
            line: record.line,
            field: label,
            code: 'invalid-date',
            message: `${placeOf(file, record.line, label)} : ${parsed.reason}. La date de début de la situation contractuelle est laissée vide ; vérifiez le fichier.`,
            raw: dateText,
          }),
        );
      }
    }
    facts.push({
      identifier: prm,
      segment: cell(record.fields, columns.segment)?.toUpperCase() ?? null,
      validFrom,
      subscribedPowers,
      tariffCode: cell(record.fields, columns.tariffCode)?.toUpperCase() ?? null,
      meterSerial: cell(record.fields, columns.meterSerial) ?? cell(record.fields, columns.meterNumber),
      location: { file, line: record.line, element: null, field: null },
    });
  }
  result.deliveryPointFacts = facts;
  return result;
}

/** Reads a C68 file (JSON or CSV) into one `DeliveryPointFacts` per PRM. */
export function parseEnedisC68(input: ParserInput): ParseResult {
  const file = input.fileName;
  const signature = binarySignature(input.bytes);
  if (signature !== null) {
    return fatalResult(
      ENEDIS_C68_FORMAT,
      file,
      'binary-file',
      `${file} : le fichier est une archive (${signature}). Déposez l’archive C68 telle que reçue d’Enedis : la plateforme l’ouvre et lit chaque fichier qu’elle contient.`,
    );
  }
  const decoded = decodeText(input.bytes);
  if (!decoded.ok)
    return fatalResult(ENEDIS_C68_FORMAT, file, 'unreadable-encoding', `${file} : ${decoded.reason}.`);
  const text = decoded.text;
  const start = text.trimStart()[0];
  if (start === '[' || start === '{') return parseC68Json(file, text);
  if (text.trim() === '') {
    return fatalResult(
      ENEDIS_C68_FORMAT,
      file,
      'empty-file',
      `${file} : le fichier est vide. Téléchargez de nouveau le fichier C68.`,
    );
  }
  return parseC68Csv(file, text);
}

export const enedisC68Parser: FileParser<unknown> = {
  format: ENEDIS_C68_FORMAT,
  label: 'Enedis SGE C68, données techniques et contractuelles (JSON ou CSV)',
  needsMapping: false,
  detect: detectEnedisC68,
  parse: async (input) => parseEnedisC68(input),
};
