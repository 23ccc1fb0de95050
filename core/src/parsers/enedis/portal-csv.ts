/**
 * The "Enedis_Conso_*" CSV downloads of the Enedis customer portal. A file stacks tables, possibly
 * without blank lines between them:
 * - a metadata table: the header `Identifiant PRM;Type de donnees;…` and one row;
 * - a data table: `Horodate;Valeur` for a load curve, `Horodate;Type de releve;EAS F1;…;EAS T`
 *   for daily indexes;
 * - for indexes, a calendar table (`Periode;…`) that names the tariff class of each cadran.
 * Stamps carry their offset, so autumn hours are unambiguous.
 */

import { errorIssue } from '../results.js';
import type { ParseResult, SourceLocation } from '../types.js';
import { checkPrm, energyDivisor, headerKey, powerDivisor, readSemicolonRecords } from './common.js';
import { classIndexId } from './r6x-json.js';
import { Collector, convertCurve, convertIndexes, type RawPoint, type RawSeries } from './series.js';
import { ParisSequence, readIsoStamp } from './time.js';

export const ENEDIS_PORTAL_FORMAT = 'enedis-portal';

interface CsvRow {
  line: number;
  fields: string[];
  raw: string;
}

interface Block {
  metaLine: number;
  meta: Map<string, string>;
  metaRaw: string;
  dataHeader: CsvRow | null;
  rows: CsvRow[];
}

/** One row of the calendar table: which tariff class each cadran counts during a period. */
interface CalendarPeriod {
  from: number;
  /** Exclusive end; null for the open period still in force. */
  to: number | null;
  /** Cadran (`EAS F1`, `EAS D2`) → class code and grid. */
  classes: Map<string, { classId: string; distributor: boolean }>;
}

const CADRAN = /^EAS\s*([FD])\s*(\d{1,2})$/i;
const PERIOD = /^Du\s+(\S+)\s+au(?:\s+(\S+))?\s*$/i;
const UNKNOWN_CALENDAR = 'INCONNU';

/** `EAS F1` written the same way whatever the spacing or case of the file. */
function cadranKey(text: string): string | null {
  const match = CADRAN.exec(text.trim());
  return match ? `EAS ${(match[1] as string).toUpperCase()}${Number(match[2])}` : null;
}

function instantOfText(text: string | undefined, sequence: ParisSequence): number | null {
  const stamp = readIsoStamp(text ?? '');
  return stamp ? sequence.instantOf(stamp) : null;
}

/**
 * Reads a calendar row. The header names only some of the columns (« labels that lie »). A row
 * contains the supplier calendar: code, label, then class code, class label and cadran for
 * F1…F10. The distributor calendar follows: code, label, then the same triples for D1…D4. Each
 * cadran is therefore read with the two fields before it.
 */
function readPeriod(row: CsvRow, collector: Collector): CalendarPeriod | null {
  const match = PERIOD.exec((row.fields[0] ?? '').trim());
  const sequence = new ParisSequence();
  const from = match ? instantOfText(match[1], sequence) : null;
  const to = match?.[2] ? instantOfText(match[2], sequence) : null;
  if (!match || from === null || (match[2] && to === null)) {
    collector.reject(
      { file: collector.file, line: row.line, element: null, field: 'Periode' },
      'invalid-period',
      `« ${row.fields[0] ?? ''} » n’est pas une période « Du <date> au <date> »`,
      'La période est ignorée ; les index qu’elle couvre ne sont importés qu’en total (EAS T).',
      row.raw,
    );
    return null;
  }
  const classes = new Map<string, { classId: string; distributor: boolean }>();
  const supplierCalendar = (row.fields[1] ?? '').trim().toUpperCase();
  let distributorCalendar: string | null = null;
  row.fields.forEach((field, index) => {
    const cadran = cadranKey(field);
    if (!cadran || index < 2) return;
    const distributor = cadran.startsWith('EAS D');
    if (distributor && distributorCalendar === null) {
      distributorCalendar = (row.fields[index - 4] ?? '').trim().toUpperCase();
    }
    const calendar = distributor ? distributorCalendar : supplierCalendar;
    const classId = (row.fields[index - 2] ?? '').trim();
    if (classId === '' || calendar === UNKNOWN_CALENDAR || classId.toUpperCase() === UNKNOWN_CALENDAR) return;
    classes.set(cadran, { classId, distributor });
  });
  return { from, to, classes };
}

