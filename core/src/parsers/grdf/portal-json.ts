/**
 * JSON of the GRDF customer portal ("consommations informatives" and "publiées"), keyed by PCE:
 * `{ "<PCE>": { "idPce": "<PCE>", "frequence": null, "releves": [ … ] } }`.
 *
 * Every `dateDebutReleve` and `dateFinReleve` of these files reads `T06:00:00+00:00`, in summer
 * as in winter, while GRDF's gas day starts at 06:00 Paris time (the ADICT API writes the same
 * boundaries `+01:00` or `+02:00`). The offset is therefore ignored: a boundary is 06:00 Paris time
 * on its date (see `readGasDayBoundary`). No warning is given, because every file of the portal
 * has this defect and the user can do nothing about it.
 */

import { emptyResult, errorIssue, fatalResult, warningIssue } from '../results.js';
import type { ParseResult, SourceLocation } from '../types.js';
import { readGasPeriod } from './gas-day.js';
import { describePlace, type GasPeriodRecord, GasReadingCollector } from './gas-readings.js';
import { asObject, asText, describeJson, readDecimal, readPce } from './values.js';

const PORTAL_PERIOD_FIELDS = { start: 'dateDebutReleve', end: 'dateFinReleve', gasDay: 'journeeGaziere' };
const NUMBER_FIELDS = [
  'volumeBrutConsomme',
  'energieConsomme',
  'coeffConversion',
  'pcs',
  'indexDebut',
  'indexFin',
] as const;

type RecordOutcome =
  | { ok: true; record: GasPeriodRecord }
  | { ok: false; field: string | null; reason: string };

function readRecord(value: unknown, pce: string, location: SourceLocation, raw: string): RecordOutcome {
  const releve = asObject(value);
  if (releve === null)
    return { ok: false, field: null, reason: `la valeur ${describeJson(value)} n’est pas un relevé` };
  const period = readGasPeriod(
    {
      start: asText(releve.dateDebutReleve),
      end: asText(releve.dateFinReleve),
      gasDay: asText(releve.journeeGaziere),
    },
    PORTAL_PERIOD_FIELDS,
  );
  if (!period.ok) return period;

  const numbers: Partial<Record<(typeof NUMBER_FIELDS)[number], number | null>> = {};
  for (const field of NUMBER_FIELDS) {
    const read = readDecimal(releve[field]);
    if (!read.ok) return { ok: false, field, reason: read.reason };
    numbers[field] = read.value;
  }
  return {
    ok: true,
    record: {
      pce,
      firstDay: period.firstDay,
      endDay: period.endDay,
      volumeM3: numbers.volumeBrutConsomme ?? null,
      energyKwh: numbers.energieConsomme ?? null,
      hasVolume: true,
      hasEnergy: true,
      coefficient: numbers.coeffConversion ?? null,
      pcsKwhPerM3: numbers.pcs ?? null,
      indexStart: numbers.indexDebut ?? null,
      indexEnd: numbers.indexFin ?? null,
      rollover: false,
      qualification: asText(releve.qualificationReleve),
      // The portal always qualifies its values; a record without a label is not trusted as measured.
      qualityWithoutLabel: 'estimated',
      location,
      volumeLocation: { ...location, field: 'volumeBrutConsomme' },
      energyLocation: { ...location, field: 'energieConsomme' },
      raw,
    },
  };
}

/** Lists the PCE entries of the file: the root's values, or the root itself when it is one entry. */
function entriesOf(root: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  if (Array.isArray(root.releves)) return [[asText(root.idPce) ?? '', root]];
  const entries: Array<[string, Record<string, unknown>]> = [];
  for (const [key, value] of Object.entries(root)) {
    const entry = asObject(value);
    if (entry !== null && Array.isArray(entry.releves)) entries.push([key, entry]);
  }
  return entries;
}

/** Reads the portal JSON text of a file named `file`. */
export function parsePortalJson(format: string, file: string, text: string): ParseResult {
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fatalResult(
      format,
      file,
      'invalid-json',
      `${file} : le fichier n’est pas un JSON valide (tronqué ou modifié ?). Téléchargez-le de nouveau depuis l’espace client GRDF.`,
    );
  }
  const object = asObject(root);
  const entries = object === null ? [] : entriesOf(object);
  if (entries.length === 0) {
    return fatalResult(
      format,
      file,
      'not-portal-json',
      `${file} : le fichier ne contient aucune liste « releves » par PCE. Ce n’est pas un export JSON des consommations de l’espace client GRDF ; vérifiez le fichier choisi.`,
    );
  }

  const result = emptyResult(format);
  const collector = new GasReadingCollector(file);
  for (const [key, entry] of entries) {
    const pathPrefix = key === '' ? '' : `/${key}`;
    const pce = readPce(entry.idPce ?? key);
    const releves = entry.releves as unknown[];
    if (!pce.ok) {
      result.recordsRead += releves.length;
      result.issues.push(
        errorIssue({
          file,
          element: `${pathPrefix}/idPce`,
          field: 'idPce',
          code: 'invalid-pce',
          message: `${file}, élément ${pathPrefix}/idPce : ${pce.reason}. Les ${releves.length} relevé(s) de cette entrée sont rejetés ; téléchargez de nouveau le fichier depuis l’espace client GRDF.`,
          raw: describeJson(entry.idPce ?? key),
        }),
      );
      continue;
    }
    if (pce.value.restoredZeros) {
      result.issues.push(
        warningIssue({
          file,
          element: `${pathPrefix}/idPce`,
          field: 'idPce',
          code: 'pce-leading-zeros',
          message: `${file} : le PCE ${pce.value.pce} était écrit comme un nombre, sans ses zéros initiaux ; ils ont été rétablis (14 chiffres). Vérifiez que ce PCE est le bon.`,
          raw: pce.value.pce,
        }),
      );
    }
    releves.forEach((releve, index) => {
      result.recordsRead += 1;
      const location: SourceLocation = {
        file,
        line: null,
        element: `${pathPrefix}/releves[${index + 1}]`,
        field: null,
      };
      const raw = JSON.stringify(releve) ?? String(releve);
      const read = readRecord(releve, pce.value.pce, location, raw);
      if (read.ok) {
        collector.add(read.record);
        return;
      }
      result.issues.push(
        errorIssue({
          file,
          element: location.element,
          field: read.field,
          code: 'invalid-record',
          message: `${describePlace(location)}${read.field === null ? '' : `, champ « ${read.field} »`} : ${read.reason}. Le relevé est rejeté ; téléchargez de nouveau le fichier depuis l’espace client GRDF.`,
          raw,
        }),
      );
    });
  }
  result.readings = collector.readings;
  result.gasConversions = collector.conversions;
  result.issues.push(...collector.summaryIssues());
  return result;
}