function periodAt(periods: readonly CalendarPeriod[], instant: number): CalendarPeriod | null {
  for (const period of periods) {
    if (instant >= period.from && (period.to === null || instant < period.to)) return period;
  }
  return null;
}

/** Splits the file into metadata blocks with their data rows, and the calendar periods. */
function readTables(
  rows: readonly CsvRow[],
  collector: Collector,
): { blocks: Block[]; periods: CalendarPeriod[] } {
  const blocks: Block[] = [];
  const periods: CalendarPeriod[] = [];
  let metaHeader: string[] | null = null;
  let state: 'none' | 'meta' | 'data' | 'periods' = 'none';
  let ignored = 0;
  for (const row of rows) {
    if (row.raw.trim() === '' || row.fields.every((field) => field.trim() === '')) {
      if (state === 'data') state = 'none';
      continue;
    }
    const first = headerKey(row.fields[0] ?? '');
    if (first === 'identifiant prm') {
      metaHeader = row.fields.map(headerKey);
      state = 'meta';
      continue;
    }
    if (state === 'meta' && metaHeader) {
      const meta = new Map<string, string>();
      metaHeader.forEach((key, index) => {
        meta.set(key, (row.fields[index] ?? '').trim());
      });
      blocks.push({ metaLine: row.line, meta, metaRaw: row.raw, dataHeader: null, rows: [] });
      state = 'none';
      continue;
    }
    if (first === 'horodate' && blocks.length > 0) {
      (blocks[blocks.length - 1] as Block).dataHeader = row;
      state = 'data';
      continue;
    }
    if (first === 'periode') {
      state = 'periods';
      continue;
    }
    if (state === 'data') (blocks[blocks.length - 1] as Block).rows.push(row);
    else if (state === 'periods') {
      const period = readPeriod(row, collector);
      if (period) periods.push(period);
    } else ignored += 1;
  }
  if (ignored > 0) {
    collector.warn(
      'ignored-rows',
      `${collector.file} : ${ignored} ligne(s) hors des tableaux (métadonnées, données, périodes) ont été ignorées. Vérifiez que le fichier n’a pas été modifié à la main.`,
    );
  }
  return { blocks, periods };
}

function rejectBlock(block: Block, collector: Collector, code: string, reason: string, action: string): void {
  collector.result.recordsRead += block.rows.length;
  collector.reject(
    { file: collector.file, line: block.metaLine, element: null, field: null },
    code,
    reason,
    action,
    block.metaRaw,
  );
}

function readCurveBlock(block: Block, externalId: string, collector: Collector): void {
  const unit = block.meta.get('unite') ?? '';
  const divisor = powerDivisor(unit);
  if (divisor === null) {
    rejectBlock(
      block,
      collector,
      'unsupported-unit',
      `l’unité « ${unit} » d’une courbe de charge n’est pas W ni kW`,
      'Les lignes de ce tableau sont rejetées.',
    );
    return;
  }
  const declared = Number(block.meta.get('pas minutes') ?? '');
  const points: RawPoint[] = block.rows.map((row) => ({
    stamp: row.fields[0] ?? '',
    value: (row.fields[1] ?? '').trim() === '' ? null : (row.fields[1] as string),
    step: null,
    nature: null,
    correction: null,
    location: { file: collector.file, line: row.line, element: null, field: 'Valeur' },
    raw: row.raw,
  }));
  // Steps change inside a curve (10, 15, 30, 60 min), so each point's step is the gap to the
  // previous point. An isolated point uses the declared step, or 30 min, the portal's usual step.
  convertCurve(
    { externalId, divisor, points },
    {
      convention: 'end',
      defaultStepSeconds: Number.isInteger(declared) && declared > 0 ? declared * 60 : 1800,
    },
    collector,
  );
}

function readIndexBlock(
  block: Block,
  prm: string,
  periods: readonly CalendarPeriod[],
  collector: Collector,
): void {
  const unit = block.meta.get('unite') ?? '';
  const divisor = energyDivisor(unit);
  const header = block.dataHeader as CsvRow;
  const cadrans = header.fields.map((name) => cadranKey(name));
  const totalColumn = header.fields.findIndex((name) => headerKey(name) === 'eas t');
  if (divisor === null || totalColumn < 0) {
    rejectBlock(
      block,
      collector,
      divisor === null ? 'unsupported-unit' : 'missing-column',
      divisor === null
        ? `l’unité « ${unit} » d’un export d’index n’est pas Wh ni kWh`
        : 'le tableau d’index n’a pas de colonne « EAS T » (index total de l’énergie soutirée)',
      'Les lignes de ce tableau sont rejetées.',
    );
    return;
  }
  const series = new Map<string, RawSeries>();
  const push = (externalId: string, point: RawPoint): void => {
    let entry = series.get(externalId);
    if (!entry) {
      entry = { externalId, divisor, points: [] };
      series.set(externalId, entry);
    }
    entry.points.push(point);
  };
  const sequence = new ParisSequence();
  let unmapped = 0;
  for (const row of block.rows) {
    const stampText = row.fields[0] ?? '';
    const instant = instantOfText(stampText, sequence);
    const pointAt = (column: number, field: string): RawPoint => {
      const text = (row.fields[column] ?? '').trim();
      return {
        stamp: stampText,
        value: text === '' ? null : text,
        step: null,
        nature: null,
        correction: null,
        location: { file: collector.file, line: row.line, element: null, field } satisfies SourceLocation,
        raw: row.raw,
      };
    };
    push(prm, pointAt(totalColumn, header.fields[totalColumn] as string));
    if (instant === null) continue;
    const period = periodAt(periods, instant);
    cadrans.forEach((cadran, column) => {
      if (!cadran) return;
      const mapped = period?.classes.get(cadran);
      const text = (row.fields[column] ?? '').trim();
      if (!mapped) {
        if (text !== '') unmapped += 1;
        return;
      }
      push(
        classIndexId(prm, null, mapped.classId, mapped.distributor),
        pointAt(column, header.fields[column] as string),
      );
    });
  }
  if (unmapped > 0) {
    collector.warn(
      'unmapped-cadran',
      `${collector.file} : ${unmapped} valeur(s) de cadran (EAS F…, EAS D…) tombent dans une période dont le calendrier est inconnu (« INCONNU » ou absent du tableau « Periode ») ; elles ne sont pas importées par classe temporelle. L’index total (EAS T) de ces jours est importé.`,
    );
  }
  for (const entry of series.values()) convertIndexes(entry, collector);
}

/** Reads a portal CSV download (load curve or daily indexes). */
export function parsePortalCsv(file: string, text: string): ParseResult {
  const collector = new Collector(file, ENEDIS_PORTAL_FORMAT);
  const rows = readSemicolonRecords(text);
  const { blocks, periods } = readTables(rows, collector);
  if (blocks.length === 0) {
    collector.result.fatal = errorIssue({
      file,
      code: 'header-not-found',
      message: `${file} : la ligne « Identifiant PRM;Type de donnees;… » des exports du portail Enedis est introuvable. Téléchargez de nouveau le fichier depuis l’espace client Enedis, sans l’ouvrir dans Excel.`,
    });
    collector.result.issues = [];
    return collector.result;
  }
  for (const block of blocks) {
    const prm = checkPrm(block.meta.get('identifiant prm') ?? '');
    if (!prm.ok) {
      rejectBlock(block, collector, 'invalid-prm', prm.reason, 'Les lignes de ce tableau sont rejetées.');
      continue;
    }
    if (!block.dataHeader) {
      collector.reject(
        { file, line: block.metaLine, element: null, field: null },
        'missing-data',
        'les métadonnées ne sont suivies d’aucun tableau « Horodate;… »',
        'Aucune mesure n’est importée pour ce PRM ; téléchargez de nouveau le fichier.',
        block.metaRaw,
      );
      continue;
    }
    const type = headerKey(block.meta.get('type donnees') ?? '');
    const production = headerKey(block.meta.get('grandeur metier') ?? '').startsWith('production');
    if (type === 'courbe charge') {
      readCurveBlock(block, production ? `${prm.value}#PROD` : prm.value, collector);
    } else if (type === 'index' && !production) {
      readIndexBlock(block, prm.value, periods, collector);
    } else {
      rejectBlock(
        block,
        collector,
        'unsupported-data-type',
        `le type de données « ${block.meta.get('type donnees') ?? ''} »${production ? ' en production' : ''} n’est pas lu par la plateforme`,
        'Téléchargez la courbe de charge ou les index quotidiens de consommation, ou utilisez l’export Excel des consommations quotidiennes.',
      );
    }
  }
  return collector.finish();
}
